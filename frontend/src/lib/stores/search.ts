// The search palette: the query as typed (debounced), its filters, the
// results from the local indexes, the keyboard selection and the KB
// article being read.
import { get, writable, type Readable } from 'svelte/store';
import { toApiError, type ApiError, type Article, type DeskApi, type SearchResults, type SearchScope } from '../api';

export interface SearchState {
  open: boolean;
  text: string;
  statuses: string[];
  scope: SearchScope;
  results: SearchResults | null;
  /** selected indexes the results: tickets first, then articles. */
  selected: number;
  loading: boolean;
  error: ApiError | null;
  mode: string;
  /** article is the KB article being read, over the results. */
  article: Article | null;
}

/** Item is what Enter acts on. */
export type Item = { kind: 'ticket'; id: string } | { kind: 'article'; id: string };

export interface SearchStore extends Readable<SearchState> {
  openPalette(): void;
  close(): void;
  /** setText records what was typed and searches after a short pause. */
  setText(text: string): void;
  toggleStatus(status: string): void;
  setScope(scope: SearchScope): void;
  /** run searches now (the debounce ends or the replica changed). */
  run(): Promise<void>;
  move(delta: number): void;
  select(index: number): void;
  current(): Item | null;
  openArticle(id: string): Promise<void>;
  closeArticle(): void;
}

/** Status chips offered as filters. */
export const SEARCH_STATUSES = ['new', 'open', 'pending', 'handoff', 'resolved', 'closed'];

export const DEBOUNCE_MS = 60;

const initial: SearchState = {
  open: false,
  text: '',
  statuses: [],
  scope: '',
  results: null,
  selected: 0,
  loading: false,
  error: null,
  mode: '',
  article: null,
};

/** count is how many results can be selected. */
export function count(r: SearchResults | null): number {
  return r ? r.tickets.length + r.articles.length : 0;
}

/** searchTitle is the window title while the palette is open (the Xvfb test waits on it). */
export function searchTitle(s: SearchState): string {
  if (s.article) return `Frontline - Article: ${s.article.title}`;
  const q = s.text.trim();
  if (!q) return 'Frontline - Search';
  if (!s.results || s.results.query !== s.text) return `Frontline - Search "${q}"`;
  return `Frontline - Search "${q}" (${count(s.results)})`;
}

export function createSearchStore(api: DeskApi, debounceMs = DEBOUNCE_MS): SearchStore {
  const store = writable<SearchState>({ ...initial });
  const { subscribe, update } = store;
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const cancelTimer = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  async function run(): Promise<void> {
    cancelTimer();
    const s = get(store);
    if (!s.open) return;
    const gen = ++generation;
    if (!s.text.trim()) {
      update((x) => ({ ...x, results: null, selected: 0, loading: false, error: null }));
      return;
    }
    update((x) => ({ ...x, loading: true }));
    try {
      const results = await api.search(s.text, { statuses: s.statuses, scope: s.scope });
      if (gen !== generation) return; // a newer query won
      update((x) => {
        // Keep the selection on the same item when results refresh.
        const prev = currentOf(x);
        const items = itemsOf(results);
        const kept = prev ? items.findIndex((it) => it.kind === prev.kind && it.id === prev.id) : -1;
        return { ...x, results, mode: results.mode, loading: false, error: null, selected: kept >= 0 ? kept : 0 };
      });
    } catch (e) {
      if (gen !== generation) return;
      update((x) => ({ ...x, loading: false, error: toApiError(e) }));
    }
  }

  function schedule() {
    cancelTimer();
    timer = setTimeout(() => void run(), debounceMs);
  }

  function itemsOf(r: SearchResults | null): Item[] {
    if (!r) return [];
    return [
      ...r.tickets.map((t) => ({ kind: 'ticket' as const, id: t.id })),
      ...r.articles.map((a) => ({ kind: 'article' as const, id: a.id })),
    ];
  }

  function currentOf(s: SearchState): Item | null {
    return itemsOf(s.results)[s.selected] ?? null;
  }

  return {
    subscribe,

    openPalette() {
      if (get(store).open) return;
      update((s) => ({ ...s, open: true, article: null, error: null }));
      api.searchMode().then(
        (mode) => update((s) => ({ ...s, mode })),
        () => {},
      );
      if (get(store).text.trim()) void run();
    },

    close() {
      cancelTimer();
      generation++;
      update((s) => ({ ...s, open: false, article: null, loading: false }));
    },

    setText(text) {
      update((s) => ({ ...s, text }));
      schedule();
    },

    toggleStatus(status) {
      update((s) => ({
        ...s,
        statuses: s.statuses.includes(status) ? s.statuses.filter((x) => x !== status) : [...s.statuses, status],
      }));
      void run();
    },

    setScope(scope) {
      update((s) => ({ ...s, scope }));
      void run();
    },

    run,

    move(delta) {
      update((s) => {
        const n = count(s.results);
        if (n === 0) return s;
        return { ...s, selected: Math.min(n - 1, Math.max(0, s.selected + delta)) };
      });
    },

    select(index) {
      update((s) => ({ ...s, selected: Math.min(Math.max(0, index), Math.max(0, count(s.results) - 1)) }));
    },

    current() {
      return currentOf(get(store));
    },

    async openArticle(id) {
      try {
        const article = await api.article(id);
        update((s) => ({ ...s, article, error: null }));
      } catch (e) {
        update((s) => ({ ...s, error: toApiError(e) }));
      }
    },

    closeArticle() {
      update((s) => ({ ...s, article: null }));
    },
  };
}
