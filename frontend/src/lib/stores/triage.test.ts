import { get } from 'svelte/store';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Ticket, TicketTriage, Triage } from '../api';
import { FakeDesk } from '../api/fake';
import { newCategory } from './settings';
import { chipText, createTriageStore, triageChips } from './triage';

const serverTriage = (): TicketTriage => ({
  category: { label: 'Billing', confidence: 0.82 },
  priority: { label: 'high', confidence: 0.7 },
  sentiment: { label: 'negative', confidence: 0.9 },
  sentimentScore: -0.6,
  language: { label: 'en', confidence: 0.99 },
  priorityReasons: ['keyword: refund'],
  triagedAt: '2026-03-01T09:00:00Z',
  corrected: [],
  correctedBy: '',
});

const localTriage = (ticketId: string): Triage => ({
  ticketId,
  category: { label: 'Shipping', confidence: 0.55, corrected: '', accepted: false },
  priority: { label: 'normal', confidence: 0.5, corrected: '', accepted: false },
  sentiment: { label: 'neutral', confidence: 0.6, corrected: 'positive', accepted: false },
  sentimentScore: 0,
  language: { label: 'de', confidence: 0.8, corrected: '', accepted: true },
  languageName: 'German',
  priorityReasons: [],
  currentPriority: 'normal',
  languages: ['de', 'en'],
  notes: [],
  mode: 'offline',
});

describe('triage chips', () => {
  let api: FakeDesk;
  let t: Ticket;
  beforeEach(async () => {
    api = new FakeDesk();
    api.users.push({ id: 'u-ada', name: 'Ada Park', email: 'ada@northwind.test', role: 'admin', active: true });
    await api.login({ serverURL: '', company: 'Northwind Bikes', email: 'ada@northwind.test', password: 'frontline-demo', remember: false });
    await api.settings.saveCategory({ ...newCategory(), name: 'Billing' });
    await api.settings.saveCategory({ ...newCategory(), name: 'Shipping' });
    t = api.addTicket({ subject: 'Refund please', triage: serverTriage() });
  });

  it('reads the server triage with confidences', () => {
    const chips = triageChips(t, { categories: ['Billing', 'Shipping'], languages: ['de', 'en'] });
    expect(chips.map(chipText)).toEqual(['Billing 82%', 'high 70%', 'negative 90%', 'en 99%']);
    expect(chips.every((c) => !c.local && !c.corrected && !c.pending)).toBe(true);
    expect(chips[1]).toMatchObject({ options: ['low', 'normal', 'high', 'urgent'], reasons: ['keyword: refund'] });
    expect(chips[2].options).toEqual(['negative', 'neutral', 'positive']);
  });

  it('falls back to the local triage before the server triaged, marked local', () => {
    const u = api.addTicket({ subject: 'Wo ist mein Paket?' });
    const chips = triageChips(u, { categories: ['Billing', 'Shipping'], languages: ['de', 'en'], local: localTriage(u.id) });
    expect(chips.map(chipText)).toEqual(['Shipping 55%', 'normal 50%', 'positive ✓', 'de ✓']);
    expect(chips.every((c) => c.local)).toBe(true);
    // A label the ticket has wins; the others come from the local triage.
    const partial = { ...serverTriage(), triagedAt: '', priority: { label: '', confidence: 0 }, sentiment: { label: '', confidence: 0 }, language: { label: '', confidence: 0 }, corrected: ['category'] };
    const mixed = triageChips({ ...u, triage: partial }, { categories: [], languages: [], local: localTriage(u.id) });
    expect(mixed.map(chipText)).toEqual(['Billing ✓', 'normal 50%', 'positive ✓', 'de ✓']);
    expect(mixed.map((c) => c.local)).toEqual([false, true, true, true]);
    // The local triage of another ticket is never used.
    expect(triageChips(u, { categories: [], languages: [], local: localTriage('other') }).map(chipText)).toEqual(['—', '—', '—', '—']);
  });

  it('keeps a label outside the lists selectable', () => {
    const chips = triageChips(t, { categories: ['Shipping'], languages: [] });
    expect(chips[0].options).toEqual(['Billing', 'Shipping']);
    expect(chips[3].options).toEqual(['en']);
  });

  it('corrects and confirms in one call each, offline too, marked pending until synced', async () => {
    const seen: Ticket[] = [];
    const s = createTriageStore(api, (x) => seen.push(x));
    api.setSync({ online: false });
    const nt = await s.correct(t, 'category', 'shipping');
    expect(nt?.triage?.category).toEqual({ label: 'Shipping', confidence: 1 });
    expect(get(s).notice).toBe('Category set to shipping (pending sync)');
    expect(seen.map((x) => x.id)).toEqual([t.id]);
    let chips = triageChips(nt!, { categories: ['Billing', 'Shipping'], languages: ['en'], pending: get(s).pending[t.id] });
    expect(chips[0]).toMatchObject({ label: 'Shipping', corrected: true, pending: true });
    expect(chips[2]).toMatchObject({ corrected: false, pending: false });

    const confirmed = await s.confirm(nt!, chips[2]);
    expect(confirmed?.triage?.corrected).toEqual(['category', 'sentiment']);
    expect(get(s).notice).toBe('Sentiment confirmed (pending sync)');

    // Priority goes through the ticket's priority.
    const pr = await s.correct(confirmed!, 'priority', 'urgent');
    expect(pr?.priority).toBe('urgent');

    // A priority an agent set reads from the ticket.
    const set = triageChips({ ...pr!, triage: { ...pr!.triage!, priority: { label: '', confidence: 0 }, corrected: ['priority'] } }, { categories: [], languages: [] });
    expect(set[1]).toMatchObject({ label: 'urgent', corrected: true });

    // Once synced, the ticket is no longer pending and neither are the chips.
    chips = triageChips({ ...confirmed!, pending: false }, { categories: [], languages: [], pending: get(s).pending[t.id] });
    expect(chips.some((c) => c.pending)).toBe(false);
  });

  it('shows the reason of a refused correction', async () => {
    const s = createTriageStore(api);
    expect(await s.correct(t, 'category', 'Nope')).toBeNull();
    expect(get(s)).toMatchObject({ busy: '', error: "Choose one of your company's categories" });
    expect(await s.correct(t, 'category', '  ')).toBeNull();
    s.clear();
    expect(get(s).error).toBe('');
  });
});
