import { get, writable } from 'svelte/store';
import { describe, expect, it, vi } from 'vitest';
import { FakeDesk } from '../api/fake';
import { emptyView, type Digest } from '../api/inboxpower';
import type { SyncStatus } from '../api';
import { createInboxStore } from './inbox';
import { createSavedViewsStore, describeView, toggle } from './savedviews';
import { bulkSummary, createSelectionStore } from './selection';
import { createDigestStore, digestSections } from './digest';
import { createPrefsStore, PREFS_KEY, readPrefs, stepZoom } from './prefs';
import { mutableDeps, watchLive } from './livealerts';
import type { QueueState } from './queue';

async function desk(): Promise<FakeDesk> {
  const api = new FakeDesk();
  await api.login({ serverURL: '', company: 'Northwind Bikes', email: 'maya@northwind.test', password: 'frontline-demo', remember: false });
  api.addTicket({ subject: 'Brakes squeal', priority: 'urgent', tags: ['vip'] });
  api.addTicket({ subject: 'Refund please', status: 'pending', priority: 'high' });
  api.addTicket({ subject: 'Where is my order', assigneeId: 'u-maya', assigneeName: 'Maya Chen', status: 'open', priority: 'urgent' });
  api.addTicket({ subject: 'Thanks, solved', status: 'resolved' });
  api.calls = [];
  return api;
}

describe('saved views', () => {
  it('saves a view, runs it through the inbox and counts every view', async () => {
    const api = await desk();
    const views = createSavedViewsStore(api.inboxPower);
    await views.load();
    expect(get(views).counts.builtin).toMatchObject({ open: 3, mine: 1, unassigned: 2, pending: 1, resolved: 1 });

    views.edit();
    views.update({ name: ' Urgent ', priorities: toggle([], 'urgent'), statuses: ['new', 'open'] });
    await views.runPreview();
    expect(get(views).preview.map((t) => t.subject).sort()).toEqual(['Brakes squeal', 'Where is my order']);
    const name = await views.save();
    const st = get(views);
    expect(st.editing).toBeNull();
    expect(st.views.map((v) => v.name)).toEqual(['Urgent']);
    expect(name).toBe(`saved:${st.views[0].id}`);
    expect(st.counts.saved[st.views[0].id]).toBe(2);

    // The inbox store loads a saved view like any other.
    const inbox = createInboxStore(api);
    await inbox.load(name!);
    expect(get(inbox).tickets.map((t) => t.subject).sort()).toEqual(['Brakes squeal', 'Where is my order']);

    // Counts follow changes (the app recounts on replica:changed).
    await api.setPriority(get(inbox).tickets[0].id, 'low');
    await views.refreshCounts();
    expect(get(views).counts.saved[st.views[0].id]).toBe(1);

    await views.remove(st.views[0].id);
    expect(get(views).views).toEqual([]);
  });

  it('keeps the editor open with the error when saving fails', async () => {
    const api = await desk();
    const views = createSavedViewsStore(api.inboxPower);
    views.edit();
    expect(await views.save()).toBeNull();
    expect(get(views).error?.field).toBe('name');
    expect(get(views).editing).not.toBeNull();
  });

  it('describes a view', () => {
    expect(describeView({ ...emptyView(), name: 'x', statuses: ['open'], tags: ['vip'], assignee: 'me', sort: 'sla' })).toBe(
      'status: open · tags: vip · assignee: me · sorted by sla',
    );
  });
});

describe('selection and bulk actions', () => {
  it('selects with x, ranges and all, and applies one action with one toast', async () => {
    const api = await desk();
    const toast = vi.fn();
    const inbox = createInboxStore(api);
    await inbox.load('all');
    const rows = get(inbox).tickets;
    const sel = createSelectionStore(api.inboxPower, toast);
    sel.toggle(rows[0].id, 0);
    sel.range(rows, 2);
    expect(get(sel).ids).toEqual(rows.slice(0, 3).map((t) => t.id));
    sel.toggle(rows[1].id, 1);
    expect(get(sel).ids).toEqual([rows[0].id, rows[2].id]);
    sel.all(rows);
    expect(get(sel).ids).toHaveLength(4);
    sel.prune(rows.slice(1));
    expect(get(sel).ids).toHaveLength(3);

    sel.all(rows);
    const r = await sel.apply('priority', 'high');
    expect(r?.succeeded).toBe(4);
    expect(api.tickets.every((t) => t.priority === 'high')).toBe(true);
    expect(toast).toHaveBeenCalledWith('Priority set to high: 4 tickets', expect.stringContaining('Queued'));
    expect(get(sel).ids).toEqual([]);
  });

  it('reports failures with their reasons and keeps the failed rows selected', async () => {
    const api = await desk();
    api.tickets[3].status = 'closed';
    const toast = vi.fn();
    const sel = createSelectionStore(api.inboxPower, toast);
    sel.all(api.tickets);
    const r = await sel.apply('status', 'open');
    expect(r?.succeeded).toBe(3);
    expect(get(sel).ids).toEqual([api.tickets[3].id]);
    const [title, body] = toast.mock.calls[0];
    expect(title).toBe('Marked open: 3 tickets, 1 failed');
    expect(body).toContain(`(#${api.tickets[3].number})`);
  });

  it('summarises assignments with names', () => {
    expect(bulkSummary({ succeeded: 1, failed: [], tickets: [] }, 'assign', 'u-sam', { 'u-sam': 'Sam Ortiz' }).title).toBe('Assigned to Sam Ortiz: 1 ticket');
    expect(bulkSummary({ succeeded: 2, failed: [], tickets: [] }, 'addTag', 'vip').title).toBe('Tagged “vip”: 2 tickets');
  });
});

