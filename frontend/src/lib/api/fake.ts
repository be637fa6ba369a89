// FakeDesk is an in-memory DeskApi for tests: it keeps tickets and messages,
// records calls, and can be told to fail the next call with a given error.
import { ApiError } from './errors';
import { FakeCopilot } from './fakecopilot';
import { FakeMacros, FakeSettings } from './fakesettings';
import { FakeAdmin } from './fakeadmin';
import { FakeSetup } from './fakesetup';
import { FakeKnowledge } from './fakeknowledge';
import { FakeInboxPower } from './fakeinboxpower';
import type { TicketTriage } from './settings';
import type {
  AppStatus,
  Attention,
  SyncStatus,
  DeskApi,
  AnalyticsApi,
  Dashboard,
  DashboardRequest,
  DeskEvent,
  Article,
  SearchFilter,
  SearchResults,
  Span,
  LoginInput,
  Message,
  Queue,
  Session,
  Ticket,
  TicketDetail,
  User,
  View,
} from './types';

const OPEN = new Set(['new', 'open', 'pending', 'handoff']);

export class FakeDesk implements DeskApi {
  /** copilot reads this fake's tickets, messages and articles (fakecopilot.ts). */
  copilot: FakeCopilot = new FakeCopilot(this);
  /** settings and macros are the fake's desk settings and canned replies (fakesettings.ts). */
  settings: FakeSettings = new FakeSettings(this);
  macros: FakeMacros = new FakeMacros(this, this.settings);
  /** admin is the fake's team, widget, AI provider and audit log (fakeadmin.ts). */
  admin: FakeAdmin = new FakeAdmin(this);
  /** setup is the fake's SLA, hours, assignment, field and tag settings (fakesetup.ts); settings.list() includes them. */
  setup: FakeSetup = new FakeSetup(this);
  /** knowledge is the fake's knowledge base (fakeknowledge.ts). */
  knowledge: FakeKnowledge = new FakeKnowledge(this);
  private readonly setupWired = (this.settings.extra = () => this.setup.data);
  /** inboxPower is the fake's saved views, bulk actions and digest (fakeinboxpower.ts). */
  inboxPower: FakeInboxPower = new FakeInboxPower(this);
  /** analytics answers with a settable dashboard and records exports (FakeAnalytics below). */
  analytics: FakeAnalytics = new FakeAnalytics();
  users: User[] = [
    { id: 'u-maya', name: 'Maya Chen', email: 'maya@northwind.test', role: 'agent', active: true },
    { id: 'u-sam', name: 'Sam Ortiz', email: 'sam@northwind.test', role: 'agent', active: true },
  ];
  password = 'frontline-demo';
  session: Session | null = null;
  tickets: Ticket[] = [];
  messages = new Map<string, Message[]>();
  calls: string[] = [];
  failNext: ApiError | null = null;
  /** online is what the fake's status line says; offline writes stay pending. */
  sync: SyncStatus = { online: true, initialSync: false, pending: 0, syncedUpTo: 1, rejected: 0, held: 0 };
  items: Attention[] = [];
  drafts = new Map<string, string>();
  storedSession = false;
  private listeners = new Map<string, Set<(d: unknown) => void>>();
  private seq = 0;
  private clock = Date.parse('2026-03-01T09:00:00Z');

  addTicket(t: Partial<Ticket> & { subject: string }, firstMessage = 'Hello, I need help.'): Ticket {
    this.seq++;
    const ticket: Ticket = {
      id: `t${this.seq}`,
      number: 1000 + this.seq,
      status: 'new',
      priority: 'normal',
      assigneeId: '',
      assigneeName: '',
      customerName: 'Riley Customer',
      customerEmail: 'riley@example.com',
      product: '',
      channel: 'widget',
      tags: [],
      messageCount: 1,
      pending: false,
      changedOffline: '',
      createdAt: this.tick(),
      updatedAt: this.tick(),
      ...t,
    };
    this.tickets.push(ticket);
    this.messages.set(ticket.id, [this.message(ticket.id, 'customer', ticket.customerName, firstMessage, false)]);
    return ticket;
  }

  emit(event: DeskEvent, data: unknown): void {
    for (const cb of this.listeners.get(event) ?? []) cb(data);
  }

  title = '';

  setTitle(title: string): void {
    this.title = title;
  }

  on(event: DeskEvent, cb: (data: unknown) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(cb);
    return () => set.delete(cb);
  }

