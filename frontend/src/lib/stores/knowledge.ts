// The knowledge base screen: every article (drafts too) with a filter, the
// editor's saves (text edits work offline and show as pending; creating,
// publishing and deleting need the server), file import with a result per
// file, and the revision conflicts of sync resolved side by side.
import { get, writable, type Readable } from 'svelte/store';
import { toApiError, type KBArticle, type KBConflict, type KBImportResult, type KBList, type KBSave, type KnowledgeApi } from '../api';

export type KBStatusFilter = 'all' | 'draft' | 'published' | 'conflicts';

export interface KnowledgeState {
  loading: boolean;
  data: KBList | null;
  /** error is why the list could not be read. */
  error: string;
  saving: boolean;
  fieldErrors: Record<string, string>;
  formError: string;
  notice: string;
  /** imported is the result of the last import, one row per file. */
  imported: KBImportResult[];
}

export interface KnowledgeStore extends Readable<KnowledgeState> {
  load(): Promise<void>;
  save(a: KBSave): Promise<KBArticle | null>;
  setStatus(id: string, status: string): Promise<KBArticle | null>;
  remove(id: string): Promise<boolean>;
  /** importPicked asks for files with the system picker and imports them. */
  importPicked(): Promise<KBImportResult[] | null>;
  importFiles(paths: string[]): Promise<KBImportResult[] | null>;
  resolve(c: KBConflict, title: string, body: string): Promise<KBArticle | null>;
  clearErrors(field?: string): void;
}

const initial = (): KnowledgeState => ({
  loading: false, data: null, error: '', saving: false, fieldErrors: {}, formError: '', notice: '', imported: [],
});

export const newArticle = (): KBSave => ({ id: '', revision: 0, title: '', body: '', tags: [], status: 'draft' });

/** toSave turns an article into the editor's form. */
export const toSave = (a: KBArticle): KBSave => ({ id: a.id, revision: a.revision, title: a.title, body: a.body, tags: [...a.tags], status: a.status });

/** tagsOf splits "a, b" into lower-case, trimmed, unique tags. */
export function tagsOf(s: string): string[] {
  return [...new Set(s.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean))];
}

/** filterArticles keeps articles whose title, body or tags hold every word of query. */
export function filterArticles(list: KBArticle[], query: string, status: KBStatusFilter): KBArticle[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return list.filter((a) => {
    if (status === 'conflicts' ? a.conflicts === 0 : status !== 'all' && a.status !== status) return false;
    const hay = `${a.title}\n${a.tags.join(' ')}\n${a.body}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** isDirty says whether the form differs from the article it edits. */
export function isDirty(form: KBSave, a: KBArticle | null): boolean {
  if (!a) return form.title.trim() !== '' || form.body.trim() !== '';
  return form.title !== a.title || form.body !== a.body || form.status !== a.status || [...form.tags].sort().join() !== [...a.tags].sort().join();
}

export function createKnowledgeStore(api: KnowledgeApi): KnowledgeStore {
  const store = writable<KnowledgeState>(initial());
  const { subscribe, update } = store;

  async function reload() {
    try {
      const data = await api.list();
      update((s) => ({ ...s, data }));
    } catch (e) {
      update((s) => ({ ...s, error: toApiError(e).message }));
    }
  }

  // run does one write and reloads the list; a refusal lands beside its field.
  async function run<T>(fn: () => Promise<T>, notice: (r: T) => string): Promise<T | null> {
    if (get(store).saving) return null;
    update((s) => ({ ...s, saving: true, fieldErrors: {}, formError: '', notice: '' }));
    try {
      const r = await fn();
      update((s) => ({ ...s, saving: false, notice: notice(r) }));
      await reload();
      return r;
    } catch (e) {
      const err = toApiError(e);
      update((s) => ({ ...s, saving: false, fieldErrors: err.field ? { [err.field]: err.message } : {}, formError: err.field ? '' : err.message }));
      return null;
    }
  }

  const importFiles = (paths: string[]) =>
    run(
      async () => {
        const res = await api.importFiles(paths);
        update((s) => ({ ...s, imported: res }));
        return res;
      },
      (res) => {
        const ok = res.filter((r) => r.ok).length;
        return `Imported ${ok} of ${res.length} file${res.length === 1 ? '' : 's'} as drafts`;
      },
    );

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

    save: (a) =>
      run(() => api.save(a), (r) => (r.pending ? `"${r.title}" saved here — it syncs when the server is reachable` : `"${r.title}" saved`)),

    setStatus: (id, status) => run(() => api.setStatus(id, status), (r) => (r.status === 'published' ? `"${r.title}" published` : `"${r.title}" moved back to drafts`)),

    async remove(id) {
      const r = await run(() => api.remove(id).then(() => true), () => 'Article deleted');
      return r === true;
    },

    async importPicked() {
      let paths: string[];
      try {
        paths = await api.chooseImportFiles();
      } catch (e) {
        update((s) => ({ ...s, formError: toApiError(e).message }));
        return null;
      }
      if (paths.length === 0) return null;
      return importFiles(paths);
    },

    importFiles,

    resolve: (c, title, body) =>
      run(() => api.resolveConflict(c.id, title, body), (r) => (r.pending ? `Conflict resolved — the merged text syncs as a new revision` : 'Conflict resolved')),

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
