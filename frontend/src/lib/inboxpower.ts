// Wiring of the inbox power features for App.svelte: saved views with live
// counts, bulk selection, the away digest, appearance prefs (theme, zoom),
// live-chat alerts with mute, the shortcut help and the power keys. App
// creates one InboxPower and calls its hooks; everything else lives here.
import { get, writable, type Readable } from 'svelte/store';
import type { DeskApi, SyncStatus, Ticket, User } from './api';
import { beep, browserNotifier, createAlerter, type Alerter } from './alert';
import { createDigestStore, type DigestStore } from './stores/digest';
import { mutableDeps, watchLive } from './stores/livealerts';
import { createPrefsStore, type PrefsStore } from './stores/prefs';
import type { QueueState } from './stores/queue';
import { createSavedViewsStore, type SavedViewsStore } from './stores/savedviews';
import { createSelectionStore, type SelectionStore } from './stores/selection';
import { createPowerKeys, type PowerKeyActions } from './shortcuts';

export interface InboxPower {
  views: SavedViewsStore;
  selection: SelectionStore;
  digest: DigestStore;
  prefs: PrefsStore;
  help: Readable<boolean>;
  agents: Readable<User[]>;
  /** alerter is the live-chat alerter (beep + notification, or toast), honouring mute. */
  alerter: Alerter;
  toggleHelp(): void;
  /** watchQueue starts the "new live chat" alert on the queue store. */
  watchQueue(queue: Readable<QueueState>): void;
  signedIn(): void;
  signedOut(): void;
  replicaChanged(): void;
  syncStatus(s: SyncStatus): void;
  /** keys makes the power-key handler from App's actions. */
  keys(act: Omit<PowerKeyActions, 'helpOpen' | 'toggleHelp' | 'zoomIn' | 'zoomOut' | 'zoomReset' | 'selected' | 'clearSelection'>): (e: KeyboardEvent, typing: boolean) => boolean;
  /** bulkOrOne runs a bulk action on the selection, or calls one() on the current ticket when nothing is selected. */
  bulkOrOne(action: 'assign' | 'status', value: string, one: () => void): void;
  stop(): void;
}

export function createInboxPower(api: DeskApi, toast: (title: string, body: string) => void): InboxPower {
  const storage = typeof localStorage === 'undefined' ? null : localStorage;
  const root = typeof document === 'undefined' ? null : document.documentElement;
  const prefs = createPrefsStore(storage, root);
  const alerter = createAlerter(mutableDeps({ beep, notifier: browserNotifier(), toast }, () => prefs.current().mute));
  const views = createSavedViewsStore(api.inboxPower);
  const agents = writable<User[]>([]);
  const names = () => Object.fromEntries(get(agents).map((u) => [u.id, u.name]));
  const selection = createSelectionStore(api.inboxPower, toast, names);
  const digest = createDigestStore(api.inboxPower);
  const help = writable(false);
  let live: { stop: () => void; rearm: () => void } | null = null;
  let countTimer: ReturnType<typeof setTimeout> | undefined;

  return {
    views,
    selection,
    digest,
    prefs,
    help,
    agents,
    alerter,
    toggleHelp: () => help.update((h) => !h),
    watchQueue(queue) {
      live = watchLive(queue, (title, body) => void alerter.alert(title, body));
    },
    signedIn() {
      live?.rearm();
      void views.load();
      api.agents().then((a) => agents.set(a), () => agents.set([]));
    },
    signedOut() {
      selection.clear();
      digest.reset();
      views.cancel();
      help.set(false);
    },
    replicaChanged() {
      // Bursts of changes (a big pull) recount once.
      clearTimeout(countTimer);
      countTimer = setTimeout(() => void views.refreshCounts(), 150);
    },
    syncStatus(s) {
      digest.noteSync(s);
    },
    keys(act) {
      return createPowerKeys({
        ...act,
        helpOpen: () => get(help),
        toggleHelp: () => help.update((h) => !h),
        zoomIn: prefs.zoomIn,
        zoomOut: prefs.zoomOut,
        zoomReset: prefs.zoomReset,
        selected: () => get(selection).ids.length,
        clearSelection: selection.clear,
      });
    },
    bulkOrOne(action, value, one) {
      if (get(selection).ids.length > 0) void selection.apply(action, value);
      else one();
    },
    stop() {
      live?.stop();
      clearTimeout(countTimer);
    },
  };
}

/** stepTicket is the id of the ticket delta rows from id in the inbox list, or null. */
export function stepTicket(tickets: Ticket[], id: string | undefined, delta: number): string | null {
  const i = tickets.findIndex((t) => t.id === id);
  if (i < 0) return null;
  return tickets[i + delta]?.id ?? null;
}

/** savedViewTitle names a saved view in the window title ("view Urgent & breached"); null for other views. */
export function savedViewTitle(view: string, views: { id: string; name: string }[]): string | null {
  if (!view.startsWith('saved:')) return null;
  return `view ${views.find((v) => `saved:${v.id}` === view)?.name ?? '…'}`;
}
