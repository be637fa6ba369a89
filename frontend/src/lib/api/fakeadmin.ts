// FakeAdmin is the admin part of FakeDesk: the team, the widget, the LLM
// provider and the audit log in memory. Like the Go side, the team and the
// log read offline, everything else needs the fake to be online, only
// admins may change things, and refusals name the form field.
import { ApiError } from './errors';
import type { AdminApi, Agent, Agents, AIKey, AISettings, AITest, AuditEntry, AuditLog, AuditQuery, Invite, WidgetSettings } from './admin';
import type { Session, SyncStatus } from './types';

/** The part of FakeDesk the admin sections read. */
export interface FakeAdminSource {
  session: Session | null;
  sync: SyncStatus;
  settings: { categories: { name: string }[] };
}

export const OFFLINE_ADMIN = 'This needs a connection to the server — try again when you are online';

const SERVER = 'http://127.0.0.1:8080';
const KEY = 'flw_demo_northwind_bikes';

export class FakeAdmin implements AdminApi {
  team: Agent[] = [
    { id: 'u-ada', name: 'Ada Park', email: 'ada@northwind.test', role: 'admin', active: true, availability: 'available', capacity: 0, skills: [], joinedAt: '2026-01-05T09:00:00Z', me: false },
    { id: 'u-maya', name: 'Maya Chen', email: 'maya@northwind.test', role: 'agent', active: true, availability: 'available', capacity: 8, skills: [], joinedAt: '2026-01-06T09:00:00Z', me: false },
    { id: 'u-sam', name: 'Sam Ortiz', email: 'sam@northwind.test', role: 'agent', active: true, availability: 'away', capacity: 0, skills: [], joinedAt: '2026-01-07T09:00:00Z', me: false },
  ];
  widgetSettings: WidgetSettings = {
    allowedOrigins: [], accentColor: '#2563eb', greeting: 'Hi! How can we help?', botName: 'Frontline bot', botTone: 'friendly', botEnabled: true,
    inactivityMinutes: 30, timeZone: '', days: [], holidays: [], widgetKey: KEY, serverURL: SERVER,
    embed: `<script src="${SERVER}/widget.js" data-widget-key="${KEY}" async></script>`,
  };
  aiSettings: AISettings = {
    provider: 'none', model: '', baseURL: '', timeoutSeconds: 0, prices: [], apiKeyMasked: '', apiKeySet: false,
    usage: { calls: 0, failures: 0, retries: 0, promptTokens: 0, completionTokens: 0, costUSD: 0 },
    mode: 'Offline defaults: the bot and copilot use the built-in knowledge-base search, rules and templates; no LLM is called',
  };
  /** testResult is what testAI answers. */
  testResult: AITest = { ok: true, error: '', reply: 'pong', latencyMs: 120 };
  audit: AuditEntry[] = [];
  calls: string[] = [];
  failNext: ApiError | null = null;
  private seq = 0;
  private clock = Date.parse('2026-03-01T09:00:00Z');

  constructor(private readonly desk: FakeAdminSource) {}

