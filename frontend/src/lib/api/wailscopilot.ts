// The copilot's Wails bindings (app.Copilot); see wails.ts.
import * as CopilotGo from '../../../wailsjs/go/app/Copilot';
import { call } from './errors';
import type { ArticleSuggestions, CopilotApi, Draft, Feedback, Similar, Summary, Triage } from './copilot';

export function wailsCopilot(): CopilotApi {
  return {
    triage: (id) => call(() => CopilotGo.Triage(id) as Promise<Triage>),
    summarize: (id) => call(() => CopilotGo.Summarize(id) as Promise<Summary>),
    draft: (id) => call(() => CopilotGo.Draft(id) as Promise<Draft>),
    similar: (id) => call(() => CopilotGo.SimilarTickets(id) as Promise<Similar>),
    suggestArticles: (id) => call(() => CopilotGo.SuggestArticles(id) as Promise<ArticleSuggestions>),
    accept: (id, field, label) => call(() => CopilotGo.Accept(id, field, label) as Promise<Feedback>),
    correct: (id, field, label) => call(() => CopilotGo.Correct(id, field, label) as Promise<Feedback>),
  };
}
