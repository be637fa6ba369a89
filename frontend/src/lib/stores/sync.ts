// The status line and the "Needs attention" panel: online or offline, what
// is waiting to sync, what the server refused or held, and how far the
// local replica has synced.
import { get, writable, type Readable } from 'svelte/store';
import { toApiError, type Attention, type DeskApi, type SyncStatus } from '../api';

export interface SyncState {
  status: SyncStatus | null;
  /** panel: the "Needs attention" list is open. */
  panel: boolean;
  items: Attention[];
  busy: boolean;
  error: string;
}

export interface SyncStore extends Readable<SyncState> {
  /** refresh asks for the status (after sign-in). */
  refresh(): Promise<void>;
  /** apply takes a sync:status event; an open panel reloads when counts change. */
  apply(status: SyncStatus): void;
  openPanel(): Promise<void>;
  closePanel(): void;
  confirm(id: string): Promise<void>;
  dismiss(id: string): Promise<void>;
  reconnect(): Promise<void>;
  reset(): void;
}

const initial: SyncState = { status: null, panel: false, items: [], busy: false, error: '' };

/** statusText is the status line's words, e.g. "Offline · 2 pending · synced up to change 41". */
export function statusText(s: SyncStatus | null): string {
  if (!s) return '';
  const parts = [s.online ? 'Online' : 'Offline'];
  if (s.initialSync) parts.push('first sync running');
  if (s.pending > 0) parts.push(`${s.pending} pending`);
  parts.push(`synced up to change ${s.syncedUpTo}`);
  return parts.join(' · ');
}

/**
 * titleSuffix marks the window title while work waits to sync:
 * " [Offline, 2 pending]"; empty when online with nothing pending. The
 * desktop test under Xvfb waits on it.
 */
export function titleSuffix(s: SyncStatus | null): string {
  if (!s || (s.online && s.pending === 0)) return '';
  return ` [${s.online ? 'Online' : 'Offline'}, ${s.pending} pending]`;
}

/** attentionCount is what the "Needs attention" button counts. */
export function attentionCount(s: SyncStatus | null): number {
  return s ? s.rejected + s.held : 0;
}

export function createSyncStore(api: DeskApi): SyncStore {
  const store = writable<SyncState>(initial);
  const { subscribe, update, set } = store;

  const loadItems = async () => {
    try {
      const items = await api.attention();
      update((s) => ({ ...s, items }));
    } catch (e) {
      update((s) => ({ ...s, error: toApiError(e).message }));
    }
  };

  const act = async (fn: () => Promise<void>) => {
    update((s) => ({ ...s, busy: true, error: '' }));
    try {
      await fn();
    } catch (e) {
      update((s) => ({ ...s, error: toApiError(e).message }));
    }
    update((s) => ({ ...s, busy: false }));
    await loadItems();
    if (get(store).items.length === 0) update((s) => ({ ...s, panel: false }));
  };

  return {
    subscribe,

    async refresh() {
      try {
        const status = await api.syncStatus();
        update((s) => ({ ...s, status }));
      } catch {
        // Not signed in yet; the next sync:status event fills it in.
      }
    },

    apply(status) {
      const before = get(store);
      update((s) => ({ ...s, status }));
      if (before.panel && attentionCount(before.status) !== attentionCount(status)) void loadItems();
    },

    async openPanel() {
      update((s) => ({ ...s, panel: true, error: '' }));
      await loadItems();
    },

    closePanel() {
      update((s) => ({ ...s, panel: false }));
    },

    confirm: (id) => act(() => api.confirmHeld(id)),
    dismiss: (id) => act(() => api.dismiss(id)),

    async reconnect() {
      try {
        await api.reconnect();
      } catch (e) {
        update((s) => ({ ...s, error: toApiError(e).message }));
      }
    },

    reset() {
      set(initial);
    },
  };
}
