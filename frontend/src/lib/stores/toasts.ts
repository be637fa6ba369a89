// In-app toasts: short messages in a corner that go away by themselves.
import { writable, type Readable } from 'svelte/store';

export interface Toast {
  id: number;
  title: string;
  body: string;
}

export interface ToastStore extends Readable<Toast[]> {
  show(title: string, body: string): void;
  dismiss(id: number): void;
}

/** createToastStore keeps at most max toasts, each for ttl ms. */
export function createToastStore(ttl = 8000, max = 4): ToastStore {
  const { subscribe, update } = writable<Toast[]>([]);
  let seq = 0;
  const dismiss = (id: number) => update((ts) => ts.filter((t) => t.id !== id));
  return {
    subscribe,
    show(title, body) {
      const id = ++seq;
      update((ts) => [...ts, { id, title, body }].slice(-max));
      setTimeout(() => dismiss(id), ttl);
    },
    dismiss,
  };
}
