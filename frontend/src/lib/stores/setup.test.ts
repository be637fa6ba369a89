import { get } from 'svelte/store';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError, shortLeft, clockAt, clockText, formatDuration, humanLeft, joinAnd, missingRequired, parseDuration, urgentClock, type SlaClock } from '../api';
import { FakeDesk } from '../api/fake';
import { createSetupStore, newCustomField, newTag } from './setup';

const signIn = (api: FakeDesk, email: string) =>
  api.login({ serverURL: '', company: 'Northwind Bikes', email, password: 'frontline-demo', remember: false });

describe('durations', () => {
  it.each([
    ['4h', 240],
    ['1d 2h', 1560],
    ['90m', 90],
    ['1h30m', 90],
    ['45', 45],
    ['', 0],
    [' 2D ', 2880],
  ])('parses %j as %d minutes', (input, want) => {
    expect(parseDuration(input)).toBe(want);
  });
  it.each(['4 hours', 'h', '1x', '-3h', '2h soon'])('refuses %j', (input) => {
    expect(parseDuration(input)).toBeNull();
  });
  it('writes minutes back in the same words', () => {
    expect(formatDuration(1560)).toBe('1d 2h');
    expect(formatDuration(90)).toBe('1h 30m');
    expect(formatDuration(0)).toBe('');
    expect(parseDuration(formatDuration(2000))).toBe(2000);
  });
});

describe('SLA clocks', () => {
  const running: SlaClock = { target: 'first_response', due: '2026-03-01T10:20:00Z', state: 'running', leftSeconds: 4800, businessHours: false };

  it('says the clock as a sentence', () => {
    expect(clockText(running)).toBe('First response due in 1h 20m');
    expect(clockText({ ...running, businessHours: true })).toBe('First response due in 1h 20m (business hours)');
    expect(clockText({ ...running, target: 'resolution', state: 'breached', leftSeconds: -600 })).toBe('Resolution overdue by 10m');
    expect(clockText({ ...running, state: 'met' })).toBe('First response met');
    expect(humanLeft(3 * 86400 + 4 * 3600)).toBe('3d 4h');
    expect([shortLeft(-(20 * 3600 + 25 * 60)), shortLeft(5 * 3600 + 60 * 5), shortLeft(12 * 86400 + 3600), shortLeft(86400 + 8 * 3600)]).toEqual(['20h', '5h 5m', '12d', '1d 8h']);
  });

  it('counts a wall-clock clock down from its due time and breaches it', () => {
    const at = Date.parse('2026-03-01T10:00:00Z');
    expect(clockAt(running, at)).toMatchObject({ leftSeconds: 1200, state: 'running' });
    expect(clockAt(running, at + 30 * 60_000)).toMatchObject({ leftSeconds: -600, state: 'breached' });
    const bh = { ...running, businessHours: true };
    expect(clockAt(bh, at + 30 * 60_000)).toBe(bh);
  });

  it('picks the most urgent open clock for the inbox badge', () => {
    const res: SlaClock = { ...running, target: 'resolution', leftSeconds: 90000 };
    expect(urgentClock([running, res])).toBe(running);
    expect(urgentClock([{ ...running, state: 'met' }, res])).toBe(res);
    expect(urgentClock([{ ...running, state: 'met' }])).toBeNull();
    expect(urgentClock(undefined)).toBeNull();
  });
});

