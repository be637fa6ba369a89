// Appearance and attention preferences remembered on this computer: the
// theme (follow the system, light or dark), the zoom level (Ctrl+= / Ctrl+-
// / Ctrl+0) and whether live-chat alerts are muted.
import { writable, type Readable } from 'svelte/store';

export type Theme = 'system' | 'light' | 'dark';

export interface Prefs {
  theme: Theme;
  /** zoom is a factor, 0.8 to 1.5 in steps of 0.05 (rounded). */
  zoom: number;
  mute: boolean;
}

export interface PrefsStore extends Readable<Prefs> {
  setTheme(t: Theme): void;
  /** cycleTheme goes system → light → dark → system. */
  cycleTheme(): void;
  zoomIn(): void;
  zoomOut(): void;
  zoomReset(): void;
  toggleMute(): void;
  current(): Prefs;
}

export const PREFS_KEY = 'frontline.prefs';
export const ZOOM_MIN = 0.8;
export const ZOOM_MAX = 1.5;
const STEPS = [0.8, 0.9, 1, 1.1, 1.25, 1.5];

type KV = Pick<Storage, 'getItem' | 'setItem'>;

export function defaultPrefs(): Prefs {
  return { theme: 'system', zoom: 1, mute: false };
}

/** readPrefs reads the remembered prefs, ignoring anything malformed. */
export function readPrefs(kv: KV | null): Prefs {
  const out = defaultPrefs();
  try {
    const raw = JSON.parse(kv?.getItem(PREFS_KEY) ?? 'null') as Partial<Prefs> | null;
    if (raw && ['system', 'light', 'dark'].includes(raw.theme as string)) out.theme = raw.theme as Theme;
    if (raw && typeof raw.zoom === 'number' && raw.zoom >= ZOOM_MIN && raw.zoom <= ZOOM_MAX) out.zoom = raw.zoom;
    if (raw && typeof raw.mute === 'boolean') out.mute = raw.mute;
  } catch {
    // A damaged entry: start from the defaults.
  }
  return out;
}

/** stepZoom moves to the next zoom step up (+1) or down (-1). */
export function stepZoom(z: number, dir: 1 | -1): number {
  if (dir > 0) return STEPS.find((s) => s > z + 1e-9) ?? ZOOM_MAX;
  return [...STEPS].reverse().find((s) => s < z - 1e-9) ?? ZOOM_MIN;
}

/** applyPrefs puts the theme and zoom on the document root (see app.css). */
export function applyPrefs(p: Prefs, root: HTMLElement | null): void {
  if (!root) return;
  if (p.theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = p.theme;
  root.style.setProperty('--zoom', String(p.zoom));
}

export function createPrefsStore(kv: KV | null, root: HTMLElement | null): PrefsStore {
  let cur = readPrefs(kv);
  const { subscribe, set } = writable<Prefs>(cur);
  const put = (p: Prefs) => {
    cur = p;
    set(p);
    applyPrefs(p, root);
    try {
      kv?.setItem(PREFS_KEY, JSON.stringify(p));
    } catch {
      // Storage full or unavailable: the choice lasts for this session.
    }
  };
  applyPrefs(cur, root);
  const order: Theme[] = ['system', 'light', 'dark'];
  return {
    subscribe,
    setTheme: (theme) => put({ ...cur, theme }),
    cycleTheme: () => put({ ...cur, theme: order[(order.indexOf(cur.theme) + 1) % order.length] }),
    zoomIn: () => put({ ...cur, zoom: stepZoom(cur.zoom, 1) }),
    zoomOut: () => put({ ...cur, zoom: stepZoom(cur.zoom, -1) }),
    zoomReset: () => put({ ...cur, zoom: 1 }),
    toggleMute: () => put({ ...cur, mute: !cur.mute }),
    current: () => cur,
  };
}
