// Live-chat alerts beyond handovers (which stores/queue.ts announces): a
// conversation entering the live queue beeps and notifies too, and the
// mute preference silences both (toasts still show, quietly).
import type { Readable } from 'svelte/store';
import type { AlertDeps, Notifier } from '../alert';
import type { QueueState } from './queue';

/** mutableDeps wraps alert deps so a muted desk neither beeps nor notifies. */
export function mutableDeps(deps: AlertDeps, muted: () => boolean): AlertDeps {
  return {
    beep: () => {
      if (!muted()) deps.beep();
    },
    get notifier(): Notifier | null {
      return muted() ? null : deps.notifier;
    },
    toast: deps.toast,
  };
}

/**
 * watchLive alerts when the live-chat count rises. The first value after
 * start or rearm (sign-in: the count is loaded, not new) only sets the base.
 */
export function watchLive(queue: Readable<QueueState>, alert: (title: string, body: string) => void): { stop: () => void; rearm: () => void } {
  let last: number | null = null;
  const stop = queue.subscribe((q) => {
    if (last !== null && q.live > last) {
      const n = q.live - last;
      alert(n === 1 ? 'New live chat' : `${n} new live chats`, `${q.live} customer${q.live === 1 ? ' is' : 's are'} chatting now — press 6 in the inbox to see them`);
    }
    last = q.live;
  });
  return { stop, rearm: () => (last = null) };
}