describe('setup store', () => {
  let api: FakeDesk;
  beforeEach(async () => {
    api = new FakeDesk();
    api.users.push({ id: 'u-ada', name: 'Ada Park', email: 'ada@northwind.test', role: 'admin', active: true });
    await signIn(api, 'ada@northwind.test');
  });

  it('loads and saves every section, one SLA policy per priority', async () => {
    const s = createSetupStore(api);
    await s.load();
    expect(get(s)).toMatchObject({ canEdit: true, online: true, data: { slaPolicies: [], assignment: { mode: 'off' } } });

    const p = await s.saveSlaPolicy({ id: '', priority: 'urgent', firstResponseMinutes: 30, resolutionMinutes: 240, businessHours: true, updatedAt: '' });
    await s.saveSlaPolicy({ id: '', priority: 'urgent', firstResponseMinutes: 15, resolutionMinutes: 240, businessHours: true, updatedAt: '' });
    expect(get(s).data.slaPolicies).toEqual([expect.objectContaining({ id: p!.id, firstResponseMinutes: 15 })]);
    expect(get(s).notice).toBe('SLA for urgent saved');

    await s.saveBusinessHours({ id: '', timeZone: 'Europe/Berlin', days: [{ weekday: 1, open: '09:00', close: '17:00' }], holidays: ['2026-12-25'], updatedAt: '' });
    await s.saveAssignment({ id: '', mode: 'round_robin', updatedAt: '' });
    await s.saveCustomField({ ...newCustomField(), key: 'order_kind', label: 'Order kind', type: 'select', options: ['refund'], requiredToResolve: true });
    await s.saveTag({ ...newTag(), name: ' VIP ' });
    expect(get(s).data).toMatchObject({
      businessHours: { timeZone: 'Europe/Berlin' }, assignment: { mode: 'round_robin' },
      customFields: [{ key: 'order_kind' }], tags: [{ name: 'vip' }],
    });

    // A fresh load reads them back through settings.list().
    const again = createSetupStore(api);
    await again.load();
    expect(again).not.toBe(s);
    expect(get(again).data.customFields.map((f) => f.key)).toEqual(['order_kind']);
    expect(await again.deleteTag(get(again).data.tags[0].id)).toBe(true);
    expect(get(again).data.tags).toEqual([]);
  });

  it('puts the server reason beside the field and keeps offline refusals as a form error', async () => {
    const s = createSetupStore(api);
    await s.load();
    expect(await s.saveCustomField({ ...newCustomField(), key: 'Bad Key', label: 'X' })).toBeNull();
    expect(get(s).fieldErrors.key).toMatch(/lower-case/);
    expect(await s.saveSlaPolicy({ id: '', priority: 'low', firstResponseMinutes: 600000, resolutionMinutes: 0, businessHours: false, updatedAt: '' })).toBeNull();
    expect(get(s).fieldErrors).toEqual({ firstResponse: expect.stringMatching(/365 days/) });
    api.setup.failNext = new ApiError('Changing settings needs a connection to the server — try again when you are online', 'offline');
    expect(await s.saveTag({ ...newTag(), name: 'x' })).toBeNull();
    expect(get(s)).toMatchObject({ fieldErrors: {}, formError: expect.stringMatching(/online/) });
    s.clearErrors();
    expect(get(s).formError).toBe('');
  });

  it('sets a ticket field offline (pending) and names a refused value beside it', async () => {
    const s = createSetupStore(api);
    await s.saveCustomField({ ...newCustomField(), key: 'order_kind', label: 'Order kind', type: 'select', options: ['refund', 'exchange'], requiredToResolve: true });
    await s.saveCustomField({ ...newCustomField(), key: 'bike_size', label: 'Bike size', type: 'number', requiredToResolve: true });
    const t = api.addTicket({ subject: 'Wrong size' });
    expect(missingRequired(get(s).data.customFields, t.customFields)).toEqual(['Bike size', 'Order kind']);
    expect(joinAnd(['Bike size', 'Order kind'])).toBe('Bike size and Order kind');

    api.sync = { ...api.sync, online: false };
    const got = await s.setTicketField(t.id, 'order_kind', 'refund');
    expect(got).toMatchObject({ pending: true, customFields: { order_kind: 'refund' } });
    expect(missingRequired(get(s).data.customFields, got!.customFields)).toEqual(['Bike size']);

    expect(await s.setTicketField(t.id, 'bike_size', 'large')).toBeNull();
    expect(get(s).fieldErrors['custom:bike_size']).toBe('Must be a number');
    expect(await s.setTicketField(t.id, 'bike_size', '54')).not.toBeNull();
    expect(get(s).fieldErrors['custom:bike_size']).toBeUndefined();
  });
});

describe('setup store use()', () => {
  it('takes the sections from settings another store read', async () => {
    const api = new FakeDesk();
    api.setup.data.tags = [{ id: 't1', name: 'vip', color: '#aa3300', description: '', updatedAt: '' }];
    await signIn(api, 'maya@northwind.test');
    const s = createSetupStore(api);
    s.use(await api.settings.list());
    expect(get(s)).toMatchObject({ canEdit: false, data: { tags: [{ name: 'vip' }], slaPolicies: [] } });
  });
});
