// The knowledge base screen (app/knowledge.go, app/kbimport.go): article
// list with drafts, the editor, file import and sync's revision conflicts.

/** KBArticle is one article as the editor sees it. */
export interface KBArticle {
  id: string;
  title: string;
  body: string;
  tags: string[];
  /** status is 'draft' or 'published'. */
  status: string;
  revision: number;
  authorName: string;
  updatedAt: string;
  /** pending: an edit saved here has not reached the server yet. */
  pending: boolean;
  /** conflicts counts unresolved conflict branches of this article. */
  conflicts: number;
}

/** KBConflict is an offline edit that clashed with a newer revision. */
export interface KBConflict {
  id: string;
  articleId: string;
  baseRevision: number;
  title: string;
  body: string;
  authorName: string;
  createdAt: string;
  /** current is the article as it stands now (id '' when deleted). */
  current: KBArticle;
}

export interface KBList {
  articles: KBArticle[];
  conflicts: KBConflict[];
  /** canEdit: the signed-in user is an admin (the server still decides). */
  canEdit: boolean;
  /** online: creating, publishing, tagging and deleting can run now. */
  online: boolean;
  /** policy says who may change the knowledge base. */
  policy: string;
}

/** KBSave is the editor's form; id '' creates. */
export interface KBSave {
  id: string;
  revision: number;
  title: string;
  body: string;
  tags: string[];
  status: string;
}

/** KBImportResult is what became of one imported file. */
export interface KBImportResult {
  path: string;
  fileName: string;
  ok: boolean;
  title: string;
  articleId: string;
  error: string;
}

export interface KnowledgeApi {
  list(): Promise<KBList>;
  save(a: KBSave): Promise<KBArticle>;
  setStatus(id: string, status: string): Promise<KBArticle>;
  remove(id: string): Promise<void>;
  resolveConflict(conflictId: string, title: string, body: string): Promise<KBArticle>;
  /** chooseImportFiles opens the system file picker; [] when cancelled. */
  chooseImportFiles(): Promise<string[]>;
  importFiles(paths: string[]): Promise<KBImportResult[]>;
}
