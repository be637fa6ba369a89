// The in-memory saved views, bulk actions and digest of FakeDesk (see
// inboxpower.ts). Matching follows app/views.go; the digest is whatever a
// test puts in `digest`, and dismissing it empties it.
import { ApiError } from './errors';
import type { BulkRequest, BulkResult, Digest, InboxPowerApi, SavedView, ViewCounts } from './inboxpower';
import type { Ticket } from './types';

/** The slice of FakeDesk the fake needs. */
export interface FakeInboxHost {
  tickets: Ticket[];
  calls: string[];
  session: { user: { id: string } } | null;
  assign(id: string, userId: string): Promise<Ticket>;
  assignToMe(id: string): Promise<Ticket>;
  setStatus(id: string, status: string): Promise<Ticket>;
  setPriority(id: string, priority: string): Promise<Ticket>;
}

const OPEN = new Set(['new', 'open', 'pending', 'handoff']);
const PRIORITY_RANK: Record<string, number> = { low: 1, normal: 2, high: 3, urgent: 4 };

/** slaStateOf is the ticket's most pressing SLA clock state, as app/views.go computes it. */
export function slaStateOf(t: Ticket): string {
  const rank: Record<string, number> = { met: 1, met_late: 2, running: 3, warning: 4, breached: 5 };
  let best = 0;
  let state = 'none';
  for (const c of t.sla ?? []) {
    if ((rank[c.state] ?? 0) > best) {
      best = rank[c.state];
      state = c.state;
    }
  }
  return state;
}

/** matchView is the fake's copy of app/views.go's match. */
export function matchView(v: SavedView, t: Ticket, me: string): boolean {
  const lc = (s: string | undefined) => (s ?? '').toLowerCase();
  if (v.statuses.length && !v.statuses.includes(t.status)) return false;
  if (v.priorities.length && !v.priorities.includes(t.priority)) return false;
  if (v.assignee === 'me' && t.assigneeId !== me) return false;
  if (v.assignee === 'unassigned' && t.assigneeId !== '') return false;
  if (v.assignee && v.assignee !== 'me' && v.assignee !== 'unassigned' && t.assigneeId !== v.assignee) return false;
  if (v.categories.length && !v.categories.includes(lc(t.triage?.category?.label))) return false;
  if (v.sentiments.length && !v.sentiments.includes(lc(t.triage?.sentiment?.label))) return false;
  if (v.languages.length && !v.languages.includes(lc(t.triage?.language?.label))) return false;
  if (v.tags.some((tag) => !t.tags.includes(tag))) return false;
  if (v.sla.length && !v.sla.includes(slaStateOf(t))) return false;
  return true;
}

export class FakeInboxPower implements InboxPowerApi {
  saved: SavedView[] = [];
  digestData: Digest | null = null;
  private seq = 0;

  constructor(private readonly host: FakeInboxHost) {}

  private me(): string {
    if (!this.host.session) throw new ApiError('Please sign in first', 'auth');
    return this.host.session.user.id;
  }

  private runView(v: SavedView, limit: number): Ticket[] {
    const me = this.me();
    const rows = this.host.tickets.filter((t) => matchView(v, t, me)).map((t) => ({ ...t }));
    const byUpdated = (a: Ticket, b: Ticket) => b.updatedAt.localeCompare(a.updatedAt);
    const due = (t: Ticket) => (t.sla ?? []).filter((c) => c.state !== 'met' && c.state !== 'met_late').map((c) => c.due).sort()[0] ?? '';
    const by: Record<string, (a: Ticket, b: Ticket) => number> = {
      updated: () => 0,
      created: (a, b) => b.createdAt.localeCompare(a.createdAt),
      priority: (a, b) => (PRIORITY_RANK[b.priority] ?? 0) - (PRIORITY_RANK[a.priority] ?? 0),
      sla: (a, b) => {
        const da = due(a);
        const db = due(b);
        if (!da || !db) return da ? -1 : db ? 1 : 0;
        return da.localeCompare(db);
      },
    };
    const sort = by[v.sort] ?? by.updated;
    return rows.sort((a, b) => sort(a, b) || byUpdated(a, b)).slice(0, limit || 200);
  }

