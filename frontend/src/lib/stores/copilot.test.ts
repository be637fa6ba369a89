import { get } from 'svelte/store';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError, type Ticket } from '../api';
import { FakeDesk } from '../api/fake';
import { STORED } from '../api/fakecopilot';
import { copilotMark, createCopilotStore, percent } from './copilot';

describe('copilot store', () => {
  let api: FakeDesk;
  let angry: Ticket;
  let done: Ticket;
  beforeEach(async () => {
    api = new FakeDesk();
    await api.login({ serverURL: '', company: 'Northwind Bikes', email: 'maya@northwind.test', password: 'frontline-demo', remember: false });
    angry = api.addTicket({ subject: 'URGENT: wheel arrived broken' }, 'This is terrible, the wheel is broken.');
    done = api.addTicket({ subject: 'Brakes squeal', status: 'resolved' }, 'My brakes squeal');
    api.messages.get(done.id)?.push({ ...api.messages.get(done.id)![0], id: 'm-fix', authorKind: 'agent', body: 'Clean the rotor' });
    api.addArticle({ title: 'Fixing squealing brakes', body: 'Clean the rotor with alcohol.' });
  });

  it('loads triage, summary, similar tickets and articles on open, but no draft', async () => {
    const s = createCopilotStore(api.copilot);
    await s.open(angry.id);
    const st = get(s);
    expect(st.triage.data?.priority).toMatchObject({ label: 'urgent', confidence: 1 });
    expect(st.triage.data?.sentiment.label).toBe('negative');
    expect(st.triage.data?.category.label).toBe('');
    expect(st.summary.data?.text).toContain('terrible');
    expect(st.similar.data?.tickets.map((t) => [t.id, t.resolution])).toEqual([[done.id, 'Clean the rotor']]);
    expect(st.articles.data?.articles.map((a) => a.title)).toEqual(['Fixing squealing brakes']);
    expect(st.draft.data).toBeNull();
    expect(api.copilot.calls.some((c) => c.startsWith('draft'))).toBe(false);
    expect(copilotMark(st)).toBe('');
  });

  it('shows each part loading on its own and drops answers for a ticket no longer open', async () => {
    const s = createCopilotStore(api.copilot);
    api.copilot.hold();
    const opening = s.open(angry.id);
    let st = get(s);
    expect([st.triage.loading, st.summary.loading, st.similar.loading, st.articles.loading]).toEqual([true, true, true, true]);
    s.close();
    api.copilot.release();
    await opening;
    st = get(s);
    expect(st.ticketId).toBe('');
    expect(st.triage.data).toBeNull();
  });

  it('generates a draft with citations on demand and names its mode in the title mark', async () => {
    const s = createCopilotStore(api.copilot);
    await s.open(angry.id);
    api.copilot.server = '';
    await s.generateDraft();
    const d = get(s).draft.data!;
    expect(d.mode).toBe('offline (server unreachable)');
    expect(d.text).toMatch(/^Hi Riley,/);
    expect(d.citations.map((c) => c.title)).toEqual(['Fixing squealing brakes']);
    expect(copilotMark(get(s))).toBe(' · Copilot: triage urgent, draft offline (server unreachable)');
    // Nothing was sent.
    expect(api.messages.get(angry.id)?.length).toBe(1);
  });

  it('keeps an error per section without blocking the others', async () => {
    const s = createCopilotStore(api.copilot);
    api.copilot.failNext = new ApiError('The server took too long to answer — try again', 'offline');
    await s.open(angry.id);
    const st = get(s);
    const errors = [st.triage.error, st.summary.error, st.similar.error, st.articles.error].filter(Boolean);
    expect(errors).toEqual(['The server took too long to answer — try again']);
    expect([st.triage.data, st.summary.data, st.similar.data, st.articles.data].filter(Boolean).length).toBe(3);
  });

  it('accepting the priority sets it through the desk; corrections are kept locally and say so', async () => {
    const s = createCopilotStore(api.copilot);
    await s.open(angry.id);
    await s.accept('priority');
    let st = get(s);
    expect(api.tickets.find((t) => t.id === angry.id)?.priority).toBe('urgent');
    expect(st.triage.data?.priority.accepted).toBe(true);
    expect(st.triage.data?.currentPriority).toBe('urgent');
    expect(st.notice).toContain('Priority set to urgent');

    await s.correct('language', 'de');
    st = get(s);
    expect(st.triage.data?.language).toMatchObject({ label: 'en', corrected: 'de', accepted: false });
    expect(st.notice).toBe(`Language corrected to de. ${STORED}.`);
    expect(api.copilot.examples).toEqual([
      { ticketId: angry.id, field: 'priority', label: 'urgent', accepted: true },
      { ticketId: angry.id, field: 'language', label: 'de', accepted: false },
    ]);

    api.copilot.failNext = new ApiError('Unknown language code', 'invalid', 'label');
    await s.correct('language', 'xx');
    st = get(s);
    expect([st.notice, st.noticeError, st.busy]).toEqual(['Unknown language code', true, '']);
  });

  it('formats confidences', () => {
    expect([percent(0.864), percent(1.2), percent(-1)]).toEqual(['86%', '100%', '0%']);
  });
});
