import { get } from 'svelte/store';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import { FakeDesk } from '../api/fake';
import { createInboxStore } from './inbox';

async function signedIn(): Promise<FakeDesk> {
  const api = new FakeDesk();
  await api.login({ serverURL: '', company: 'Northwind Bikes', email: 'maya@northwind.test', password: 'frontline-demo', remember: false });
  api.addTicket({ subject: 'Brakes squeal' });
  api.addTicket({ subject: 'Refund please', status: 'pending' });
  api.addTicket({ subject: 'Where is my order', assigneeId: 'u-maya', assigneeName: 'Maya Chen', status: 'open' });
  api.addTicket({ subject: 'Thanks, solved', status: 'resolved' });
  api.calls = [];
  return api;
}

describe('inbox store', () => {
  let api: FakeDesk;
  beforeEach(async () => {
    api = await signedIn();
  });

  it('loads each view', async () => {
    const inbox = createInboxStore(api);
    const subjects = () => get(inbox).tickets.map((t) => t.subject);
    await inbox.load();
    expect(subjects()).toEqual(['Where is my order', 'Refund please', 'Brakes squeal']);
    await inbox.load('mine');
    expect(subjects()).toEqual(['Where is my order']);
    await inbox.load('unassigned');
    expect(subjects()).toEqual(['Refund please', 'Brakes squeal']);
    await inbox.load('pending');
    expect(subjects()).toEqual(['Refund please']);
    await inbox.load('resolved');
    expect(subjects()).toEqual(['Thanks, solved']);
    expect(get(inbox).view).toBe('resolved');
    expect(api.calls).toEqual(['list:open', 'list:mine', 'list:unassigned', 'list:pending', 'list:resolved']);
  });

  it('moves the selection within bounds (j/k)', async () => {
    const inbox = createInboxStore(api);
    await inbox.load('open');
    expect(inbox.current()?.subject).toBe('Where is my order');
    inbox.move(-1);
    expect(get(inbox).selected).toBe(0);
    inbox.move(1);
    inbox.move(1);
    inbox.move(1);
    expect(get(inbox).selected).toBe(2);
    expect(inbox.current()?.subject).toBe('Brakes squeal');
  });

  it('keeps the selected ticket selected across a reload', async () => {
    const inbox = createInboxStore(api);
    await inbox.load('open');
    inbox.select(2); // Brakes squeal
    await api.reply(inbox.current()!.id, 'On it'); // now the most recent
    await inbox.load();
    expect(inbox.current()?.subject).toBe('Brakes squeal');
    expect(get(inbox).selected).toBe(0);
  });

  it('applies ticket updates to rows', async () => {
    const inbox = createInboxStore(api);
    await inbox.load('open');
    const row = get(inbox).tickets[1];
    inbox.upsert({ ...row, priority: 'urgent' });
    expect(get(inbox).tickets[1].priority).toBe('urgent');
    inbox.upsert({ ...row, id: 'unknown', subject: 'x' });
    expect(get(inbox).tickets.map((t) => t.subject)).not.toContain('x');
  });

  it('keeps the error for the view', async () => {
    const inbox = createInboxStore(api);
    api.failNext = new ApiError('You are offline — cannot reach the server', 'offline');
    await inbox.load('open');
    expect(get(inbox)).toMatchObject({ loading: false, tickets: [] });
    expect(get(inbox).error?.kind).toBe('offline');
    await inbox.load('open');
    expect(get(inbox).error).toBeNull();
  });

  it('refreshes quietly and keeps the selection when the replica changes', async () => {
    const inbox = createInboxStore(api);
    await inbox.load('open');
    inbox.select(1); // Refund please
    const states: boolean[] = [];
    const off = inbox.subscribe((s) => states.push(s.loading));
    api.addTicket({ subject: 'New from sync' }); // arrives from the server
    await inbox.refresh();
    off();
    expect(states.every((l) => !l)).toBe(true);
    expect(get(inbox).tickets[0].subject).toBe('New from sync');
    expect(inbox.current()?.subject).toBe('Refund please');
  });
});