  views = {
    list: async (): Promise<SavedView[]> => {
      this.me();
      this.host.calls.push('views:list');
      return this.saved.map((v) => ({ ...v }));
    },
    save: async (v: SavedView): Promise<SavedView> => {
      this.me();
      this.host.calls.push(`views:save:${v.name}`);
      if (!v.name.trim()) throw new ApiError('Give the view a name', 'invalid', 'name');
      const clean: SavedView = { ...v, name: v.name.trim(), tags: v.tags.map((t) => t.trim().toLowerCase()).filter(Boolean), sort: v.sort || 'updated' };
      if (!clean.id) {
        clean.id = `v${++this.seq}`;
        this.saved.push(clean);
      } else {
        const i = this.saved.findIndex((x) => x.id === clean.id);
        if (i < 0) throw new ApiError('That view no longer exists', 'notfound');
        this.saved[i] = clean;
      }
      return { ...clean };
    },
    delete: async (id: string): Promise<void> => {
      this.me();
      this.host.calls.push(`views:delete:${id}`);
      this.saved = this.saved.filter((v) => v.id !== id);
    },
    run: async (v: SavedView, limit: number): Promise<Ticket[]> => this.runView(v, limit),
    runSaved: async (id: string, limit: number): Promise<Ticket[]> => {
      const v = this.saved.find((x) => x.id === id);
      if (!v) throw new ApiError('That view no longer exists', 'notfound');
      return this.runView(v, limit);
    },
    counts: async (): Promise<ViewCounts> => {
      const me = this.me();
      this.host.calls.push('views:counts');
      const ts = this.host.tickets;
      const open = ts.filter((t) => OPEN.has(t.status));
      const saved: Record<string, number> = {};
      for (const v of this.saved) saved[v.id] = ts.filter((t) => matchView(v, t, me)).length;
      return {
        saved,
        builtin: {
          open: open.length,
          mine: open.filter((t) => t.assigneeId === me).length,
          unassigned: open.filter((t) => t.assigneeId === '').length,
          pending: ts.filter((t) => t.status === 'pending').length,
          resolved: ts.filter((t) => t.status === 'resolved' || t.status === 'closed').length,
          all: ts.length,
        },
      };
    },
  };

  async bulk(req: BulkRequest): Promise<BulkResult> {
    this.me();
    this.host.calls.push(`bulk:${req.action}:${req.value}:${req.ids.length}`);
    if (req.ids.length === 0) throw new ApiError('Select at least one ticket', 'invalid', 'ids');
    const out: BulkResult = { succeeded: 0, failed: [], tickets: [] };
    for (const id of req.ids) {
      try {
        let t: Ticket;
        switch (req.action) {
          case 'assign':
            t = req.value === 'me' ? await this.host.assignToMe(id) : await this.host.assign(id, req.value);
            break;
          case 'status':
            t = await this.host.setStatus(id, req.value);
            break;
          case 'priority':
            t = await this.host.setPriority(id, req.value);
            break;
          case 'addTag':
          case 'removeTag': {
            const row = this.host.tickets.find((x) => x.id === id);
            if (!row) throw new ApiError('That ticket no longer exists', 'notfound');
            const tag = req.value.trim().toLowerCase();
            row.tags = req.action === 'addTag' ? [...new Set([...row.tags, tag])].sort() : row.tags.filter((x) => x !== tag);
            t = { ...row };
            break;
          }
        }
        out.succeeded++;
        out.tickets.push(t);
      } catch (e) {
        const row = this.host.tickets.find((x) => x.id === id);
        out.failed.push({ id, number: row?.number ?? 0, message: e instanceof Error ? e.message : String(e) });
      }
    }
    return out;
  }

  digest = {
    get: async (): Promise<Digest> => {
      this.me();
      this.host.calls.push('digest:get');
      return this.digestData ?? { since: '2026-03-01T08:00:00Z', first: true, total: 0, newTickets: [], assignedToMe: [], customerReplies: [], statusChanges: [], handovers: [] };
    },
    dismiss: async (): Promise<void> => {
      this.me();
      this.host.calls.push('digest:dismiss');
      this.digestData = null;
    },
  };
}
