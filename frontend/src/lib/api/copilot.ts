// The copilot panel's shapes (app/copilot.go's DTOs) and its part of the api.

/** A predicted label with its confidence in [0,1]; an empty label: no prediction. */
export interface Scored {
  label: string;
  confidence: number;
  /** corrected is the agent's label instead of this one ('' when none). */
  corrected: string;
  /** accepted: the agent confirmed this label. */
  accepted: boolean;
}

export interface Triage {
  ticketId: string;
  category: Scored;
  priority: Scored;
  sentiment: Scored;
  sentimentScore: number;
  language: Scored;
  languageName: string;
  priorityReasons: string[];
  currentPriority: string;
  /** languages the detector knows, for corrections. */
  languages: string[];
  notes: string[];
  mode: string;
}

export interface Summary {
  ticketId: string;
  text: string;
  mode: string;
}

export interface Citation {
  articleId: string;
  title: string;
  headingPath: string[];
}

/** Draft is a reply draft; it is never sent by itself. */
export interface Draft {
  ticketId: string;
  text: string;
  label: string;
  citations: Citation[];
  macro: string;
  mode: string;
}

export interface SimilarTicket {
  id: string;
  number: number;
  subject: string;
  status: string;
  score: number;
  resolution: string;
  resolvedBy: string;
  resolvedAt: string;
  customerName: string;
}

export interface Similar {
  ticketId: string;
  tickets: SimilarTicket[];
  mode: string;
}

export interface SuggestedArticle {
  articleId: string;
  title: string;
  headingPath: string[];
  excerpt: string;
  score: number;
}

export interface ArticleSuggestions {
  ticketId: string;
  articles: SuggestedArticle[];
  mode: string;
}

export type TriageField = 'category' | 'priority' | 'sentiment' | 'language';

export interface Feedback {
  field: string;
  label: string;
  /** ticket after a priority change, null otherwise. */
  ticket: import('./types').Ticket | null;
  /** stored says where the example is kept (this computer, for now). */
  stored: string;
  examples: number;
}

/** CopilotApi is the copilot panel's part of DeskApi (app.Copilot). */
export interface CopilotApi {
  triage(ticketId: string): Promise<Triage>;
  summarize(ticketId: string): Promise<Summary>;
  draft(ticketId: string): Promise<Draft>;
  similar(ticketId: string): Promise<Similar>;
  suggestArticles(ticketId: string): Promise<ArticleSuggestions>;
  accept(ticketId: string, field: TriageField, label: string): Promise<Feedback>;
  correct(ticketId: string, field: TriageField, label: string): Promise<Feedback>;
}