describe('away digest', () => {
  const status = (p: Partial<SyncStatus>): SyncStatus => ({ online: true, initialSync: false, pending: 0, syncedUpTo: 1, rejected: 0, held: 0, ...p });
  const digest: Digest = {
    since: '2026-03-01T08:00:00Z', first: false, total: 2,
    newTickets: [{ ticketId: 't9', number: 9, subject: 'New one', detail: 'from Casey' }],
    assignedToMe: [{ ticketId: 't1', number: 1, subject: 'Mine now', detail: 'unassigned' }],
    customerReplies: [], statusChanges: [], handovers: [],
  };

  it('checks after the first catch-up and after each offline gap, then dismisses', async () => {
    const api = await desk();
    api.inboxPower.digestData = digest;
    const d = createDigestStore(api.inboxPower);
    d.noteSync(status({ initialSync: true }));
    expect(api.calls).not.toContain('digest:get');
    d.noteSync(status({}));
    await vi.waitFor(() => expect(get(d).open).toBe(true));
    expect(digestSections(get(d).digest!).map((s) => s.title)).toEqual(['Assigned to you', 'New tickets']);
    d.noteSync(status({})); // still online: no new check
    expect(api.calls.filter((c) => c === 'digest:get')).toHaveLength(1);

    await d.dismiss();
    expect(get(d).open).toBe(false);
    expect(api.calls).toContain('digest:dismiss');

    d.noteSync(status({ online: false }));
    d.noteSync(status({}));
    await vi.waitFor(() => expect(api.calls.filter((c) => c === 'digest:get')).toHaveLength(2));
    expect(get(d).open).toBe(false); // nothing new since the dismissal
  });
});

describe('prefs', () => {
  const memory = () => {
    const m = new Map<string, string>();
    return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
  };

  it('remembers theme, zoom and mute and puts them on the root', () => {
    const kv = memory();
    // A stand-in for document.documentElement (the tests run without a DOM).
    const props = new Map<string, string>();
    const root = {
      dataset: {} as Record<string, string | undefined>,
      style: { setProperty: (k: string, v: string) => void props.set(k, v), getPropertyValue: (k: string) => props.get(k) ?? '' },
    } as unknown as HTMLElement;
    const p = createPrefsStore(kv, root);
    expect(get(p)).toEqual({ theme: 'system', zoom: 1, mute: false });
    p.cycleTheme();
    p.cycleTheme();
    expect(root.dataset.theme).toBe('dark');
    p.zoomIn();
    p.zoomIn();
    expect(get(p).zoom).toBe(1.25);
    expect(root.style.getPropertyValue('--zoom')).toBe('1.25');
    p.toggleMute();
    expect(readPrefs(kv)).toEqual({ theme: 'dark', zoom: 1.25, mute: true });
    p.cycleTheme();
    expect(root.dataset.theme).toBeUndefined();
    p.zoomReset();
    expect(get(p).zoom).toBe(1);
  });

  it('ignores damaged entries and clamps zoom steps', () => {
    const kv = memory();
    kv.setItem(PREFS_KEY, '{"theme":"neon","zoom":9,"mute":"yes"}');
    expect(readPrefs(kv)).toEqual({ theme: 'system', zoom: 1, mute: false });
    kv.setItem(PREFS_KEY, 'not json');
    expect(readPrefs(kv).theme).toBe('system');
    expect(stepZoom(1.5, 1)).toBe(1.5);
    expect(stepZoom(0.8, -1)).toBe(0.8);
    expect(stepZoom(1, -1)).toBe(0.9);
  });
});

describe('live alerts', () => {
  it('alerts when the live count rises, not on the first value or after rearm', () => {
    const q = writable<QueueState>({ live: 2, handoff: 0 });
    const alert = vi.fn();
    const w = watchLive(q, alert);
    q.set({ live: 3, handoff: 0 });
    q.set({ live: 1, handoff: 0 });
    w.rearm();
    q.set({ live: 5, handoff: 0 });
    expect(alert).toHaveBeenCalledTimes(1);
    expect(alert).toHaveBeenCalledWith('New live chat', expect.stringContaining('3 customers are chatting'));
    w.stop();
  });

  it('mute silences the beep and the notification', () => {
    let muted = true;
    const beep = vi.fn();
    const notifier = { permission: 'granted', requestPermission: async () => 'granted', show: vi.fn() };
    const deps = mutableDeps({ beep, notifier, toast: vi.fn() }, () => muted);
    deps.beep();
    expect(deps.notifier).toBeNull();
    muted = false;
    deps.beep();
    expect(beep).toHaveBeenCalledTimes(1);
    expect(deps.notifier).toBe(notifier);
  });
});
