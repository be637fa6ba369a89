// The shapes the desktop's Go bindings (package app) exchange with the UI.
// They mirror app/dto.go; enums are plain lower-case words.

export type Status = 'new' | 'open' | 'pending' | 'handoff' | 'resolved' | 'closed';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export type AuthorKind = 'customer' | 'bot' | 'agent' | 'system';
export type View = 'open' | 'mine' | 'unassigned' | 'pending' | 'resolved' | 'all' | 'live' | 'handoff' | `saved:${string}`;

export const STATUSES: Status[] = ['new', 'open', 'pending', 'handoff', 'resolved', 'closed'];
export const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'urgent'];

export interface User {
  id: string;
  name: string;
  email: string;
  role: string;
  active: boolean;
}

export interface Company {
  id: string;
  name: string;
  widgetKey: string;
}

export interface Session {
  serverURL: string;
  company: Company;
  user: User;
  expiresAt: string;
}

export interface Remembered {
  serverURL: string;
  company: string;
  email: string;
}

export interface AppStatus {
  signedIn: boolean;
  session: Session | null;
  remembered: Remembered;
  /** offlineAvailable: the remembered account can continue offline. */
  offlineAvailable: boolean;
  /** notice says why the last session ended by itself. */
  notice: string;
}

/** SyncStatus is the status line (app.SyncStatusDTO). */
export interface SyncStatus {
  online: boolean;
  initialSync: boolean;
  pending: number;
  syncedUpTo: number;
  rejected: number;
  held: number;
}

/** Attention is a refused change or a held reply (app.AttentionDTO). */
export interface Attention {
  id: string;
  kind: string;
  summary: string;
  reason: string;
  held: boolean;
  ticketId: string;
  ticketNumber: number;
  ticketSubject: string;
  madeAt: string;
  createdAt: string;
}

export interface Ticket {
  id: string;
  number: number;
  subject: string;
  status: string;
  priority: string;
  assigneeId: string;
  assigneeName: string;
  customerName: string;
  customerEmail: string;
  product: string;
  channel: string;
  tags: string[];
  messageCount: number;
  createdAt: string;
  updatedAt: string;
  /** pending: changed here, not yet confirmed by the server. */
  pending: boolean;
  /** changedOffline explains a "changed while you were offline" mark. */
  changedOffline: string;
  /** handoverReason says why the bot handed the conversation to a person. */
  handoverReason?: string;
  /** botAnswers: the widget bot is still answering this conversation. */
  botAnswers?: boolean;
  /** lastCustomerAt is when the customer last wrote (RFC 3339, '' if unknown). */
  lastCustomerAt?: string;
  /** handoverAt and botSummary are set in the 'handoff' view only. */
  handoverAt?: string;
  botSummary?: string;
  /** triage is the ticket's category, priority, sentiment and language (settings.ts); null before the first. */
  triage?: import('./settings').TicketTriage | null;
  /** sla are the ticket's SLA clocks, computed offline (setup.ts). */
  sla?: import('./setup').SlaClock[];
  /** customFields are the ticket's custom field values by key. */
  customFields?: Record<string, string>;
}

/** Queue counts the live queue (app.QueueDTO); new lists conversations that just reached HANDOFF. */
export interface Queue {
  live: number;
  handoff: number;
  new: Ticket[];
}

export interface Message {
  id: string;
  ticketId: string;
  authorKind: string;
  authorId: string;
  authorName: string;
  body: string;
  internal: boolean;
  createdAt: string;
  pending: boolean;
}

export interface TicketDetail {
  ticket: Ticket;
  messages: Message[];
  draft: string;
  /** customerTickets are the customer's other tickets, newest first (at most 10). */
  customerTickets?: Ticket[];
}

export interface LoginInput {
  serverURL: string;
  company: string;
  email: string;
  password: string;
  remember: boolean;
}

/** InviteInput is the "join with an invitation" form. */
export interface InviteInput {
  serverURL: string;
  token: string;
  name: string;
  password: string;
  remember: boolean;
}

/** DeskApi is everything the UI may ask of the Go side. */
export interface DeskApi {
  /** copilot is the ticket view's copilot panel (app.Copilot; see copilot.ts). */
  copilot: import('./copilot').CopilotApi;
  /** settings are the admin's categories, macros and priority rules (app.Settings; settings.ts). */
  settings: import('./settings').SettingsApi;
  /** admin is the team, widget, AI provider, audit log and own availability (app.Admin; admin.ts). */
  admin: import('./admin').AdminApi;
  /** inboxPower is the saved views, bulk actions and away digest (app.Views, app.Bulk, app.Digest; inboxpower.ts). */
  inboxPower: import('./inboxpower').InboxPowerApi;
  /** macros are the composer's canned replies (app.Macros). */
  macros: import('./settings').MacrosApi;
  /** knowledge is the knowledge base editor, import and conflicts (app.Knowledge; knowledge.ts). */
  knowledge: import('./knowledge').KnowledgeApi;
  /** setup saves SLA policies, hours, assignment, custom fields and tags, and sets a ticket's custom field (setup.ts). */
  setup: import('./setup').SetupApi;
  /** presence is a heartbeat on an open ticket: who else is there, who types (presence.ts). */
  presence: import('./presence').PresenceBeat;
  /** correctTriage sets or confirms a triage label (category, priority, sentiment, language); works offline. */
  correctTriage(id: string, field: string, value: string): Promise<Ticket>;
  /** analytics is the analytics screen, computed from the local replica (app.Analytics). */
  analytics: AnalyticsApi;
  status(): Promise<AppStatus>;
  login(input: LoginInput): Promise<Session>;
  /** acceptInvite joins a company with an admin's invitation code, then signs in. */
  acceptInvite(input: InviteInput): Promise<Session>;
  /** continueOffline opens the replica with the stored session (server out of reach). */
  continueOffline(input: LoginInput): Promise<Session>;
  logout(): Promise<void>;
  listTickets(view: View): Promise<Ticket[]>;
  getTicket(id: string): Promise<TicketDetail>;
  reply(id: string, body: string): Promise<Message>;
  addNote(id: string, body: string): Promise<Message>;
  setStatus(id: string, status: string): Promise<Ticket>;
  setPriority(id: string, priority: string): Promise<Ticket>;
  assign(id: string, userId: string): Promise<Ticket>;
  assignToMe(id: string): Promise<Ticket>;
  agents(): Promise<User[]>;
  saveDraft(id: string, body: string): Promise<void>;
  syncStatus(): Promise<SyncStatus>;
  attention(): Promise<Attention[]>;
  confirmHeld(id: string): Promise<void>;
  dismiss(id: string): Promise<void>;
  reconnect(): Promise<void>;
  /** search queries the local ticket and KB indexes (search palette). */
  search(text: string, filter: SearchFilter): Promise<SearchResults>;
  /** searchMode says how search works now: 'indexing…', 'hybrid (USE-lite)' or 'lexical only'. */
  searchMode(): Promise<string>;
  /** article reads one knowledge-base article from the replica. */
  article(id: string): Promise<Article>;
  /** queue counts the live chats and the handed-over conversations. */
  queue(): Promise<Queue>;
  /** setTitle sets the window title (the Xvfb test waits on it). */
  setTitle(title: string): void;
  /** on subscribes to a Go event; it returns the unsubscribe function. */
  on(event: DeskEvent, cb: (data: unknown) => void): () => void;
}