  async status(): Promise<AppStatus> {
    this.record('status');
    return {
      signedIn: this.session !== null,
      session: this.session,
      remembered: { serverURL: 'http://127.0.0.1:8080', company: '', email: '' },
      offlineAvailable: this.storedSession,
      notice: '',
    };
  }

  /** invites are the fake's open invitation codes, by code. */
  invites = new Map<string, string>([['fli_fake-invite', 'lee@example.com']]);

  async acceptInvite(i: import('./types').InviteInput): Promise<Session> {
    this.record('acceptInvite');
    if (!i.token.startsWith('fli_')) throw new ApiError('Paste the invitation code your admin sent', 'invalid', 'token');
    if (!i.name.trim()) throw new ApiError('Enter your name', 'invalid', 'name');
    if (i.password.length < 10) throw new ApiError('Choose a password of at least 10 characters', 'invalid', 'password');
    const email = this.invites.get(i.token);
    if (!email) throw new ApiError('This invitation is not valid any more — ask your admin for a new one', 'invalid', 'token');
    this.invites.delete(i.token);
    const user = { ...this.users[0], id: 'u-new', name: i.name.trim(), email, role: 'agent' };
    this.session = { serverURL: i.serverURL, company: { id: 'c1', name: 'Northwind Bikes', widgetKey: '' }, user, expiresAt: '' };
    return this.session;
  }

  async continueOffline(i: LoginInput): Promise<Session> {
    this.record('offline');
    if (!this.storedSession) {
      throw new ApiError('This computer has no saved session for that account — connect to the server to sign in', 'auth');
    }
    if (i.password !== this.password) throw new ApiError('Wrong password', 'auth', 'password');
    const user = this.users[0];
    this.session = { serverURL: i.serverURL, company: { id: 'c1', name: 'Northwind Bikes', widgetKey: '' }, user, expiresAt: '' };
    this.setSync({ online: false });
    return this.session;
  }

  setSync(patch: Partial<SyncStatus>): void {
    this.sync = { ...this.sync, ...patch };
    this.emit('sync:status', { ...this.sync });
  }

  async saveDraft(id: string, body: string): Promise<void> {
    this.record(`draft:${id}`);
    this.find(id);
    this.drafts.set(id, body);
  }

  async syncStatus(): Promise<SyncStatus> {
    this.record('sync');
    return { ...this.sync };
  }

  async attention(): Promise<Attention[]> {
    this.record('attention');
    return this.items.map((x) => ({ ...x }));
  }

  async confirmHeld(id: string): Promise<void> {
    this.record(`confirm:${id}`);
    if (this.items.find((x) => x.id === id)?.held === false) {
      throw new ApiError('Only a held reply can be sent anyway', 'invalid');
    }
    this.takeItem(id);
  }

  async dismiss(id: string): Promise<void> {
    this.record(`dismiss:${id}`);
    this.takeItem(id);
  }

  async reconnect(): Promise<void> {
    this.record('reconnect');
  }

  /** articles is the fake's knowledge base; mode is what searchMode says. */
  articles: Article[] = [];
  mode = 'lexical only';

  addArticle(a: Partial<Article> & { title: string; body: string }): Article {
    this.seq++;
    const art: Article = { id: `a${this.seq}`, status: 'published', revision: 1, updatedAt: this.tick(), ...a };
    this.articles.push(art);
    return art;
  }

  async searchMode(): Promise<string> {
    this.record('mode');
    return this.mode;
  }

  // search matches every word (case-insensitive, the last as a prefix, so
  // any substring) against subject, messages and customer, like app.Search.
  async search(text: string, filter: SearchFilter): Promise<SearchResults> {
    this.record(`search:${text}`);
    this.me();
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    const out: SearchResults = { query: text, tickets: [], articles: [], totalTickets: 0, mode: this.mode };
    if (words.length === 0) return out;
    const spans = (s: string): Span[] => fakeSpans(s, words);
    const all = (s: string): boolean => words.every((w) => s.toLowerCase().includes(w));
    if (filter.scope !== 'kb') {
      for (const t of this.tickets) {
        if (filter.statuses.length > 0 && !filter.statuses.includes(t.status)) continue;
        const msgs = (this.messages.get(t.id) ?? []).map((m) => m.body);
        if (!all([t.subject, t.customerName, t.customerEmail, ...msgs].join(' '))) continue;
        const best = msgs.find((m) => spans(m).length > 0) ?? msgs[0] ?? '';
        out.tickets.push({
          id: t.id, number: t.number, subject: t.subject, subjectSpans: spans(t.subject), status: t.status,
          priority: t.priority, customerName: t.customerName, customerSpans: spans(t.customerName),
          snippet: best, snippetSpans: spans(best), updatedAt: t.updatedAt,
        });
      }
      out.totalTickets = out.tickets.length;
    }
    if (filter.scope !== 'tickets') {
      for (const a of this.articles) {
        if (!all(a.title + ' ' + a.body)) continue;
        out.articles.push({
          id: a.id, title: a.title, titleSpans: spans(a.title), headingPath: [a.title], snippet: a.body,
          snippetSpans: spans(a.body), status: a.status,
        });
      }
    }
    return out;
  }

