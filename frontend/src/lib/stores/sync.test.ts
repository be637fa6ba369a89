import { get } from 'svelte/store';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeDesk } from '../api/fake';
import type { Attention } from '../api';
import { attentionCount, createSyncStore, statusText, titleSuffix } from './sync';

function item(id: string, held: boolean): Attention {
  return {
    id,
    kind: held ? 'reply' : 'status',
    summary: held ? 'Shipped yesterday' : 'Status → resolved',
    reason: held ? 'The customer wrote again after you last saw the thread' : 'a closed ticket cannot become resolved',
    held,
    ticketId: 't1',
    ticketNumber: 1001,
    ticketSubject: 'Brakes squeal',
    madeAt: '',
    createdAt: '2026-03-01T09:00:00Z',
  };
}

describe('sync store', () => {
  let api: FakeDesk;
  beforeEach(async () => {
    api = new FakeDesk();
    await api.login({ serverURL: '', company: 'Northwind Bikes', email: 'maya@northwind.test', password: 'frontline-demo', remember: false });
  });

  it('words the status line', () => {
    expect(statusText(null)).toBe('');
    expect(statusText({ online: true, initialSync: false, pending: 0, syncedUpTo: 41, rejected: 0, held: 0 })).toBe(
      'Online · synced up to change 41',
    );
    expect(statusText({ online: false, initialSync: false, pending: 2, syncedUpTo: 41, rejected: 1, held: 0 })).toBe(
      'Offline · 2 pending · synced up to change 41',
    );
    expect(statusText({ online: true, initialSync: true, pending: 0, syncedUpTo: 0, rejected: 0, held: 0 })).toBe(
      'Online · first sync running · synced up to change 0',
    );
    expect(titleSuffix(null)).toBe('');
    expect(titleSuffix({ online: true, initialSync: false, pending: 0, syncedUpTo: 41, rejected: 0, held: 0 })).toBe('');
    expect(titleSuffix({ online: false, initialSync: false, pending: 2, syncedUpTo: 41, rejected: 0, held: 0 })).toBe(' [Offline, 2 pending]');
    expect(titleSuffix({ online: true, initialSync: false, pending: 1, syncedUpTo: 41, rejected: 0, held: 0 })).toBe(' [Online, 1 pending]');
    expect(attentionCount({ online: true, initialSync: false, pending: 0, syncedUpTo: 1, rejected: 1, held: 2 })).toBe(3);
  });

  it('follows sync:status events', async () => {
    const s = createSyncStore(api);
    await s.refresh();
    expect(get(s).status?.online).toBe(true);
    api.on('sync:status', (d) => s.apply(d as never));
    api.setSync({ online: false, pending: 3 });
    expect(statusText(get(s).status)).toBe('Offline · 3 pending · synced up to change 1');
  });

  it('counts offline writes as pending in the fake like the desk does', async () => {
    const s = createSyncStore(api);
    api.on('sync:status', (d) => s.apply(d as never));
    const t = api.addTicket({ subject: 'Brakes squeal' });
    api.setSync({ online: false });
    const m = await api.reply(t.id, 'offline reply');
    expect(m.pending).toBe(true);
    expect(get(s).status?.pending).toBe(1);
  });

  it('lists, confirms and dismisses what needs attention', async () => {
    const s = createSyncStore(api);
    api.on('sync:status', (d) => s.apply(d as never));
    api.items = [item('c:1', true), item('c:2', false)];
    api.setSync({ held: 1, rejected: 1 });
    await s.openPanel();
    expect(get(s).panel).toBe(true);
    expect(get(s).items.map((x) => [x.id, x.held])).toEqual([
      ['c:1', true],
      ['c:2', false],
    ]);
    await s.confirm('c:1');
    expect(api.calls).toContain('confirm:c:1');
    expect(get(s).items.map((x) => x.id)).toEqual(['c:2']);
    expect(get(s).status?.held).toBe(0);
    await s.dismiss('c:2');
    expect(get(s)).toMatchObject({ items: [], panel: false, busy: false, error: '' });
    expect(titleSuffix(null)).toBe('');
    expect(titleSuffix({ online: true, initialSync: false, pending: 0, syncedUpTo: 41, rejected: 0, held: 0 })).toBe('');
    expect(titleSuffix({ online: false, initialSync: false, pending: 2, syncedUpTo: 41, rejected: 0, held: 0 })).toBe(' [Offline, 2 pending]');
    expect(titleSuffix({ online: true, initialSync: false, pending: 1, syncedUpTo: 41, rejected: 0, held: 0 })).toBe(' [Online, 1 pending]');
    expect(attentionCount(get(s).status)).toBe(0);
  });

  it('shows why an action failed and keeps the panel', async () => {
    const s = createSyncStore(api);
    api.items = [item('c:2', false)];
    await s.openPanel();
    await s.confirm('c:2');
    expect(get(s).error).toBe('Only a held reply can be sent anyway');
    await s.dismiss('gone');
    expect(get(s).error).toBe('That item was already dealt with');
  });

  it('retries the connection and resets on sign-out', async () => {
    const s = createSyncStore(api);
    await s.refresh();
    await s.reconnect();
    expect(api.calls).toContain('reconnect');
    s.reset();
    expect(get(s).status).toBeNull();
  });
});
