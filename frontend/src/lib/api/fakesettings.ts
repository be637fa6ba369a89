// FakeSettings and FakeMacros are the in-memory settings and macros of
// FakeDesk: admins may write while the fake is online, the checks name the
// form field as the server does, and macros expand like internal/macro.
import { ApiError } from './errors';
import { VARIABLES, type AppliedMacro, type Category, type Macro, type MacrosApi, type PriorityRules, type Settings, type SettingsApi } from './settings';
import type { Session, SyncStatus, Ticket } from './types';

/** The part of FakeDesk the settings read. */
export interface FakeSettingsSource {
  session: Session | null;
  sync: SyncStatus;
  tickets: Ticket[];
  patchTicket(id: string, patch: Partial<Ticket>): Ticket;
}

export const emptyRules = (): PriorityRules => ({
  id: '', keywordRules: [], tierRules: [], negativeBelow: 0, negativePriority: 'high', updatedAt: '',
});

export class FakeSettings implements SettingsApi {
  categories: Category[] = [];
  macros: Macro[] = [];
  rules: PriorityRules = emptyRules();
  /** extra adds the SLA, hours, assignment, field and tag settings (fakesetup.ts) to list(). */
  extra: () => Partial<import('./setup').SetupData> = () => ({});
  calls: string[] = [];
  failNext: ApiError | null = null;
  private seq = 0;

  constructor(private readonly desk: FakeSettingsSource) {}

  private check(op: string): void {
    this.calls.push(op);
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      throw e;
    }
  }

  private write(op: string): void {
    this.check(op);
    if (!this.desk.sync.online) throw new ApiError('Changing settings needs a connection to the server — try again when you are online', 'offline');
    if (this.desk.session?.user.role !== 'admin') throw new ApiError('You are not allowed to do that', 'permission');
  }

  private id(prefix: string): string {
    this.seq++;
    return `${prefix}${this.seq}`;
  }

  async list(): Promise<Settings> {
    this.check('list');
    return {
      categories: this.categories.map((c) => ({ ...c, examples: [...c.examples] })),
      macros: this.macros.map((m) => ({ ...m, addTags: [...m.addTags] })),
      priorityRules: structuredClone(this.rules),
      canEdit: this.desk.session?.user.role === 'admin',
      online: this.desk.sync.online,
      variables: [...VARIABLES],
      ...structuredClone(this.extra()),
    };
  }

  async saveCategory(c: Category): Promise<Category> {
    this.write(`saveCategory:${c.name}`);
    const name = c.name.trim();
    if (!name) throw new ApiError('Must not be empty', 'invalid', 'name');
    if (this.categories.some((x) => x.id !== c.id && x.name.toLowerCase() === name.toLowerCase())) {
      throw new ApiError(`There is already a category named "${name}"`, 'invalid', 'name');
    }
    const out: Category = {
      ...c, id: c.id || this.id('cat'), name, description: c.description.trim(),
      examples: c.examples.map((e) => e.trim()).filter(Boolean), updatedAt: '2026-03-01T09:00:00Z',
    };
    this.categories = [...this.categories.filter((x) => x.id !== out.id), out].sort((a, b) => a.name.localeCompare(b.name));
    return out;
  }

  async deleteCategory(id: string): Promise<void> {
    this.write(`deleteCategory:${id}`);
    this.categories = this.categories.filter((c) => c.id !== id);
  }

  async saveMacro(m: Macro): Promise<Macro> {
    this.write(`saveMacro:${m.title}`);
    const title = m.title.trim();
    if (!title) throw new ApiError('Must not be empty', 'invalid', 'title');
    if (!m.body.trim()) throw new ApiError('Must not be empty', 'invalid', 'body');
    if (m.category && !this.categories.some((c) => c.name === m.category)) {
      throw new ApiError(`"${m.category}" is not one of the company's categories`, 'invalid', 'category');
    }
    const out: Macro = {
      ...m, id: m.id || this.id('mac'), title,
      addTags: m.addTags.map((t) => t.trim().toLowerCase()).filter(Boolean), updatedAt: '2026-03-01T09:00:00Z',
    };
    this.macros = [...this.macros.filter((x) => x.id !== out.id), out].sort((a, b) => a.title.localeCompare(b.title));
    return out;
  }

  async deleteMacro(id: string): Promise<void> {
    this.write(`deleteMacro:${id}`);
    this.macros = this.macros.filter((m) => m.id !== id);
  }

  async savePriorityRules(p: PriorityRules): Promise<PriorityRules> {
    this.write('savePriorityRules');
    if (p.keywordRules.some((k) => !k.words.some((w) => w.trim()))) {
      throw new ApiError('Needs at least one word or phrase', 'invalid', 'keywordRules');
    }
    if (p.negativeBelow < -1 || p.negativeBelow > 0) {
      throw new ApiError('Must be between -1 and 0 (0 turns the rule off)', 'invalid', 'negativeBelow');
    }
    this.rules = { ...structuredClone(p), id: p.id || this.id('rules'), updatedAt: '2026-03-01T09:00:00Z' };
    return structuredClone(this.rules);
  }
}

/** expand fills in a macro's variables as internal/macro does. */
export function expandMacro(body: string, v: Record<string, string>): { text: string; unknown: string[] } {
  const unknown: string[] = [];
  const text = body.replace(/\{\{([^{}]*)\}\}/g, (whole, inner: string) => {
    const name = inner.trim();
    const key = name.toLowerCase();
    if (key in v) return v[key];
    if (!unknown.includes(name)) unknown.push(name);
    return whole;
  });
  return { text, unknown };
}

export class FakeMacros implements MacrosApi {
  calls: string[] = [];
  failNext: ApiError | null = null;

  constructor(
    private readonly desk: FakeSettingsSource,
    private readonly settings: FakeSettings,
  ) {}

  async list(): Promise<Macro[]> {
    this.calls.push('list');
    return this.settings.macros.map((m) => ({ ...m }));
  }

  async apply(ticketId: string, macroId: string): Promise<AppliedMacro> {
    this.calls.push(`apply:${ticketId}:${macroId}`);
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      throw e;
    }
    const m = this.settings.macros.find((x) => x.id === macroId);
    if (!m) throw new ApiError('That macro no longer exists', 'invalid', 'macro');
    const t = this.desk.tickets.find((x) => x.id === ticketId);
    if (!t) throw new ApiError('That ticket no longer exists', 'notfound');
    const s = this.desk.session;
    const first = (n: string) => n.trim().split(/\s+/)[0] ?? '';
    const { text, unknown } = expandMacro(m.body, {
      'customer.name': t.customerName,
      'customer.first_name': first(t.customerName),
      'customer.email': t.customerEmail,
      'agent.name': s?.user.name ?? '',
      'agent.first_name': first(s?.user.name ?? ''),
      'ticket.number': String(t.number),
      'ticket.subject': t.subject,
      'company.name': s?.company.name ?? '',
    });
    const missing = m.addTags.filter((tag) => !t.tags.includes(tag));
    const ticket = missing.length ? this.desk.patchTicket(t.id, { tags: [...t.tags, ...missing].sort() }) : { ...t };
    return { macroId: m.id, title: m.title, text, addTags: [...m.addTags], unknownVars: unknown, emptyVars: [], ticket };
  }
}
