import { get } from 'svelte/store';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError, type Ticket } from '../api';
import { FakeDesk } from '../api/fake';
import { createMacroPicker, createSettingsStore, filterMacros, lines, newCategory, newMacro, words } from './settings';

const signIn = (api: FakeDesk, email: string) =>
  api.login({ serverURL: '', company: 'Northwind Bikes', email, password: 'frontline-demo', remember: false });

describe('settings store', () => {
  let api: FakeDesk;
  beforeEach(async () => {
    api = new FakeDesk();
    api.users.push({ id: 'u-ada', name: 'Ada Park', email: 'ada@northwind.test', role: 'admin', active: true });
    await signIn(api, 'ada@northwind.test');
  });

  it('loads, saves and deletes categories, macros and rules, keeping the list sorted', async () => {
    const s = createSettingsStore(api.settings);
    await s.load();
    expect(get(s).data).toMatchObject({ categories: [], macros: [], canEdit: true, online: true });
    expect(get(s).data?.variables).toContain('customer.first_name');

    const ship = await s.saveCategory({ ...newCategory(), name: ' Shipping ', examples: lines('Where is my order?\n\n  Tracking broken ') });
    await s.saveCategory({ ...newCategory(), name: 'Billing' });
    expect(ship).toMatchObject({ name: 'Shipping', examples: ['Where is my order?', 'Tracking broken'] });
    expect(get(s).data?.categories.map((c) => c.name)).toEqual(['Billing', 'Shipping']);
    expect(get(s).notice).toBe('Category "Billing" saved');

    const mac = await s.saveMacro({ ...newMacro(), title: 'Refund', body: 'Hi {{customer.first_name}}', addTags: words('Refund, billing,'), category: 'Billing' });
    expect(mac?.addTags).toEqual(['refund', 'billing']);
    expect(get(s).data?.macros.map((m) => m.title)).toEqual(['Refund']);

    const rules = await s.savePriorityRules({ ...get(s).data!.priorityRules, keywordRules: [{ words: ['chargeback'], priority: 'urgent' }], negativeBelow: -0.5 });
    expect(rules?.id).not.toBe('');
    expect(get(s).data?.priorityRules.keywordRules).toEqual([{ words: ['chargeback'], priority: 'urgent' }]);

    expect(await s.deleteCategory(ship!.id)).toBe(true);
    expect(await s.deleteMacro(mac!.id)).toBe(true);
    expect(get(s).data?.categories.map((c) => c.name)).toEqual(['Billing']);
    expect(get(s).data?.macros).toEqual([]);
  });

  it('puts the server reason beside the field it names and keeps the data', async () => {
    const s = createSettingsStore(api.settings);
    await s.load();
    await s.saveCategory({ ...newCategory(), name: 'Billing' });
    expect(await s.saveCategory({ ...newCategory(), name: 'billing' })).toBeNull();
    expect(get(s).fieldErrors).toEqual({ name: 'There is already a category named "billing"' });
    expect(get(s).formError).toBe('');

    expect(await s.saveMacro({ ...newMacro(), title: 'X', body: '' })).toBeNull();
    expect(get(s).fieldErrors).toEqual({ body: 'Must not be empty' });
    s.clearErrors('body');
    expect(get(s).fieldErrors).toEqual({});

    expect(await s.savePriorityRules({ ...get(s).data!.priorityRules, keywordRules: [{ words: [' '], priority: 'high' }] })).toBeNull();
    expect(get(s).fieldErrors.keywordRules).toBe('Needs at least one word or phrase');
    expect(get(s).data?.categories.map((c) => c.name)).toEqual(['Billing']);
  });

  it('says a save needs a connection when offline, and reads still work', async () => {
    const s = createSettingsStore(api.settings);
    await s.saveCategory({ ...newCategory(), name: 'Billing' });
    api.setSync({ online: false });
    await s.load();
    expect(get(s).data).toMatchObject({ online: false, categories: [{ name: 'Billing' }] });
    expect(await s.saveCategory({ ...newCategory(), name: 'Shipping' })).toBeNull();
    expect(get(s).formError).toMatch(/needs a connection/);
    expect(get(s).fieldErrors).toEqual({});
    expect(get(s).saving).toBe(false);
  });

  it('refuses agents: the permission error is a form error', async () => {
    await signIn(api, 'maya@northwind.test');
    const s = createSettingsStore(api.settings);
    await s.load();
    expect(get(s).data?.canEdit).toBe(false);
    expect(await s.saveCategory({ ...newCategory(), name: 'Billing' })).toBeNull();
    expect(get(s).formError).toBe('You are not allowed to do that');
  });

  it('shows why the settings could not be read', async () => {
    const s = createSettingsStore(api.settings);
    api.settings.failNext = new ApiError('Please sign in first', 'auth');
    await s.load();
    expect(get(s)).toMatchObject({ loading: false, data: null, error: 'Please sign in first' });
  });
});

describe('macro picker', () => {
  let api: FakeDesk;
  let t: Ticket;
  beforeEach(async () => {
    api = new FakeDesk();
    api.users.push({ id: 'u-ada', name: 'Ada Park', email: 'ada@northwind.test', role: 'admin', active: true });
    await signIn(api, 'ada@northwind.test');
    await api.settings.saveMacro({ ...newMacro(), title: 'Refund issued', body: 'Hi {{customer.first_name}}, refund for #{{ticket.number}} from {{agent.first_name}} at {{company.name}}. Order {{order.id}}.', addTags: ['refund'] });
    await api.settings.saveMacro({ ...newMacro(), title: 'Brake cleaning', body: 'Clean the rotor, {{ customer.name }}.' });
    await api.settings.saveMacro({ ...newMacro(), title: 'Thanks', body: 'Thanks for the refund request.' });
    t = api.addTicket({ subject: 'Refund please', customerName: 'Riley Jones' });
  });

  it('filters by title first, then body', () => {
    const ms = api.settings.macros;
    expect(filterMacros(ms, '').map((m) => m.title)).toEqual(['Brake cleaning', 'Refund issued', 'Thanks']);
    expect(filterMacros(ms, 'refund').map((m) => m.title)).toEqual(['Refund issued', 'Thanks']);
    expect(filterMacros(ms, 'BRAKE clean').map((m) => m.title)).toEqual(['Brake cleaning']);
    expect(filterMacros(ms, 'nothing')).toEqual([]);
  });

  it('moves with the keys, chooses, expands the variables and adds the tags', async () => {
    const p = createMacroPicker(api.macros);
    await p.open(t.id);
    expect(get(p)).toMatchObject({ open: true, loading: false, selected: 0 });
    p.setQuery('refund');
    p.move(1);
    p.move(1); // wraps
    expect(get(p).selected).toBe(0);
    const applied = await p.choose();
    expect(applied?.text).toBe(`Hi Riley, refund for #${t.number} from Ada at Northwind Bikes. Order {{order.id}}.`);
    expect(applied?.unknownVars).toEqual(['order.id']);
    expect(applied?.ticket.tags).toEqual(['refund']);
    expect(api.tickets.find((x) => x.id === t.id)?.tags).toEqual(['refund']);
    expect(get(p)).toMatchObject({ open: false, applied: { title: 'Refund issued' } });
  });

  it('keeps the picker open with the reason when applying fails', async () => {
    const p = createMacroPicker(api.macros);
    await p.open(t.id);
    api.macros.failNext = new ApiError('That macro no longer exists', 'invalid', 'macro');
    expect(await p.choose()).toBeNull();
    expect(get(p)).toMatchObject({ open: true, error: 'That macro no longer exists' });
    p.close();
    expect(get(p).open).toBe(false);
  });
});
