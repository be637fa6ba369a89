// The knowledge base bindings (app.Knowledge); see wails.ts.
import * as KnowledgeGo from '../../../wailsjs/go/app/Knowledge';
import { app } from '../../../wailsjs/go/models';
import { call } from './errors';
import type { KBArticle, KBImportResult, KBList, KnowledgeApi } from './knowledge';

export function wailsKnowledge(): KnowledgeApi {
  return {
    list: () => call(() => KnowledgeGo.List() as Promise<KBList>),
    save: (a) => call(() => KnowledgeGo.Save(app.KBSaveDTO.createFrom(a)) as Promise<KBArticle>),
    setStatus: (id, status) => call(() => KnowledgeGo.SetStatus(id, status) as Promise<KBArticle>),
    remove: (id) => call(() => KnowledgeGo.Delete(id)),
    resolveConflict: (id, title, body) => call(() => KnowledgeGo.ResolveConflict(id, title, body) as Promise<KBArticle>),
    chooseImportFiles: () => call(() => KnowledgeGo.ChooseImportFiles()),
    importFiles: (paths) => call(() => KnowledgeGo.Import(paths) as Promise<KBImportResult[]>),
  };
}
