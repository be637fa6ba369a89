// The desk settings (app/settings.go), the ticket's triage labels and the
// composer's macros (app/triage.go): shapes and their part of the api.

/** Category is one of the tenant's ticket categories. */
export interface Category {
  id: string;
  name: string;
  description: string;
  examples: string[];
  updatedAt: string;
}

/** Macro is a canned reply; its body may use the variables in Settings.variables. */
export interface Macro {
  id: string;
  title: string;
  body: string;
  addTags: string[];
  category: string;
  updatedAt: string;
}

export interface KeywordRule {
  words: string[];
  priority: string;
}

export interface TierRule {
  tier: string;
  priority: string;
}

/** PriorityRules are the admin's rules; id is '' while the company has none. */
export interface PriorityRules {
  id: string;
  keywordRules: KeywordRule[];
  tierRules: TierRule[];
  /** negativeBelow in [-1,0): a sentiment score at or below it proposes negativePriority; 0 turns it off. */
  negativeBelow: number;
  negativePriority: string;
  updatedAt: string;
}

export interface Settings extends Partial<import('./setup').SetupData> {
  categories: Category[];
  macros: Macro[];
  priorityRules: PriorityRules;
  /** canEdit: the signed-in user is an admin. */
  canEdit: boolean;
  /** online: changes can be saved now. */
  online: boolean;
  /** variables are the macro variables ("customer.first_name", ...). */
  variables: string[];
}

/** AppliedMacro is a macro expanded for one ticket (its tags already added). */
export interface AppliedMacro {
  macroId: string;
  title: string;
  text: string;
  addTags: string[];
  unknownVars: string[];
  emptyVars: string[];
  ticket: import('./types').Ticket;
}

/** Label is a triage label with its confidence in [0,1]. */
export interface Label {
  label: string;
  confidence: number;
}

/** TicketTriage is a ticket's triage (Ticket.triage; null before the first). */
export interface TicketTriage {
  category: Label;
  priority: Label;
  sentiment: Label;
  sentimentScore: number;
  language: Label;
  priorityReasons: string[];
  triagedAt: string;
  /** corrected names the fields an agent set or confirmed. */
  corrected: string[];
  correctedBy: string;
}

/** SettingsApi is app.Settings. Writes need the server; the server decides who may. */
export interface SettingsApi {
  list(): Promise<Settings>;
  saveCategory(c: Category): Promise<Category>;
  deleteCategory(id: string): Promise<void>;
  saveMacro(m: Macro): Promise<Macro>;
  deleteMacro(id: string): Promise<void>;
  savePriorityRules(p: PriorityRules): Promise<PriorityRules>;
}

/** MacrosApi is app.Macros, the composer's part. */
export interface MacrosApi {
  list(): Promise<Macro[]>;
  apply(ticketId: string, macroId: string): Promise<AppliedMacro>;
}

/** VARIABLES are the macro variables (app: macro.Variables). */
export const VARIABLES = [
  'customer.name',
  'customer.first_name',
  'customer.email',
  'agent.name',
  'agent.first_name',
  'ticket.number',
  'ticket.subject',
  'company.name',
];