  private check(op: string): void {
    this.calls.push(op);
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      throw e;
    }
  }

  private online(op: string): void {
    this.check(op);
    if (!this.desk.sync.online) throw new ApiError(OFFLINE_ADMIN, 'offline');
  }

  private write(op: string): void {
    this.online(op);
    if (this.desk.session?.user.role !== 'admin') throw new ApiError('You are not allowed to do that', 'permission');
  }

  private record(action: string, targetId: string, summary: string): void {
    this.seq++;
    this.clock += 60_000;
    const u = this.desk.session?.user;
    this.audit = [
      { id: `a${this.seq}`, at: new Date(this.clock).toISOString().replace('.000', ''), actorId: u?.id ?? '', actorName: u?.name ?? '', action, targetId, summary },
      ...this.audit,
    ];
  }

  private user(id: string): Agent {
    const u = this.team.find((a) => a.id === id);
    if (!u) throw new ApiError('That user no longer exists', 'notfound');
    return u;
  }

  private patch(id: string, p: Partial<Agent>): Agent {
    const out = { ...this.user(id), ...p };
    this.team = this.team.map((a) => (a.id === id ? out : a));
    return this.mine(out);
  }

  private mine(a: Agent): Agent {
    return { ...a, skills: [...a.skills], me: a.id === this.desk.session?.user.id };
  }

  async agents(): Promise<Agents> {
    this.check('agents');
    const agents = this.team.map((a) => this.mine(a)).sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));
    return {
      agents, categories: this.desk.settings.categories.map((c) => c.name).sort(),
      canEdit: this.desk.session?.user.role === 'admin', online: this.desk.sync.online,
    };
  }

  async invite(email: string, role: string): Promise<Invite> {
    this.write(`invite:${email}`);
    const addr = email.trim().toLowerCase();
    if (!addr) throw new ApiError('Enter the email address to invite', 'invalid', 'email');
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(addr)) throw new ApiError('Must be an email address', 'invalid', 'email');
    if (this.team.some((a) => a.email === addr)) throw new ApiError('A user with this email already exists', 'invalid', 'email');
    if (role !== 'agent' && role !== 'admin') throw new ApiError('Choose agent or admin', 'invalid', 'role');
    this.record('user.invite', '', `Invited ${addr} as ${role}`);
    return { email: addr, role, token: `fli_fake${this.seq}`, expiresAt: '2026-03-08T09:00:00Z', serverURL: SERVER, company: 'Northwind Bikes' };
  }

  async setRole(userId: string, role: string): Promise<Agent> {
    this.write(`setRole:${userId}:${role}`);
    const u = this.user(userId);
    if (role === 'agent' && u.role === 'admin' && this.team.filter((a) => a.role === 'admin' && a.active).length === 1) {
      throw new ApiError('The company needs at least one active admin', 'invalid');
    }
    this.record('user.role', userId, `Role of ${u.name} set to ${role}`);
    return this.patch(userId, { role });
  }

  async deactivate(userId: string): Promise<Agent> {
    this.write(`deactivate:${userId}`);
    if (userId === this.desk.session?.user.id) throw new ApiError('You cannot deactivate yourself — ask another admin', 'invalid');
    const u = this.user(userId);
    this.record('user.deactivate', userId, `${u.name} deactivated`);
    return this.patch(userId, { active: false });
  }

  async updateProfile(userId: string, capacity: number, skills: string[]): Promise<Agent> {
    this.write(`updateProfile:${userId}`);
    if (!Number.isInteger(capacity) || capacity < 0 || capacity > 1000) throw new ApiError('Capacity is 0 (no limit) to 1000 open tickets', 'invalid', 'capacity');
    const known = new Set(this.desk.settings.categories.map((c) => c.name));
    const s = skills.map((x) => x.trim()).filter(Boolean);
    const bad = s.find((x) => !known.has(x));
    if (bad) throw new ApiError(`"${bad}" is not one of the company's categories`, 'invalid', 'skills');
    const u = this.user(userId);
    this.record('user.profile', userId, `Profile of ${u.name} set`);
    return this.patch(userId, { capacity, skills: s });
  }

  async availability(): Promise<string> {
    this.check('availability');
    return this.team.find((a) => a.id === this.desk.session?.user.id)?.availability ?? 'available';
  }

  async setAvailability(a: string): Promise<string> {
    this.online(`setAvailability:${a}`);
    if (a !== 'available' && a !== 'away') throw new ApiError('Choose available or away', 'invalid', 'availability');
    const id = this.desk.session?.user.id ?? '';
    if (this.team.some((u) => u.id === id)) this.patch(id, { availability: a });
    return a;
  }

  async widget(): Promise<WidgetSettings> {
    this.online('widget');
    return structuredClone(this.widgetSettings);
  }

  async saveWidget(w: WidgetSettings): Promise<WidgetSettings> {
    this.write('saveWidget');
    if (w.accentColor && !/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(w.accentColor.trim())) {
      throw new ApiError('Must be a hex colour such as #2563eb', 'invalid', 'accentColor');
    }
    const bad = w.allowedOrigins.find((o) => o.trim() && !/^https?:\/\/[^/\s]+$/.test(o.trim()));
    if (bad) throw new ApiError(`"${bad}" is not an origin such as https://example.com`, 'invalid', 'allowedOrigins');
    if (w.inactivityMinutes !== 0 && (w.inactivityMinutes < 5 || w.inactivityMinutes > 10080)) {
      throw new ApiError('Must be 0 (default) or 5 to 10080', 'invalid', 'inactivityMinutes');
    }
    const out: WidgetSettings = { ...structuredClone(w), allowedOrigins: w.allowedOrigins.map((o) => o.trim()).filter(Boolean) };
    out.widgetKey = KEY;
    out.serverURL = SERVER;
    out.embed = this.widgetSettings.embed;
    this.widgetSettings = out;
    this.record('widget.update', '', 'Widget settings saved');
    return structuredClone(out);
  }

  async ai(): Promise<AISettings> {
    this.online('ai');
    return structuredClone(this.aiSettings);
  }

  async saveAI(s: AISettings, key: AIKey): Promise<AISettings> {
    this.write('saveAI');
    const provider = s.provider.trim().toLowerCase() || 'none';
    if (!['none', 'openai', 'ollama', 'gemini', 'anthropic'].includes(provider)) {
      throw new ApiError('Must be none, openai, ollama, anthropic or gemini', 'invalid', 'provider');
    }
    if (provider !== 'none' && !s.model.trim()) throw new ApiError('Required', 'invalid', 'model');
    const apiKeySet = key.clear ? false : key.apiKey.trim() ? true : this.aiSettings.apiKeySet;
    if ((provider === 'anthropic' || provider === 'gemini') && !apiKeySet) throw new ApiError(`Required for ${provider}`, 'invalid', 'apiKey');
    const k = key.apiKey.trim();
    const apiKeyMasked = key.clear ? '' : k ? `${k.slice(0, 3)}…${k.slice(-4)}` : this.aiSettings.apiKeyMasked;
    this.aiSettings = {
      ...structuredClone(s), provider, apiKeySet, apiKeyMasked, usage: this.aiSettings.usage,
      prices: s.prices.filter((p) => p.model.trim()),
      mode: provider === 'none'
        ? this.aiSettings.mode.startsWith('Offline') ? this.aiSettings.mode : 'Offline defaults: no LLM is called'
        : `LLM: the bot and copilot call ${provider} (${s.model}); when it fails they fall back to the offline defaults`,
    };
    this.record('ai.update', '', `AI provider set to ${provider}`);
    return structuredClone(this.aiSettings);
  }

  async testAI(s: AISettings): Promise<AITest> {
    this.write(`testAI:${s.provider}`);
    return { ...this.testResult };
  }

  async auditLog(q: AuditQuery): Promise<AuditLog> {
    this.check(`auditLog:${q.action}:${q.text}`);
    const text = q.text.trim().toLowerCase();
    const act = q.action.trim();
    const all = this.audit.filter((e) =>
      (!act || (act.endsWith('.') ? e.action.startsWith(act) : e.action === act)) &&
      (!text || [e.summary, e.actorName, e.action, e.targetId].some((f) => f.toLowerCase().includes(text))));
    return {
      entries: all.slice(0, q.limit > 0 ? q.limit : 500).map((e) => ({ ...e })),
      actions: [...new Set(this.audit.map((e) => e.action))].sort(),
      total: all.length,
    };
  }
}