  async article(id: string): Promise<Article> {
    this.record(`article:${id}`);
    this.me();
    const a = this.articles.find((x) => x.id === id);
    if (!a) throw new ApiError('That article no longer exists', 'notfound');
    return { ...a };
  }

  private takeItem(id: string): Attention {
    const i = this.items.findIndex((x) => x.id === id);
    if (i < 0) throw new ApiError('That item was already dealt with', 'notfound');
    const [it] = this.items.splice(i, 1);
    this.setSync(it.held ? { held: this.sync.held - 1 } : { rejected: this.sync.rejected - 1 });
    return it;
  }

  async login(i: LoginInput): Promise<Session> {
    this.record('login');
    if (!i.company.trim()) throw new ApiError('Enter your company name', 'invalid', 'company');
    const user = this.users.find((u) => u.email === i.email.trim().toLowerCase());
    if (!user || i.password !== this.password || i.company.toLowerCase() !== 'northwind bikes') {
      throw new ApiError('Wrong company, email or password', 'auth');
    }
    this.session = {
      serverURL: i.serverURL,
      company: { id: 'c1', name: 'Northwind Bikes', widgetKey: 'flw_demo_northwind_bikes' },
      user,
      expiresAt: '',
    };
    return this.session;
  }

  async logout(): Promise<void> {
    this.record('logout');
    this.session = null;
  }

