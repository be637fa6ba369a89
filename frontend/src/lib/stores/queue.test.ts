import { get } from 'svelte/store';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeDesk } from '../api/fake';
import type { Ticket } from '../api';
import { createAlerter, type Notifier } from '../alert';
import { createInboxStore, VIEWS, waited } from './inbox';
import { createQueueStore, handoverAlert, queueViewTitle } from './queue';
import { createToastStore } from './toasts';

async function signedIn(): Promise<FakeDesk> {
  const api = new FakeDesk();
  await api.login({ serverURL: '', company: 'Northwind Bikes', email: 'maya@northwind.test', password: 'frontline-demo', remember: false });
  // liveNow is 09:10; the live window is 5 minutes.
  api.addTicket({ subject: 'Bot is on it', channel: 'widget', status: 'new', botAnswers: true, lastCustomerAt: '2026-03-01T08:00:00Z' });
  api.addTicket({ subject: 'Just wrote', channel: 'widget', status: 'open', lastCustomerAt: '2026-03-01T09:08:00Z' });
  api.addTicket({ subject: 'Went quiet', channel: 'widget', status: 'open', lastCustomerAt: '2026-03-01T09:00:00Z' });
  api.addTicket({ subject: 'Email, recent', channel: 'email', status: 'open', lastCustomerAt: '2026-03-01T09:09:00Z' });
  api.addTicket({
    subject: 'Second handover',
    channel: 'widget',
    status: 'handoff',
    createdAt: '2026-03-01T08:30:00Z',
    handoverReason: 'you asked for a person',
    handoverAt: '2026-03-01T09:05:00Z',
    botSummary: 'Standard shipping takes 3 to 5 days.',
  });
  api.addTicket({
    subject: 'First handover',
    channel: 'widget',
    status: 'handoff',
    createdAt: '2026-03-01T08:10:00Z',
    handoverReason: 'the answer was not confident enough',
    handoverAt: '2026-03-01T08:12:00Z',
  });
  api.calls = [];
  return api;
}

const subjects = (ts: Ticket[]) => ts.map((t) => t.subject);

describe('live queue views', () => {
  let api: FakeDesk;
  beforeEach(async () => {
    api = await signedIn();
  });

  it('are tabs 6 and 7 after the existing views', () => {
    expect(VIEWS.map((v) => v.id)).toEqual(['open', 'mine', 'unassigned', 'pending', 'resolved', 'live', 'handoff']);
    expect(VIEWS.slice(5).map((v) => v.label)).toEqual(['Live chats', 'Handed over']);
  });

  it('lists live chats (recent customer or bot active) and the handed-over queue oldest first', async () => {
    const inbox = createInboxStore(api);
    await inbox.load('live');
    expect(subjects(get(inbox).tickets)).toEqual(['Just wrote', 'Bot is on it']);
    await inbox.load('handoff');
    const rows = get(inbox).tickets;
    expect(subjects(rows)).toEqual(['First handover', 'Second handover']);
    expect(rows[1].handoverReason).toBe('you asked for a person');
    expect(rows[1].botSummary).toBe('Standard shipping takes 3 to 5 days.');
    expect(api.calls).toEqual(['list:live', 'list:handoff']);
  });

  it('counts both views', async () => {
    const q = createQueueStore(api, createAlerter({ beep: () => {}, notifier: null, toast: () => {} }));
    await q.refresh();
    expect(get(q)).toEqual({ live: 2, handoff: 2 });
  });
});

describe('waited', () => {
  const now = Date.parse('2026-03-01T10:00:00Z');
  it.each([
    ['2026-03-01T09:59:30Z', 'under 1m'],
    ['2026-03-01T09:56:00Z', '4m'],
    ['2026-03-01T09:00:00Z', '1h'],
    ['2026-03-01T08:55:00Z', '1h 5m'],
    ['', ''],
    [undefined, ''],
  ])('%s -> %s', (iso, want) => {
    expect(waited(iso, now)).toBe(want);
  });
});

describe('queue store alerts', () => {
  const handed = (n: number, reason = 'you asked for a person'): Ticket =>
    ({ id: `t${n}`, number: n, subject: `Subject ${n}`, customerName: 'Wendy', handoverReason: reason }) as Ticket;

  it('updates the counts and beeps with a toast when notifications are unavailable', async () => {
    const beep = vi.fn();
    const toasts = createToastStore();
    const q = createQueueStore(new FakeDesk(), createAlerter({ beep, notifier: null, toast: toasts.show }));
    q.apply({ live: 3, handoff: 1, new: [] });
    expect(get(q)).toEqual({ live: 3, handoff: 1 });
    expect(beep).not.toHaveBeenCalled();

    q.apply({ live: 3, handoff: 2, new: [handed(42)] });
    await Promise.resolve();
    expect(get(q)).toEqual({ live: 3, handoff: 2 });
    expect(beep).toHaveBeenCalledTimes(1);
    expect(get(toasts).map((t) => [t.title, t.body])).toEqual([
      ['Handed over to you', '#42 Subject 42 (Wendy) — you asked for a person'],
    ]);
  });

  it('uses a desktop notification when permitted and asks for permission only once', async () => {
    const shown: string[] = [];
    let permission = 'default';
    const requests = vi.fn(async () => permission);
    const notifier: Notifier = {
      get permission() {
        return permission;
      },
      requestPermission: requests,
      show: (title, body) => shown.push(`${title}: ${body}`),
    };
    const toast = vi.fn();
    const alerter = createAlerter({ beep: () => {}, notifier, toast });
    // Denied (as in a webview that refuses): falls back to the toast.
    requests.mockImplementationOnce(async () => (permission = 'denied'));
    expect(await alerter.alert('A', 'one')).toBe('toast');
    expect(toast).toHaveBeenCalledWith('A', 'one');
    permission = 'default';
    expect(await alerter.alert('B', 'two')).toBe('toast');
    expect(requests).toHaveBeenCalledTimes(1);
    permission = 'granted';
    expect(await alerter.alert('C', 'three')).toBe('notification');
    expect(shown).toEqual(['C: three']);
    expect(toast).toHaveBeenCalledTimes(2);
  });

  it('survives a beep and a notification that throw', async () => {
    const toast = vi.fn();
    const notifier: Notifier = {
      permission: 'granted',
      requestPermission: async () => 'granted',
      show: () => {
        throw new Error('no notification daemon');
      },
    };
    const alerter = createAlerter({ beep: () => { throw new Error('no audio'); }, notifier, toast });
    expect(await alerter.alert('T', 'b')).toBe('toast');
    expect(toast).toHaveBeenCalledOnce();
  });

  it('summarises several handovers in one alert', () => {
    expect(handoverAlert([handed(1), handed(2)])).toEqual({ title: '2 conversations handed over', body: '#1 Subject 1, #2 Subject 2' });
  });
});

describe('toasts', () => {
  it('expire and keep at most four', () => {
    vi.useFakeTimers();
    try {
      const toasts = createToastStore(1000, 4);
      for (let i = 1; i <= 5; i++) toasts.show(`T${i}`, '');
      expect(get(toasts).map((t) => t.title)).toEqual(['T2', 'T3', 'T4', 'T5']);
      vi.advanceTimersByTime(1001);
      expect(get(toasts)).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('queueViewTitle', () => {
  it('counts the live-queue views only', () => {
    const q = { live: 2, handoff: 5 };
    expect([queueViewTitle('open', q), queueViewTitle('live', q), queueViewTitle('handoff', q)]).toEqual(['open', 'live 2', 'handoff 5']);
  });
});
