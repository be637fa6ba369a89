import { get } from 'svelte/store';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError, type Ticket } from '../api';
import { FakeDesk } from '../api/fake';
import { createTicketStore } from './ticket';

describe('ticket store', () => {
  let api: FakeDesk;
  let t: Ticket;
  beforeEach(async () => {
    api = new FakeDesk();
    await api.login({ serverURL: '', company: 'Northwind Bikes', email: 'maya@northwind.test', password: 'frontline-demo', remember: false });
    t = api.addTicket({ subject: 'Brakes squeal' }, 'My <script>alert(1)</script> brakes squeal');
  });

  it('opens a ticket with its thread and the agents', async () => {
    const s = createTicketStore(api);
    await s.open(t.id);
    const st = get(s);
    expect(st.loading).toBe(false);
    expect(st.detail?.ticket.subject).toBe('Brakes squeal');
    expect(st.detail?.messages.map((m) => [m.authorKind, m.body])).toEqual([['customer', 'My <script>alert(1)</script> brakes squeal']]);
    expect(st.agents.map((a) => a.name)).toEqual(['Maya Chen', 'Sam Ortiz']);
  });

  it('sends a reply, then a note, in the chosen mode', async () => {
    const s = createTicketStore(api);
    await s.open(t.id);
    expect(await s.send('Try cleaning the rotor')).toBe(true);
    s.toggleMode();
    expect(get(s).mode).toBe('note');
    expect(await s.send('Customer is a regular')).toBe(true);
    const msgs = get(s).detail!.messages;
    expect(msgs.map((m) => [m.body, m.internal])).toEqual([
      ['My <script>alert(1)</script> brakes squeal', false],
      ['Try cleaning the rotor', false],
      ['Customer is a regular', true],
    ]);
    expect(api.calls.filter((c) => c.startsWith('reply') || c.startsWith('note'))).toEqual([`reply:${t.id}`, `note:${t.id}`]);
  });

  it('does not send an empty body and shows send errors', async () => {
    const s = createTicketStore(api);
    await s.open(t.id);
    expect(await s.send('   ')).toBe(false);
    expect(get(s).sendError).toBe('Write something first');
    api.failNext = new ApiError('You are offline — cannot reach the server', 'offline');
    expect(await s.send('hello')).toBe(false);
    expect(get(s)).toMatchObject({ sending: false, sendError: 'You are offline — cannot reach the server' });
  });

  it('applies events once, and only for the open ticket', async () => {
    const s = createTicketStore(api);
    await s.open(t.id);
    const m = await api.reply(t.id, 'sent from elsewhere'); // emits message:added
    s.applyMessage(m);
    s.applyMessage(m);
    s.applyMessage({ ...m, id: 'other', ticketId: 'nope' });
    expect(get(s).detail!.messages.filter((x) => x.body === 'sent from elsewhere')).toHaveLength(1);
    expect(get(s).detail!.messages).toHaveLength(2);
    s.applyTicket({ ...get(s).detail!.ticket, status: 'pending' });
    expect(get(s).detail!.ticket.status).toBe('pending');
  });

  it('changes status, priority and assignee', async () => {
    const s = createTicketStore(api);
    await s.open(t.id);
    await s.setStatus('pending');
    await s.setPriority('urgent');
    await s.assignToMe();
    expect(get(s).detail!.ticket).toMatchObject({ status: 'pending', priority: 'urgent', assigneeName: 'Maya Chen' });
    await s.assign('u-sam');
    expect(get(s).detail!.ticket.assigneeName).toBe('Sam Ortiz');
    await s.assign('');
    expect(get(s).detail!.ticket.assigneeId).toBe('');
  });

  it('keeps an action error without losing the ticket', async () => {
    const s = createTicketStore(api);
    await s.open(t.id);
    await s.setStatus('closed');
    await s.setStatus('open');
    expect(get(s).error?.field).toBe('status');
    expect(get(s).detail!.ticket.status).toBe('closed');
  });

  it('reports a missing ticket', async () => {
    const s = createTicketStore(api);
    await s.open('missing');
    expect(get(s)).toMatchObject({ loading: false, detail: null });
    expect(get(s).error?.message).toBe('That ticket no longer exists');
  });

  it('refreshes the open ticket and keeps a draft', async () => {
    const s = createTicketStore(api);
    await s.open(t.id);
    await api.reply(t.id, 'from another desk');
    await s.refresh();
    expect(get(s).detail!.messages.map((m) => m.body)).toContain('from another desk');
    await s.saveDraft('half a thought');
    expect(api.calls).toContain(`draft:${t.id}`);
    await s.open(t.id);
    expect(get(s).detail!.draft).toBe('half a thought');
  });

  it('shows an offline reply as pending', async () => {
    const s = createTicketStore(api);
    await s.open(t.id);
    api.setSync({ online: false });
    expect(await s.send('sent while offline')).toBe(true);
    const last = get(s).detail!.messages.at(-1)!;
    expect([last.body, last.pending]).toEqual(['sent while offline', true]);
  });
});
