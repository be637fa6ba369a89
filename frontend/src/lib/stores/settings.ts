// The admin's settings screen (categories, macros, priority rules) and the
// composer's macro picker. Settings are read from the local replica (they
// work offline); saving needs the server, which also decides who may save.
// A refused save keeps the form and puts the server's reason beside the
// field it names.
import { get, writable, type Readable } from 'svelte/store';
import {
  toApiError,
  type AppliedMacro,
  type Category,
  type Macro,
  type MacrosApi,
  type PriorityRules,
  type Settings,
  type SettingsApi,
} from '../api';

export interface SettingsState {
  loading: boolean;
  data: Settings | null;
  /** error is why the settings could not be read. */
  error: string;
  saving: boolean;
  /** fieldErrors maps a form field ("name", "body", "keywordRules") to the server's reason. */
  fieldErrors: Record<string, string>;
  /** formError is a refusal that names no field (offline, permission). */
  formError: string;
  /** notice says what the last save did. */
  notice: string;
}

export interface SettingsStore extends Readable<SettingsState> {
  load(): Promise<void>;
  saveCategory(c: Category): Promise<Category | null>;
  deleteCategory(id: string): Promise<boolean>;
  saveMacro(m: Macro): Promise<Macro | null>;
  deleteMacro(id: string): Promise<boolean>;
  savePriorityRules(p: PriorityRules): Promise<PriorityRules | null>;
  /** clearErrors forgets the last refusal (the form was edited). */
  clearErrors(field?: string): void;
}

const initial = (): SettingsState => ({
  loading: false, data: null, error: '', saving: false, fieldErrors: {}, formError: '', notice: '',
});

export const newCategory = (): Category => ({ id: '', name: '', description: '', examples: [], updatedAt: '' });
export const newMacro = (): Macro => ({ id: '', title: '', body: '', addTags: [], category: '', updatedAt: '' });

/** lines splits a textarea into trimmed, non-empty lines. */
export function lines(s: string): string[] {
  return s.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** words splits "a, b, c" into trimmed, non-empty entries. */
export function words(s: string): string[] {
  return s.split(',').map((w) => w.trim()).filter(Boolean);
}

function upsert<T extends { id: string }>(list: T[], item: T, key: (t: T) => string): T[] {
  return [...list.filter((x) => x.id !== item.id), item].sort((a, b) => key(a).localeCompare(key(b)));
}

export function createSettingsStore(api: SettingsApi): SettingsStore {
  const store = writable<SettingsState>(initial());
  const { subscribe, update } = store;

  // save runs one write; on success patch merges the result into the data.
  async function save<T>(fn: () => Promise<T>, patch: (d: Settings, r: T) => Settings, what: string): Promise<T | null> {
    if (get(store).saving) return null;
    update((s) => ({ ...s, saving: true, fieldErrors: {}, formError: '', notice: '' }));
    try {
      const r = await fn();
      update((s) => ({ ...s, saving: false, data: s.data ? patch(s.data, r) : s.data, notice: what }));
      return r;
    } catch (e) {
      const err = toApiError(e);
      update((s) => ({
        ...s,
        saving: false,
        fieldErrors: err.field ? { [err.field]: err.message } : {},
        formError: err.field ? '' : err.message,
      }));
      return null;
    }
  }

  return {
    subscribe,

    async load() {
      update((s) => ({ ...s, loading: true, error: '' }));
      try {
        const data = await api.list();
        update((s) => ({ ...s, loading: false, data }));
      } catch (e) {
        update((s) => ({ ...s, loading: false, error: toApiError(e).message }));
      }
    },

    saveCategory: (c) =>
      save(() => api.saveCategory(c), (d, r) => ({ ...d, categories: upsert(d.categories, r, (x) => x.name) }), `Category "${c.name.trim()}" saved`),

    async deleteCategory(id) {
      const r = await save(() => api.deleteCategory(id).then(() => true), (d) => ({ ...d, categories: d.categories.filter((c) => c.id !== id) }), 'Category deleted');
      return r === true;
    },

    saveMacro: (m) => save(() => api.saveMacro(m), (d, r) => ({ ...d, macros: upsert(d.macros, r, (x) => x.title) }), `Macro "${m.title.trim()}" saved`),

    async deleteMacro(id) {
      const r = await save(() => api.deleteMacro(id).then(() => true), (d) => ({ ...d, macros: d.macros.filter((m) => m.id !== id) }), 'Macro deleted');
      return r === true;
    },

    savePriorityRules: (p) => save(() => api.savePriorityRules(p), (d, r) => ({ ...d, priorityRules: r }), 'Priority rules saved'),

    clearErrors(field) {
      update((s) => {
        if (!field) return { ...s, fieldErrors: {}, formError: '' };
        const fe = { ...s.fieldErrors };
        delete fe[field];
        return { ...s, fieldErrors: fe };
      });
    },
  };
}

// The macro picker of the composer (Ctrl+M): filter by title, move, choose.

export interface PickerState {
  open: boolean;
  ticketId: string;
  query: string;
  macros: Macro[];
  selected: number;
  loading: boolean;
  error: string;
  /** applied is the last macro inserted (its unknown variables are shown). */
  applied: AppliedMacro | null;
}

export interface MacroPicker extends Readable<PickerState> {
  open(ticketId: string): Promise<void>;
  close(): void;
  setQuery(q: string): void;
  move(delta: number): void;
  /** choose expands the selected (or given) macro for the ticket; null when it failed. */
  choose(macroId?: string): Promise<AppliedMacro | null>;
}

/** filterMacros keeps the macros whose title (or, after those, body) contains every word of q. */
export function filterMacros(macros: Macro[], q: string): Macro[] {
  const ws = q.toLowerCase().split(/\s+/).filter(Boolean);
  if (!ws.length) return macros;
  const inTitle = macros.filter((m) => ws.every((w) => m.title.toLowerCase().includes(w)));
  const inBody = macros.filter((m) => !inTitle.includes(m) && ws.every((w) => `${m.title} ${m.body}`.toLowerCase().includes(w)));
  return [...inTitle, ...inBody];
}

const closedPicker = (): PickerState => ({
  open: false, ticketId: '', query: '', macros: [], selected: 0, loading: false, error: '', applied: null,
});

export function createMacroPicker(api: MacrosApi): MacroPicker {
  const store = writable<PickerState>(closedPicker());
  const { subscribe, update, set } = store;
  const visible = (s: PickerState) => filterMacros(s.macros, s.query);

  return {
    subscribe,

    async open(ticketId) {
      set({ ...closedPicker(), open: true, ticketId, loading: true });
      try {
        const macros = await api.list();
        update((s) => (s.ticketId === ticketId ? { ...s, loading: false, macros } : s));
      } catch (e) {
        update((s) => ({ ...s, loading: false, error: toApiError(e).message }));
      }
    },

    close() {
      update((s) => ({ ...closedPicker(), applied: s.applied }));
    },

    setQuery(q) {
      update((s) => ({ ...s, query: q, selected: 0 }));
    },

    move(delta) {
      update((s) => {
        const n = visible(s).length;
        return n ? { ...s, selected: (s.selected + delta + n) % n } : s;
      });
    },

    async choose(macroId) {
      const s = get(store);
      const id = macroId ?? visible(s)[s.selected]?.id;
      if (!s.ticketId || !id) return null;
      try {
        const applied = await api.apply(s.ticketId, id);
        set({ ...closedPicker(), applied });
        return applied;
      } catch (e) {
        update((x) => ({ ...x, error: toApiError(e).message }));
        return null;
      }
    },
  };
}
