// The agent's saved inbox views (kept on this computer) with live counts
// for every view, and the view editor's draft and preview.
import { get, writable, type Readable } from 'svelte/store';
import { toApiError, type ApiError, type Ticket } from '../api';
import { emptyView, SAVED_PREFIX, type InboxPowerApi, type SavedView, type ViewCounts } from '../api/inboxpower';

export interface SavedViewsState {
  views: SavedView[];
  counts: ViewCounts;
  /** editing is the editor's draft; null while the editor is closed. */
  editing: SavedView | null;
  preview: Ticket[];
  saving: boolean;
  error: ApiError | null;
}

export interface SavedViewsStore extends Readable<SavedViewsState> {
  load(): Promise<void>;
  /** refreshCounts recounts every view (on replica:changed); overlapping calls keep the newest. */
  refreshCounts(): Promise<void>;
  edit(v?: SavedView): void;
  update(patch: Partial<SavedView>): void;
  cancel(): void;
  /** save stores the draft and returns the inbox view name of the saved view ("saved:<id>"). */
  save(): Promise<`saved:${string}` | null>;
  remove(id: string): Promise<void>;
  runPreview(): Promise<void>;
}

/** savedViewName is the inbox view name of a saved view. */
export const savedViewName = (id: string): `saved:${string}` => `${SAVED_PREFIX}${id}`;

/** toggle adds or removes value in a filter list. */
export function toggle(list: string[], value: string): string[] {
  return list.includes(value) ? list.filter((x) => x !== value) : [...list, value];
}

/** describeView is a one-line summary of a view's filters for tooltips. */
export function describeView(v: SavedView): string {
  const parts: string[] = [];
  const add = (label: string, xs: string[]) => xs.length && parts.push(`${label}: ${xs.join(', ')}`);
  add('status', v.statuses);
  add('priority', v.priorities);
  add('category', v.categories);
  add('tags', v.tags);
  if (v.assignee) parts.push(`assignee: ${v.assignee}`);
  add('SLA', v.sla);
  add('sentiment', v.sentiments);
  add('language', v.languages);
  parts.push(`sorted by ${v.sort || 'updated'}`);
  return parts.join(' · ');
}

export function createSavedViewsStore(api: InboxPowerApi): SavedViewsStore {
  const store = writable<SavedViewsState>({ views: [], counts: { saved: {}, builtin: {} }, editing: null, preview: [], saving: false, error: null });
  const { subscribe, update } = store;
  let countGen = 0;
  let previewGen = 0;

  const self: SavedViewsStore = {
    subscribe,

    async load() {
      try {
        const views = await api.views.list();
        update((s) => ({ ...s, views, error: null }));
      } catch (e) {
        update((s) => ({ ...s, error: toApiError(e) }));
      }
      await self.refreshCounts();
    },

    async refreshCounts() {
      const gen = ++countGen;
      try {
        const counts = await api.views.counts();
        if (gen === countGen) update((s) => ({ ...s, counts }));
      } catch {
        // Signed out or the replica is closing; the next change recounts.
      }
    },

    edit(v) {
      update((s) => ({ ...s, editing: v ? { ...v } : emptyView(), preview: [], error: null }));
      void self.runPreview();
    },

    update(patch) {
      update((s) => (s.editing ? { ...s, editing: { ...s.editing, ...patch } } : s));
    },

    cancel() {
      update((s) => ({ ...s, editing: null, preview: [], error: null }));
    },

    async save() {
      const draft = get(store).editing;
      if (!draft) return null;
      update((s) => ({ ...s, saving: true, error: null }));
      try {
        const saved = await api.views.save(draft);
        update((s) => {
          const i = s.views.findIndex((v) => v.id === saved.id);
          const views = i < 0 ? [...s.views, saved] : s.views.map((v) => (v.id === saved.id ? saved : v));
          return { ...s, views, editing: null, preview: [], saving: false };
        });
        await self.refreshCounts();
        return savedViewName(saved.id);
      } catch (e) {
        update((s) => ({ ...s, saving: false, error: toApiError(e) }));
        return null;
      }
    },

    async remove(id) {
      try {
        await api.views.delete(id);
        update((s) => ({ ...s, views: s.views.filter((v) => v.id !== id), editing: s.editing?.id === id ? null : s.editing }));
      } catch (e) {
        update((s) => ({ ...s, error: toApiError(e) }));
      }
    },

    async runPreview() {
      const draft = get(store).editing;
      if (!draft) return;
      const gen = ++previewGen;
      try {
        const preview = await api.views.run({ ...draft, name: draft.name || 'preview' }, 20);
        if (gen === previewGen) update((s) => ({ ...s, preview, error: null }));
      } catch (e) {
        if (gen === previewGen) update((s) => ({ ...s, preview: [], error: toApiError(e) }));
      }
    },
  };
  return self;
}