/** Event names, as in app/events.go. */
export type DeskEvent =
  | 'session:changed'
  | 'ticket:updated'
  | 'message:added'
  | 'sync:status'
  | 'replica:changed'
  | 'queue:changed';

// Search (app/search.go).

/** Span is a highlighted range in UTF-16 offsets: text.slice(start, end). */
export interface Span {
  start: number;
  end: number;
}

export type SearchScope = '' | 'tickets' | 'kb';

export interface SearchFilter {
  statuses: string[];
  scope: SearchScope;
}

export interface TicketHit {
  id: string;
  number: number;
  subject: string;
  subjectSpans: Span[];
  status: string;
  priority: string;
  customerName: string;
  customerSpans: Span[];
  snippet: string;
  snippetSpans: Span[];
  updatedAt: string;
}

export interface ArticleHit {
  id: string;
  title: string;
  titleSpans: Span[];
  headingPath: string[];
  snippet: string;
  snippetSpans: Span[];
  status: string;
}

export interface SearchResults {
  query: string;
  tickets: TicketHit[];
  articles: ArticleHit[];
  totalTickets: number;
  mode: string;
}

/** Article is a knowledge-base article (app.ArticleDTO); body is Markdown. */
export interface Article {
  id: string;
  title: string;
  body: string;
  status: string;
  revision: number;
  updatedAt: string;
}

// Analytics (app/analytics.go; definitions in internal/analytics/doc.go).

/** SLATarget is one priority's targets in minutes (0: none). */
export interface SLATarget {
  priority: string;
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

/** DashboardRequest: the last `days` local days, or from..to (YYYY-MM-DD, both included). */
export interface DashboardRequest {
  days: number;
  from: string;
  to: string;
  /** timeZone is the IANA zone days are counted in; '' is the computer's. */
  timeZone: string;
  /** channel: 'widget' | 'desk' | 'api' | '' (all). */
  channel: string;
  /** category: a triage category, 'uncategorized' or '' (all). */
  category: string;
  assigneeId: string;
  sla: SLATarget[];
}

export interface CountRow {
  key: string;
  label: string;
  n: number;
}

export interface DayRow {
  date: string;
  created: number;
  resolved: number;
  sentimentN: number;
  /** sentiment is the mean triage sentiment score (-1..1) of sentimentN tickets. */
  sentiment: number;
}

export interface DurationStats {
  n: number;
  medianSec: number;
  p90Sec: number;
}

export interface Attainment {
  met: number;
  breached: number;
  pending: number;
  rate: number;
}

export interface AgentStats {
  id: string;
  name: string;
  open: number;
  replies: number;
  resolved: number;
  firstResponse: DurationStats;
}

/** Dashboard is app.DashboardDTO. */
export interface Dashboard {
  from: string;
  to: string;
  timeZone: string;
  computedAt: string;
  tickets: number;
  total: number;
  days: DayRow[];
  byChannel: CountRow[];
  byCategory: CountRow[];
  firstResponse: DurationStats;
  resolution: DurationStats;
  sla: { firstResponse: Attainment; resolution: Attainment } | null;
  backlog: CountRow[];
  backlogTotal: number;
  csat: { rated: number; satisfied: number; share: number; average: number };
  bot: { answered: number; resolved: number; handedOver: number; rate: number };
  handover: CountRow[];
  agents: AgentStats[];
  categories: string[];
  channels: string[];
  millis: number;
  /** preparing: a first read of a big replica runs; every figure is empty, ask again soon. */
  preparing: { done: number; total: number } | null;
}

/** AnalyticsApi is the analytics screen's part of the Go side (app.Analytics). */
export interface AnalyticsApi {
  dashboard(req: DashboardRequest): Promise<Dashboard>;
  /** exportCSV writes the dashboard as CSV into Downloads and returns the file's path. */
  exportCSV(req: DashboardRequest): Promise<string>;
  /** savePNG saves a PNG data URL as name.png into Downloads and returns the path. */
  savePNG(dataURL: string, name: string): Promise<string>;
}