  async listTickets(view: View): Promise<Ticket[]> {
    this.record(`list:${view}`);
    if (view.startsWith('saved:')) return this.inboxPower.views.runSaved(view.slice(6), 200);
    const me = this.me().id;
    const match = (t: Ticket): boolean => {
      switch (view) {
        case 'open':
          return OPEN.has(t.status);
        case 'mine':
          return OPEN.has(t.status) && t.assigneeId === me;
        case 'unassigned':
          return OPEN.has(t.status) && t.assigneeId === '';
        case 'pending':
          return t.status === 'pending';
        case 'resolved':
          return t.status === 'resolved' || t.status === 'closed';
        case 'all':
          return true;
        case 'live':
          return this.isLive(t);
        case 'handoff':
          return t.status === 'handoff';
        default:
          return false;
      }
    };
    const rows = this.tickets.filter(match).map((t) => ({ ...t }));
    // Like app/queue.go: the handed-over queue oldest first, live chats by
    // the customer's latest message, every other view by latest activity.
    if (view === 'handoff') return rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    if (view === 'live') return rows.sort((a, b) => (b.lastCustomerAt ?? '').localeCompare(a.lastCustomerAt ?? ''));
    return rows.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  /** liveNow is the fake's "now" for the live view (5-minute window as in app.LiveWindow). */
  liveNow = Date.parse('2026-03-01T09:10:00Z');

  private isLive(t: Ticket): boolean {
    if (t.channel !== 'widget' || (t.status !== 'new' && t.status !== 'open')) return false;
    if (t.botAnswers) return true;
    const last = Date.parse(t.lastCustomerAt ?? '');
    return !Number.isNaN(last) && this.liveNow - last <= 5 * 60_000;
  }

  async queue(): Promise<Queue> {
    this.record('queue');
    return {
      live: this.tickets.filter((t) => this.isLive(t)).length,
      handoff: this.tickets.filter((t) => t.status === 'handoff').length,
      new: [],
    };
  }

  async getTicket(id: string): Promise<TicketDetail> {
    this.record(`get:${id}`);
    const t = this.find(id);
    const others = this.tickets.filter((o) => o.id !== id && o.customerEmail === t.customerEmail).slice(0, 10);
    return { ticket: { ...t }, messages: [...(this.messages.get(id) ?? [])], draft: this.drafts.get(id) ?? '', customerTickets: others.map((o) => ({ ...o })) };
  }

  async reply(id: string, body: string): Promise<Message> {
    return this.add(id, body, false);
  }

  async addNote(id: string, body: string): Promise<Message> {
    return this.add(id, body, true);
  }

  async setStatus(id: string, status: string): Promise<Ticket> {
    this.record(`status:${id}:${status}`);
    const t = this.find(id);
    if (t.status === 'closed' && status !== 'closed') {
      throw new ApiError('Ticket cannot move from closed to ' + status, 'invalid', 'status');
    }
    return this.touch(t, { status });
  }

  async setPriority(id: string, priority: string): Promise<Ticket> {
    this.record(`priority:${id}:${priority}`);
    return this.touch(this.find(id), { priority });
  }

  /** patchTicket changes a ticket as a queued change would, and says so (ticket:updated). */
  patchTicket(id: string, patch: Partial<Ticket>): Ticket {
    const t = this.touch(this.find(id), patch);
    this.emit('ticket:updated', t);
    return t;
  }

  /** viewers are who else the fake says has each ticket open (presence). */
  viewers: Record<string, import('./presence').Viewer[]> = {};
  presenceCalls: { id: string; typing: boolean; leaving: boolean }[] = [];

  async presence(id: string, typing: boolean, leaving: boolean): Promise<import('./presence').Presence> {
    this.presenceCalls.push({ id, typing, leaving });
    const online = this.sync.online;
    return { online, viewers: online ? (this.viewers[id] ?? []) : [], customerTyping: false };
  }

  async correctTriage(id: string, field: string, value: string): Promise<Ticket> {
    this.record(`triage:${id}:${field}:${value}`);
    if (field === 'priority') return this.setPriority(id, value);
    const t = this.find(id);
    let v = value.trim();
    if (field === 'category') {
      const c = this.settings.categories.find((x) => x.name.toLowerCase() === v.toLowerCase());
      if (!c) throw new ApiError('Choose one of your company\'s categories', 'invalid', 'value');
      v = c.name;
    } else if (field === 'sentiment') {
      v = v.toLowerCase();
      if (!['negative', 'neutral', 'positive'].includes(v)) throw new ApiError('Sentiment is negative, neutral or positive', 'invalid', 'value');
    } else if (field === 'language') {
      v = v.toLowerCase();
      if (!/^[a-z]{2}$/.test(v)) throw new ApiError('Unknown language code', 'invalid', 'value');
    } else {
      throw new ApiError(`Unknown triage field "${field}"`, 'invalid', 'field');
    }
    const none = { label: '', confidence: 0 };
    const tr: TicketTriage = t.triage
      ? structuredClone(t.triage)
      : { category: none, priority: none, sentiment: none, sentimentScore: 0, language: none, priorityReasons: [], triagedAt: '', corrected: [], correctedBy: '' };
    (tr as unknown as Record<string, unknown>)[field] = { label: v, confidence: 1 };
    if (!tr.corrected.includes(field)) tr.corrected = [...tr.corrected, field];
    tr.correctedBy = this.session?.user.name ?? '';
    return this.patchTicket(id, { triage: tr });
  }

  async assign(id: string, userId: string): Promise<Ticket> {
    this.record(`assign:${id}:${userId}`);
    const u = this.users.find((x) => x.id === userId);
    return this.touch(this.find(id), { assigneeId: userId, assigneeName: u?.name ?? '' });
  }

  async assignToMe(id: string): Promise<Ticket> {
    return this.assign(id, this.me().id);
  }

  async agents(): Promise<User[]> {
    this.record('agents');
    return [...this.users];
  }

  private add(id: string, body: string, internal: boolean): Message {
    this.record(`${internal ? 'note' : 'reply'}:${id}`);
    if (!body.trim()) throw new ApiError('Write something first', 'invalid', 'body');
    const t = this.find(id);
    const m = { ...this.message(id, 'agent', this.me().name, body, internal), pending: !this.sync.online };
    this.messages.get(id)?.push(m);
    const status = !internal && (t.status === 'new' || t.status === 'handoff') ? 'open' : t.status;
    const updated = this.touch(t, { status, messageCount: t.messageCount + 1 });
    this.emit('message:added', m);
    this.emit('ticket:updated', updated);
    return m;
  }

  private record(call: string): void {
    this.calls.push(call);
    if (this.failNext) {
      const err = this.failNext;
      this.failNext = null;
      throw err;
    }
  }

  private me(): User {
    if (!this.session) throw new ApiError('Please sign in first', 'auth');
    return this.session.user;
  }

  private find(id: string): Ticket {
    this.me();
    const t = this.tickets.find((x) => x.id === id);
    if (!t) throw new ApiError('That ticket no longer exists', 'notfound');
    return t;
  }

  private touch(t: Ticket, patch: Partial<Ticket>): Ticket {
    // Offline, a change is queued: it shows at once and counts as pending.
    if (!this.sync.online) this.setSync({ pending: this.sync.pending + 1 });
    Object.assign(t, patch, { updatedAt: this.tick(), pending: !this.sync.online });
    return { ...t };
  }

  private message(ticketId: string, kind: string, name: string, body: string, internal: boolean): Message {
    this.seq++;
    return {
      id: `m${this.seq}`,
      ticketId,
      authorKind: kind,
      authorId: '',
      authorName: name,
      body,
      internal,
      createdAt: this.tick(),
      pending: false,
    };
  }

  private tick(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString().replace('.000Z', 'Z');
  }
}

/** fakeSpans finds every case-insensitive occurrence of the words in s. */
function fakeSpans(s: string, words: string[]): Span[] {
  const lower = s.toLowerCase();
  const out: Span[] = [];
  for (const w of words) {
    for (let i = lower.indexOf(w); i >= 0; i = lower.indexOf(w, i + w.length)) out.push({ start: i, end: i + w.length });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** emptyDashboard is a dashboard with no tickets over the given days. */
export function emptyDashboard(days: string[] = []): Dashboard {
  return {
    from: days[0] ?? '',
    to: days[days.length - 1] ?? '',
    timeZone: 'UTC',
    computedAt: '',
    tickets: 0,
    total: 0,
    days: days.map((date) => ({ date, created: 0, resolved: 0, sentimentN: 0, sentiment: 0 })),
    byChannel: [],
    byCategory: [],
    firstResponse: { n: 0, medianSec: 0, p90Sec: 0 },
    resolution: { n: 0, medianSec: 0, p90Sec: 0 },
    sla: null,
    backlog: ['< 1 day', '1-3 days', '3-7 days', '7-30 days', '30+ days'].map((k) => ({ key: k, label: k, n: 0 })),
    backlogTotal: 0,
    csat: { rated: 0, satisfied: 0, share: 0, average: 0 },
    bot: { answered: 0, resolved: 0, handedOver: 0, rate: 0 },
    handover: [],
    agents: [],
    categories: ['uncategorized'],
    channels: [],
    millis: 0,
    preparing: null,
  };
}

/**
 * FakeAnalytics is the analytics part of FakeDesk: it returns `result`
 * (or what `compute` makes of a request), keeps every request, and "saves"
 * exports into `files` (path -> content).
 */
export class FakeAnalytics implements AnalyticsApi {
  result: Dashboard = emptyDashboard();
  compute: ((req: DashboardRequest) => Dashboard) | null = null;
  requests: DashboardRequest[] = [];
  files = new Map<string, string>();
  failNext: ApiError | null = null;
  /** hold makes dashboard() wait until release() (to test overlapping loads). */
  private held: (() => void)[] = [];
  hold = false;

  release(): void {
    const h = this.held;
    this.held = [];
    h.forEach((f) => f());
  }

  private check(): void {
    const e = this.failNext;
    this.failNext = null;
    if (e) throw e;
  }

  async dashboard(req: DashboardRequest): Promise<Dashboard> {
    this.requests.push(structuredClone(req));
    if (this.hold) await new Promise<void>((r) => this.held.push(r));
    this.check();
    return structuredClone(this.compute ? this.compute(req) : this.result);
  }

  async exportCSV(req: DashboardRequest): Promise<string> {
    this.requests.push(structuredClone(req));
    this.check();
    const path = `/home/agent/Downloads/frontline-analytics-${this.files.size + 1}.csv`;
    this.files.set(path, `section,key,value,unit\ntickets,created,${this.result.total},tickets\n`);
    return path;
  }

  async savePNG(dataURL: string, name: string): Promise<string> {
    this.check();
    if (!dataURL.startsWith('data:image/png;base64,')) throw new ApiError('That is not a PNG image', 'invalid', 'image');
    const path = `/home/agent/Downloads/${name}.png`;
    this.files.set(path, dataURL);
    return path;
  }
}
