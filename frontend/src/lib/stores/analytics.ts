// The analytics screen: the range and filters the agent picked, the
// dashboard computed from the local replica for them, and the exports.
import { writable, get, type Readable } from 'svelte/store';
import { toApiError, type AnalyticsApi, type ApiError, type Dashboard, type DashboardRequest, type SLATarget } from '../api';

export type Preset = 7 | 30 | 90 | 'custom';
export const PRESETS: { id: Preset; label: string }[] = [
  { id: 7, label: '7 days' },
  { id: 30, label: '30 days' },
  { id: 90, label: '90 days' },
  { id: 'custom', label: 'Custom' },
];

export interface AnalyticsFilters {
  channel: string;
  category: string;
  assigneeId: string;
}

export interface AnalyticsState {
  preset: Preset;
  /** from and to (YYYY-MM-DD, both included) are used with the custom preset. */
  from: string;
  to: string;
  filters: AnalyticsFilters;
  loading: boolean;
  dashboard: Dashboard | null;
  error: ApiError | null;
  /** exporting names the export running ('csv' or a chart name). */
  exporting: string;
  /** saved is the path of the last export, shown to the agent. */
  saved: string;
  /** preparing: the Go side is still reading a big replica for the first time. */
  preparing: { done: number; total: number } | null;
}

export interface AnalyticsStore extends Readable<AnalyticsState> {
  /** load computes the dashboard for the current range and filters. */
  load(): Promise<void>;
  setPreset(p: Preset): Promise<void>;
  /** setRange picks a custom range; it loads once both ends are valid dates. */
  setRange(from: string, to: string): Promise<void>;
  setFilter<K extends keyof AnalyticsFilters>(key: K, value: string): Promise<void>;
  request(): DashboardRequest;
  exportCSV(): Promise<void>;
  /** savePNG saves a chart already rendered to a PNG data URL. */
  savePNG(dataURL: string, name: string): Promise<void>;
  reset(): void;
}

export interface AnalyticsOptions {
  /** timeZone is the zone days are counted in; default: the browser's. */
  timeZone?: string;
  /** sla targets, when the company has any; none hides SLA attainment. */
  sla?: SLATarget[];
  /** today is the local date the custom range starts from (tests). */
  today?: () => string;
  /** retryMs is how soon to ask again while the Go side prepares (default 1000). */
  retryMs?: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** localDate is a Date's local YYYY-MM-DD. */
export function localDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** addDays moves a YYYY-MM-DD date by n days. */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return t.toISOString().slice(0, 10);
}

/** duration renders seconds for a summary card ("42s", "18m", "3.5h", "2.1d"). */
export function duration(sec: number): string {
  if (!Number.isFinite(sec) || sec <= 0) return '0s';
  if (sec < 60) return `${Math.round(sec)}s`;
  if (sec < 3600) return `${Math.round(sec / 60)}m`;
  if (sec < 86400) return `${(sec / 3600).toFixed(1)}h`;
  return `${(sec / 86400).toFixed(1)}d`;
}

/** percent renders a 0..1 share ("67%"). */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function initial(): AnalyticsState {
  return {
    preset: 30,
    from: '',
    to: '',
    filters: { channel: '', category: '', assigneeId: '' },
    loading: false,
    dashboard: null,
    error: null,
    exporting: '',
    saved: '',
    preparing: null,
  };
}

export function createAnalyticsStore(api: AnalyticsApi, opts: AnalyticsOptions = {}): AnalyticsStore {
  const store = writable<AnalyticsState>(initial());
  const { subscribe, update } = store;
  const today = opts.today ?? (() => localDate(new Date()));
  const timeZone = opts.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? '';
  let seq = 0; // the newest load wins
  let retry: ReturnType<typeof setTimeout> | undefined;

  function request(): DashboardRequest {
    const s = get(store);
    const custom = s.preset === 'custom';
    return {
      days: typeof s.preset === 'number' ? s.preset : 0,
      from: custom ? s.from : '',
      to: custom ? s.to : '',
      timeZone,
      channel: s.filters.channel,
      category: s.filters.category,
      assigneeId: s.filters.assigneeId,
      sla: opts.sla ?? [],
    };
  }

  async function load(): Promise<void> {
    const s = get(store);
    if (s.preset === 'custom' && (!DATE.test(s.from) || !DATE.test(s.to))) return;
    const mine = ++seq;
    clearTimeout(retry);
    update((st) => ({ ...st, loading: true, error: null }));
    try {
      const d = await api.dashboard(request());
      if (mine !== seq) return;
      if (d.preparing) {
        // Keep what is shown; ask again until the figures are ready.
        update((st) => ({ ...st, loading: false, preparing: d.preparing }));
        retry = setTimeout(() => mine === seq && void load(), opts.retryMs ?? 1000);
        return;
      }
      update((st) => ({ ...st, loading: false, preparing: null, dashboard: d }));
    } catch (e) {
      if (mine !== seq) return;
      update((st) => ({ ...st, loading: false, error: toApiError(e) }));
    }
  }

  async function exporting(what: string, fn: () => Promise<string>): Promise<void> {
    update((st) => ({ ...st, exporting: what, error: null, saved: '' }));
    try {
      const path = await fn();
      update((st) => ({ ...st, exporting: '', saved: path }));
    } catch (e) {
      update((st) => ({ ...st, exporting: '', error: toApiError(e) }));
    }
  }

  return {
    subscribe,
    load,
    request,

    async setPreset(p) {
      update((st) => {
        if (p !== 'custom') return { ...st, preset: p };
        // A custom range starts as the range shown now.
        const to = st.to || today();
        const from = st.from || addDays(to, -(typeof st.preset === 'number' ? st.preset : 30) + 1);
        return { ...st, preset: p, from, to };
      });
      await load();
    },

    async setRange(from, to) {
      update((st) => ({ ...st, preset: 'custom', from, to }));
      await load();
    },

    async setFilter(key, value) {
      update((st) => ({ ...st, filters: { ...st.filters, [key]: value } }));
      await load();
    },

    exportCSV: () => exporting('csv', () => api.exportCSV(request())),
    savePNG: (dataURL, name) => exporting(name, () => api.savePNG(dataURL, name)),

    reset() {
      seq++;
      clearTimeout(retry);
      store.set(initial());
    },
  };
}
