import { get } from 'svelte/store';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, type DashboardRequest } from '../api';
import { emptyDashboard, FakeAnalytics } from '../api/fake';
import { addDays, createAnalyticsStore, duration, localDate, percent } from './analytics';

function rig(sla = [] as DashboardRequest['sla']) {
  const api = new FakeAnalytics();
  // The fake answers with one day per requested day, so tests see the range used.
  api.compute = (req) => {
    const to = req.days ? '2026-03-10' : req.to;
    const from = req.days ? addDays(to, 1 - req.days) : req.from;
    const days: string[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
    return { ...emptyDashboard(days), total: req.channel === 'widget' ? 2 : 5 };
  };
  const store = createAnalyticsStore(api, { timeZone: 'Europe/Berlin', sla, today: () => '2026-03-10' });
  return { api, store };
}

describe('analytics store', () => {
  it('loads the last 30 days in the given zone by default', async () => {
    const { api, store } = rig();
    await store.load();
    const s = get(store);
    expect(s.loading).toBe(false);
    expect(s.error).toBeNull();
    expect(s.dashboard?.days).toHaveLength(30);
    expect(s.dashboard?.from).toBe('2026-02-09');
    expect(api.requests).toEqual([
      { days: 30, from: '', to: '', timeZone: 'Europe/Berlin', channel: '', category: '', assigneeId: '', sla: [] },
    ]);
  });

  it('switches presets and filters, and sends SLA targets', async () => {
    const sla = [{ priority: 'high', firstResponseMinutes: 30, resolutionMinutes: 240 }];
    const { api, store } = rig(sla);
    await store.setPreset(7);
    expect(get(store).dashboard?.days.map((d) => d.date)).toEqual([
      '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10',
    ]);
    await store.setFilter('channel', 'widget');
    expect(get(store).dashboard?.total).toBe(2);
    await store.setFilter('assigneeId', 'u-maya');
    const last = api.requests[api.requests.length - 1];
    expect(last).toMatchObject({ days: 7, channel: 'widget', assigneeId: 'u-maya', category: '', sla });
    await store.setPreset(90);
    expect(get(store).dashboard?.days).toHaveLength(90);
  });

  it('starts a custom range from the preset shown and waits for valid dates', async () => {
    const { api, store } = rig();
    await store.setPreset(7);
    await store.setPreset('custom');
    expect(get(store)).toMatchObject({ preset: 'custom', from: '2026-03-04', to: '2026-03-10' });
    expect(api.requests[api.requests.length - 1]).toMatchObject({ days: 0, from: '2026-03-04', to: '2026-03-10' });
    const n = api.requests.length;
    await store.setRange('2026-03-0', '2026-03-10'); // half typed: no call
    expect(api.requests).toHaveLength(n);
    await store.setRange('2026-03-01', '2026-03-03');
    expect(get(store).dashboard?.days.map((d) => d.date)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
  });

  it('shows errors and keeps the last dashboard', async () => {
    const { api, store } = rig();
    await store.load();
    api.failNext = new ApiError('The last day must not be before the first', 'invalid', 'to');
    await store.setRange('2026-03-05', '2026-03-01');
    const s = get(store);
    expect(s.error?.field).toBe('to');
    expect(s.loading).toBe(false);
    expect(s.dashboard?.days).toHaveLength(30);
  });

  it('lets the newest of overlapping loads win', async () => {
    const { api, store } = rig();
    api.hold = true;
    const first = store.setPreset(90);
    const second = store.setPreset(7);
    api.release();
    await Promise.all([first, second]);
    expect(get(store).dashboard?.days).toHaveLength(7);
    expect(get(store).preset).toBe(7);
  });

  it('exports CSV and PNG and says where', async () => {
    const { api, store } = rig();
    await store.setFilter('category', 'billing');
    await store.exportCSV();
    let s = get(store);
    expect(s.saved).toMatch(/frontline-analytics-1\.csv$/);
    expect(s.exporting).toBe('');
    expect(api.requests[api.requests.length - 1].category).toBe('billing');
    await store.savePNG('data:image/png;base64,iVBORw0KGgo=', 'volume-by-day');
    s = get(store);
    expect(s.saved).toBe('/home/agent/Downloads/volume-by-day.png');
    expect(api.files.get(s.saved)).toBe('data:image/png;base64,iVBORw0KGgo=');
    await store.savePNG('data:image/jpeg;base64,AAAA', 'bad');
    s = get(store);
    expect(s.error?.field).toBe('image');
    expect(s.saved).toBe('');
  });

  it('asks again while the Go side prepares, keeping the screen', async () => {
    vi.useFakeTimers();
    try {
      const api = new FakeAnalytics();
      let calls = 0;
      api.compute = () => {
        calls++;
        if (calls === 1) return emptyDashboard(['2026-03-10']);
        if (calls < 4) return { ...emptyDashboard(), preparing: { done: (calls - 2) * 500, total: 1000 } };
        return { ...emptyDashboard(['2026-03-10']), total: 7 };
      };
      const store = createAnalyticsStore(api, { timeZone: 'UTC', retryMs: 500 });
      await store.load();
      await store.setPreset(7); // the replica grew: the Go side reads it again
      expect(get(store).preparing).toEqual({ done: 0, total: 1000 });
      expect(get(store).dashboard?.days).toHaveLength(1); // still the last figures
      await vi.advanceTimersByTimeAsync(500);
      expect(get(store).preparing).toEqual({ done: 500, total: 1000 });
      await vi.advanceTimersByTimeAsync(500);
      expect(get(store).preparing).toBeNull();
      expect(get(store).dashboard?.total).toBe(7);
      await vi.advanceTimersByTimeAsync(5000);
      expect(calls).toBe(4); // no more polling once ready
      store.reset();
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops asking on sign-out', async () => {
    vi.useFakeTimers();
    try {
      const api = new FakeAnalytics();
      api.result = { ...emptyDashboard(), preparing: { done: 1, total: 9 } };
      const store = createAnalyticsStore(api, { timeZone: 'UTC', retryMs: 100 });
      await store.load();
      store.reset();
      await vi.advanceTimersByTimeAsync(1000);
      expect(api.requests).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('resets on sign-out', async () => {
    const { store } = rig();
    await store.setFilter('channel', 'widget');
    store.reset();
    expect(get(store)).toMatchObject({ dashboard: null, filters: { channel: '', category: '', assigneeId: '' }, preset: 30 });
  });
});

describe('analytics formatting', () => {
  it.each([
    [0, '0s'],
    [42, '42s'],
    [600, '10m'],
    [5400, '1.5h'],
    [3 * 86400, '3.0d'],
  ])('duration(%d) = %s', (sec, want) => {
    expect(duration(sec)).toBe(want);
  });

  it('percent and dates', () => {
    expect(percent(2 / 3)).toBe('67%');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(localDate(new Date(2026, 0, 5))).toBe('2026-01-05');
  });
});
