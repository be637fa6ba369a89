// The admin's sections of the settings screen (app/admin.go): the team,
// the customer widget and bot, the LLM provider and the audit log; plus the
// signed-in user's availability (the header toggle).

export type Availability = 'available' | 'away';

/** Agent is one user of the company. */
export interface Agent {
  id: string;
  name: string;
  email: string;
  role: string;
  active: boolean;
  availability: Availability | string;
  /** capacity is the most open tickets automatic assignment gives them; 0 means no limit. */
  capacity: number;
  /** skills are category names; none means every category. */
  skills: string[];
  joinedAt: string;
  /** me marks the signed-in user. */
  me: boolean;
}

export interface Agents {
  agents: Agent[];
  /** categories are the possible skills. */
  categories: string[];
  canEdit: boolean;
  online: boolean;
}

/** Invite is an invitation to pass on; the token is shown once. */
export interface Invite {
  email: string;
  role: string;
  token: string;
  expiresAt: string;
  serverURL: string;
  company: string;
}

export interface OpeningHours {
  /** weekday is 0 (Sunday) to 6 (Saturday). */
  weekday: number;
  open: string;
  close: string;
}

export interface WidgetSettings {
  allowedOrigins: string[];
  accentColor: string;
  greeting: string;
  botName: string;
  /** botTone is friendly, formal or concise: how LLM-written answers and drafts sound. */
  botTone: string;
  botEnabled: boolean;
  /** inactivityMinutes closes a quiet conversation; 0 means the default (30). */
  inactivityMinutes: number;
  timeZone: string;
  days: OpeningHours[];
  holidays: string[];
  /** Output only. */
  widgetKey: string;
  serverURL: string;
  embed: string;
}

export interface ModelPrice {
  model: string;
  promptPerMillion: number;
  completionPerMillion: number;
}

export interface AIUsage {
  calls: number;
  failures: number;
  retries: number;
  promptTokens: number;
  completionTokens: number;
  costUSD: number;
}

export interface AISettings {
  provider: string;
  model: string;
  baseURL: string;
  timeoutSeconds: number;
  prices: ModelPrice[];
  /** Output only: the stored key's shape, whether one is stored, usage, the desk's mode in words. */
  apiKeyMasked: string;
  apiKeySet: boolean;
  usage: AIUsage;
  mode: string;
}

/** AIKey: apiKey replaces (save) or is tried instead of (test) the stored key; clear removes it. */
export interface AIKey {
  apiKey: string;
  clear: boolean;
}

export interface AITest {
  ok: boolean;
  error: string;
  reply: string;
  latencyMs: number;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string;
  actorName: string;
  action: string;
  targetId: string;
  summary: string;
}

/** AuditQuery: action is exact ("user.role") or a prefix ending in "."; text matches summary, actor, action, target. */
export interface AuditQuery {
  action: string;
  text: string;
  limit: number;
}

export interface AuditLog {
  entries: AuditEntry[];
  actions: string[];
  total: number;
}

export const PROVIDERS = ['none', 'openai', 'ollama', 'gemini', 'anthropic'] as const;

/** AdminApi is app.Admin. Team and audit reads work offline; the rest needs the server. */
export interface AdminApi {
  agents(): Promise<Agents>;
  invite(email: string, role: string): Promise<Invite>;
  setRole(userId: string, role: string): Promise<Agent>;
  deactivate(userId: string): Promise<Agent>;
  updateProfile(userId: string, capacity: number, skills: string[]): Promise<Agent>;
  availability(): Promise<string>;
  setAvailability(a: string): Promise<string>;
  widget(): Promise<WidgetSettings>;
  saveWidget(w: WidgetSettings): Promise<WidgetSettings>;
  ai(): Promise<AISettings>;
  saveAI(s: AISettings, key: AIKey): Promise<AISettings>;
  testAI(s: AISettings, key: AIKey): Promise<AITest>;
  auditLog(q: AuditQuery): Promise<AuditLog>;
}
