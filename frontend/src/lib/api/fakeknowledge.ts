// FakeKnowledge is the in-memory knowledge base of FakeDesk: text edits of
// existing articles work offline (pending until the fake goes online and
// flush() runs, clashing with a newer revision as the server does);
// creating, publishing and deleting need the fake to be online; only admins
// write. Files to import are given as a map of path -> contents.
import { ApiError } from './errors';
import type { KBArticle, KBConflict, KBImportResult, KBList, KBSave, KnowledgeApi } from './knowledge';
import type { Session, SyncStatus } from './types';

export interface FakeKnowledgeSource {
  session: Session | null;
  sync: SyncStatus;
}

const POLICY = 'Only admins edit the knowledge base; agents can read every article';

interface PendingEdit {
  id: string;
  base: number;
  title: string;
  body: string;
}

export class FakeKnowledge implements KnowledgeApi {
  articles: KBArticle[] = [];
  conflicts: KBConflict[] = [];
  /** files stand in for the disk in importFiles. */
  files: Record<string, string> = {};
  /** picked is what chooseImportFiles returns. */
  picked: string[] = [];
  calls: string[] = [];
  failNext: ApiError | null = null;
  private outbox: PendingEdit[] = [];
  private dismissed = new Set<string>();
  private seq = 0;

  constructor(private readonly desk: FakeKnowledgeSource) {}

  private check(op: string): void {
    this.calls.push(op);
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      throw e;
    }
  }

  private admin(): void {
    if (this.desk.session?.user.role !== 'admin') throw new ApiError(POLICY, 'permission');
  }

  private online(): void {
    if (!this.desk.sync.online)
      throw new ApiError('Creating, publishing, tagging and deleting articles needs a connection to the server — edits to an article\'s text are saved offline and sync later', 'offline');
  }

  private view(a: KBArticle): KBArticle {
    const p = [...this.outbox].reverse().find((e) => e.id === a.id && e.base === a.revision);
    return {
      ...a,
      tags: [...a.tags],
      ...(p ? { title: p.title, body: p.body } : {}),
      pending: this.outbox.some((e) => e.id === a.id),
      conflicts: this.conflicts.filter((c) => c.articleId === a.id && !this.dismissed.has(c.id)).length,
    };
  }

  /** flush pushes queued edits as the server would apply them. */
  flush(): void {
    if (!this.desk.sync.online) return;
    for (const e of this.outbox) {
      const a = this.articles.find((x) => x.id === e.id);
      if (!a) continue;
      if (a.revision !== e.base) {
        this.conflicts.push({
          id: `c${++this.seq}`, articleId: a.id, baseRevision: e.base, title: e.title, body: e.body,
          authorName: this.desk.session?.user.name ?? '', createdAt: `2026-01-01T00:00:${String(this.seq).padStart(2, '0')}Z`, current: { ...a },
        });
        continue;
      }
      Object.assign(a, { title: e.title, body: e.body, revision: a.revision + 1 });
    }
    this.outbox = [];
    this.conflicts = this.conflicts.filter((c) => !this.dismissed.has(c.id));
    this.dismissed.clear();
  }

  async list(): Promise<KBList> {
    this.check('list');
    const isAdmin = this.desk.session?.user.role === 'admin';
    const byId = new Map(this.articles.map((a) => [a.id, a]));
    return {
      articles: this.articles.map((a) => this.view(a)).sort((a, b) => a.title.localeCompare(b.title)),
      conflicts: isAdmin
        ? this.conflicts.filter((c) => !this.dismissed.has(c.id)).map((c) => ({ ...c, current: byId.has(c.articleId) ? this.view(byId.get(c.articleId)!) : c.current }))
        : [],
      canEdit: isAdmin,
      online: this.desk.sync.online,
      policy: POLICY,
    };
  }

  async save(a: KBSave): Promise<KBArticle> {
    this.check('save');
    this.admin();
    const title = a.title.trim();
    if (!title) throw new ApiError('Give the article a title', 'invalid', 'title');
    if (!a.body.trim()) throw new ApiError("Write the article's text", 'invalid', 'body');
    const tags = [...new Set(a.tags.map((t) => t.trim().toLowerCase()).filter(Boolean))].sort();
    if (!a.id) {
      this.online();
      const art: KBArticle = {
        id: `a${++this.seq}`, title, body: a.body, tags, status: a.status || 'draft', revision: 1,
        authorName: this.desk.session?.user.name ?? '', updatedAt: '', pending: false, conflicts: 0,
      };
      this.articles.push(art);
      return this.view(art);
    }
    const cur = this.articles.find((x) => x.id === a.id);
    if (!cur) throw new ApiError('This article was deleted — copy your text into a new article', 'notfound');
    const shown = this.view(cur);
    if (title !== shown.title || a.body !== shown.body) this.outbox.push({ id: a.id, base: a.revision || cur.revision, title, body: a.body });
    if (a.status !== cur.status || tags.join() !== cur.tags.join()) {
      this.online();
      this.flush();
      Object.assign(cur, { tags, status: a.status, revision: cur.revision + 1 });
    }
    return this.view(cur);
  }

  async setStatus(id: string, status: string): Promise<KBArticle> {
    this.check('setStatus');
    this.admin();
    this.online();
    this.flush();
    const cur = this.articles.find((x) => x.id === id);
    if (!cur) throw new ApiError('Not found', 'notfound');
    Object.assign(cur, { status, revision: cur.revision + 1 });
    return this.view(cur);
  }

  async remove(id: string): Promise<void> {
    this.check('remove');
    this.admin();
    this.online();
    this.articles = this.articles.filter((a) => a.id !== id);
  }

  async resolveConflict(conflictId: string, title: string, body: string): Promise<KBArticle> {
    this.check('resolveConflict');
    this.admin();
    const c = this.conflicts.find((x) => x.id === conflictId && !this.dismissed.has(x.id));
    if (!c) throw new ApiError('This conflict was already resolved', 'conflict');
    if (!title.trim()) throw new ApiError('Give the article a title', 'invalid', 'title');
    if (!body.trim()) throw new ApiError('The merged text is empty', 'invalid', 'body');
    const cur = this.articles.find((x) => x.id === c.articleId);
    if (cur) {
      const shown = this.view(cur);
      if (shown.title !== title.trim() || shown.body !== body) this.outbox.push({ id: cur.id, base: cur.revision, title: title.trim(), body });
    }
    this.dismissed.add(conflictId);
    return cur ? this.view(cur) : c.current;
  }

  async chooseImportFiles(): Promise<string[]> {
    this.check('chooseImportFiles');
    return [...this.picked];
  }

  async importFiles(paths: string[]): Promise<KBImportResult[]> {
    this.check('importFiles');
    this.admin();
    this.online();
    return paths.map((path) => {
      const fileName = path.split('/').pop() ?? path;
      const res: KBImportResult = { path, fileName, ok: false, title: '', articleId: '', error: '' };
      const text = this.files[path];
      if (!/\.(md|markdown|txt|html?)$/i.test(fileName)) return { ...res, error: 'only .md, .txt and .html files can be imported' };
      if (text === undefined) return { ...res, error: 'cannot read the file' };
      const m = /^#\s+(.+)$/m.exec(text);
      const title = m ? m[1].trim() : fileName.replace(/\.[^.]+$/, '');
      const art: KBArticle = {
        id: `a${++this.seq}`, title, body: text, tags: [], status: 'draft', revision: 1, authorName: '', updatedAt: '', pending: false, conflicts: 0,
      };
      this.articles.push(art);
      return { ...res, ok: true, title, articleId: art.id };
    });
  }
}
