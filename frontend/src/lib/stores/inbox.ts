// The ticket list: the current view, its rows and the keyboard selection.
import { get, writable, type Readable } from 'svelte/store';
import { toApiError, type ApiError, type DeskApi, type Ticket, type View } from '../api';

export interface InboxState {
  view: View;
  tickets: Ticket[];
  selected: number;
  loading: boolean;
  error: ApiError | null;
}

export interface InboxStore extends Readable<InboxState> {
  load(view?: View): Promise<void>;
  /** refresh reloads the current view quietly after the replica changed. */
  refresh(): Promise<void>;
  move(delta: number): void;
  select(index: number): void;
  current(): Ticket | null;
  /** upsert replaces a row after an event, keeping the selection on it. */
  upsert(t: Ticket): void;
}

export const VIEWS: { id: View; label: string }[] = [
  { id: 'open', label: 'All open' },
  { id: 'mine', label: 'Mine' },
  { id: 'unassigned', label: 'Unassigned' },
  { id: 'pending', label: 'Pending' },
  { id: 'resolved', label: 'Resolved' },
  { id: 'live', label: 'Live chats' },
  { id: 'handoff', label: 'Handed over' },
];

/** waited says how long a handed-over conversation has waited ("4m", "1h 5m"). */
export function waited(iso: string | undefined, now: number = Date.now()): string {
  const t = Date.parse(iso ?? '');
  if (Number.isNaN(t)) return '';
  const m = Math.max(0, Math.floor((now - t) / 60_000));
  if (m < 1) return 'under 1m';
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
}

export function createInboxStore(api: DeskApi): InboxStore {
  const store = writable<InboxState>({ view: 'open', tickets: [], selected: 0, loading: false, error: null });
  const { subscribe, update } = store;
  let generation = 0;

  return {
    subscribe,

    async load(view) {
      const target = view ?? get(store).view;
      const gen = ++generation;
      const keepId = target === get(store).view ? get(store).tickets[get(store).selected]?.id : undefined;
      update((s) => ({ ...s, view: target, loading: true, error: null }));
      try {
        const tickets = await api.listTickets(target);
        if (gen !== generation) return; // a newer load won
        const kept = keepId ? tickets.findIndex((t) => t.id === keepId) : -1;
        update((s) => ({ ...s, tickets, loading: false, selected: kept >= 0 ? kept : 0 }));
      } catch (e) {
        if (gen !== generation) return;
        update((s) => ({ ...s, loading: false, error: toApiError(e) }));
      }
    },

    async refresh() {
      const s0 = get(store);
      if (s0.loading) return;
      const gen = ++generation;
      const keepId = s0.tickets[s0.selected]?.id;
      try {
        const tickets = await api.listTickets(s0.view);
        if (gen !== generation) return;
        const kept = keepId ? tickets.findIndex((t) => t.id === keepId) : -1;
        update((s) => ({ ...s, tickets, error: null, selected: kept >= 0 ? kept : Math.min(s.selected, Math.max(0, tickets.length - 1)) }));
      } catch (e) {
        if (gen !== generation) return;
        update((s) => ({ ...s, error: toApiError(e) }));
      }
    },

    move(delta) {
      update((s) => {
        if (s.tickets.length === 0) return s;
        const selected = Math.min(s.tickets.length - 1, Math.max(0, s.selected + delta));
        return { ...s, selected };
      });
    },

    select(index) {
      update((s) => ({ ...s, selected: Math.min(Math.max(0, index), Math.max(0, s.tickets.length - 1)) }));
    },

    current() {
      const s = get(store);
      return s.tickets[s.selected] ?? null;
    },

    upsert(t) {
      update((s) => {
        const i = s.tickets.findIndex((x) => x.id === t.id);
        if (i < 0) return s;
        const tickets = [...s.tickets];
        tickets[i] = t;
        return { ...s, tickets };
      });
    },
  };
}
