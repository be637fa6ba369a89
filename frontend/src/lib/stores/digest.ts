// "What changed while you were away": after the desk catches up following
// a gap (offline, or the app just started), the digest compares the replica
// with the snapshot saved when the agent last dismissed it.
import { writable, type Readable } from 'svelte/store';
import type { SyncStatus } from '../api';
import type { Digest, InboxPowerApi } from '../api/inboxpower';

export interface DigestState {
  digest: Digest | null;
  /** open: the panel is showing (there is something to show). */
  open: boolean;
}

export interface DigestStore extends Readable<DigestState> {
  /** noteSync takes every sync status; a catch-up after a gap checks the digest. */
  noteSync(s: SyncStatus): void;
  check(): Promise<void>;
  dismiss(): Promise<void>;
  /** hide closes the panel without taking a new baseline (it shows again after the next gap). */
  hide(): void;
  reset(): void;
}

export function createDigestStore(api: InboxPowerApi): DigestStore {
  const { subscribe, set, update } = writable<DigestState>({ digest: null, open: false });
  // gap: the desk has not yet caught up since it started or went offline.
  let gap = true;
  const self: DigestStore = {
    subscribe,
    noteSync(s) {
      if (!s.online) {
        gap = true;
        return;
      }
      if (gap && !s.initialSync) {
        gap = false;
        void self.check();
      }
    },
    async check() {
      try {
        const digest = await api.digest.get();
        set({ digest, open: digest.total > 0 });
      } catch {
        // Not signed in: the next catch-up checks again.
      }
    },
    async dismiss() {
      update((s) => ({ ...s, open: false }));
      try {
        await api.digest.dismiss();
      } catch {
        // The snapshot stays old: the same changes show after the next gap.
      }
    },
    hide() {
      update((s) => ({ ...s, open: false }));
    },
    reset() {
      gap = true;
      set({ digest: null, open: false });
    },
  };
  return self;
}

/** digestSections names the digest's non-empty sections in display order. */
export function digestSections(d: Digest): { key: keyof Digest; title: string; items: Digest['newTickets'] }[] {
  const all = [
    { key: 'assignedToMe' as const, title: 'Assigned to you', items: d.assignedToMe },
    { key: 'customerReplies' as const, title: 'Customer replies on your tickets', items: d.customerReplies },
    { key: 'handovers' as const, title: 'Handed over by the bot', items: d.handovers },
    { key: 'newTickets' as const, title: 'New tickets', items: d.newTickets },
    { key: 'statusChanges' as const, title: 'Status changes', items: d.statusChanges },
  ];
  return all.filter((s) => s.items.length > 0);
}
