// Multi-selection of inbox rows for bulk actions: x toggles the current
// row, shift-click selects a range, Ctrl+A selects every row shown. Bulk
// actions go through the replica's outbox (they work offline) and end with
// one summary toast.
import { get, writable, type Readable } from 'svelte/store';
import { toApiError, type Ticket } from '../api';
import type { BulkAction, BulkResult, InboxPowerApi } from '../api/inboxpower';

export interface SelectionState {
  ids: string[];
  /** anchor is the row index a shift-click range starts from. */
  anchor: number;
  busy: boolean;
}

export interface SelectionStore extends Readable<SelectionState> {
  toggle(id: string, index: number): void;
  /** range selects rows from the anchor to index (shift-click). */
  range(tickets: Ticket[], index: number): void;
  all(tickets: Ticket[]): void;
  clear(): void;
  /** prune drops ids no longer in the list (after a view change or refresh). */
  prune(tickets: Ticket[]): void;
  has(id: string): boolean;
  apply(action: BulkAction, value: string): Promise<BulkResult | null>;
}

const VERB: Record<BulkAction, (v: string, names: Record<string, string>) => string> = {
  assign: (v, n) => (v === 'me' ? 'Assigned to you' : v === '' ? 'Unassigned' : `Assigned to ${n[v] ?? 'the agent'}`),
  status: (v) => `Marked ${v}`,
  priority: (v) => `Priority set to ${v}`,
  addTag: (v) => `Tagged “${v}”`,
  removeTag: (v) => `Removed tag “${v}”`,
};

/** bulkSummary is the one toast a bulk action ends with. */
export function bulkSummary(r: BulkResult, action: BulkAction, value: string, names: Record<string, string> = {}): { title: string; body: string } {
  const n = r.succeeded;
  const title = `${VERB[action](value, names)}: ${n} ticket${n === 1 ? '' : 's'}`;
  if (r.failed.length === 0) return { title, body: 'Queued — saved here and sent to the server when it answers.' };
  // Group the reasons: "2 failed: A ticket that is closed cannot … (#3, #7)".
  const why = new Map<string, number[]>();
  for (const f of r.failed) why.set(f.message, [...(why.get(f.message) ?? []), f.number]);
  const reasons = [...why.entries()].map(([m, ns]) => `${m} (${ns.map((x) => (x ? `#${x}` : '?')).join(', ')})`);
  return { title: `${title}, ${r.failed.length} failed`, body: reasons.join('; ') };
}

export function createSelectionStore(
  api: InboxPowerApi,
  toast: (title: string, body: string) => void,
  names: () => Record<string, string> = () => ({}),
): SelectionStore {
  const store = writable<SelectionState>({ ids: [], anchor: 0, busy: false });
  const { subscribe, update } = store;
  return {
    subscribe,
    toggle(id, index) {
      update((s) => ({ ...s, anchor: index, ids: s.ids.includes(id) ? s.ids.filter((x) => x !== id) : [...s.ids, id] }));
    },
    range(tickets, index) {
      update((s) => {
        const [a, b] = [Math.min(s.anchor, index), Math.max(s.anchor, index)];
        const ids = new Set(s.ids);
        for (const t of tickets.slice(a, b + 1)) ids.add(t.id);
        return { ...s, ids: [...ids] };
      });
    },
    all(tickets) {
      update((s) => ({ ...s, ids: tickets.map((t) => t.id) }));
    },
    clear() {
      update((s) => ({ ...s, ids: [], anchor: 0 }));
    },
    prune(tickets) {
      const shown = new Set(tickets.map((t) => t.id));
      update((s) => (s.ids.every((id) => shown.has(id)) ? s : { ...s, ids: s.ids.filter((id) => shown.has(id)) }));
    },
    has(id) {
      return get(store).ids.includes(id);
    },
    async apply(action, value) {
      const ids = get(store).ids;
      if (ids.length === 0 || get(store).busy) return null;
      update((s) => ({ ...s, busy: true }));
      try {
        const r = await api.bulk({ ids, action, value });
        const m = bulkSummary(r, action, value, names());
        toast(m.title, m.body);
        // Keep the failed rows selected so the agent can retry or look at them.
        update((s) => ({ ...s, busy: false, ids: r.failed.map((f) => f.id) }));
        return r;
      } catch (e) {
        toast('Bulk action failed', toApiError(e).message);
        update((s) => ({ ...s, busy: false }));
        return null;
      }
    },
  };
}
