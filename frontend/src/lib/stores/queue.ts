// The live queue's counts for the inbox tabs ("Live chats", "Handed over"),
// and the alert when a conversation newly reaches HANDOFF through sync.
import { writable, type Readable } from 'svelte/store';
import type { DeskApi, Queue, Ticket } from '../api';
import type { Alerter } from '../alert';

export interface QueueState {
  live: number;
  handoff: number;
}

export interface QueueStore extends Readable<QueueState> {
  /** refresh asks for the counts (after sign-in, on view changes). */
  refresh(): Promise<void>;
  /** apply takes a queue:changed event; new handovers raise an alert. */
  apply(q: Queue): void;
  reset(): void;
}

/** handoverAlert is the alert's title and text for newly handed-over conversations. */
export function handoverAlert(ts: Ticket[]): { title: string; body: string } {
  if (ts.length === 1) {
    const t = ts[0];
    const why = t.handoverReason ? ` — ${t.handoverReason}` : '';
    return { title: 'Handed over to you', body: `#${t.number} ${t.subject} (${t.customerName || 'a customer'})${why}` };
  }
  return { title: `${ts.length} conversations handed over`, body: ts.map((t) => `#${t.number} ${t.subject}`).join(', ') };
}

/**
 * queueViewTitle names an inbox view in the window title; the live-queue
 * views carry their count ("handoff 3"), which the Xvfb test waits on.
 */
export function queueViewTitle(view: string, q: QueueState): string {
  if (view === 'live') return `live ${q.live}`;
  if (view === 'handoff') return `handoff ${q.handoff}`;
  return view;
}

export function createQueueStore(api: DeskApi, alerter: Alerter): QueueStore {
  const { subscribe, set } = writable<QueueState>({ live: 0, handoff: 0 });
  return {
    subscribe,

    async refresh() {
      try {
        const q = await api.queue();
        set({ live: q.live, handoff: q.handoff });
      } catch {
        // Not signed in yet; the next queue:changed event fills it in.
      }
    },

    apply(q) {
      set({ live: q.live, handoff: q.handoff });
      if (q.new && q.new.length > 0) {
        const { title, body } = handoverAlert(q.new);
        void alerter.alert(title, body);
      }
    },

    reset() {
      set({ live: 0, handoff: 0 });
    },
  };
}
