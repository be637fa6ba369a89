// Getting an agent's attention when a conversation is handed over: a short
// beep made with Web Audio (no audio files), a desktop notification when the
// webview allows them, and otherwise an in-app toast. Every part degrades
// quietly: a webview without audio or notifications still shows the toast.

/** Notifier is the slice of the Notification API the alerter uses. */
export interface Notifier {
  permission: string;
  requestPermission(): Promise<string>;
  show(title: string, body: string): void;
}

export interface AlertDeps {
  /** beep plays the sound; it may throw (no audio device), which is ignored. */
  beep: () => void;
  /** notifier is null when the webview has no Notification API. */
  notifier: Notifier | null;
  /** toast shows an in-app message. */
  toast: (title: string, body: string) => void;
}

export interface Alerter {
  /** alert beeps and tells the agent; it reports how: 'notification' or 'toast'. */
  alert(title: string, body: string): Promise<'notification' | 'toast'>;
}

/** createAlerter asks for notification permission at most once. */
export function createAlerter(deps: AlertDeps): Alerter {
  let asked = false;
  return {
    async alert(title, body) {
      try {
        deps.beep();
      } catch {
        // No audio device (a headless machine, muted webview): carry on.
      }
      const n = deps.notifier;
      if (n) {
        try {
          if (n.permission === 'default' && !asked) {
            asked = true;
            await n.requestPermission();
          }
          if (n.permission === 'granted') {
            n.show(title, body);
            return 'notification';
          }
        } catch {
          // Permission requests can fail in embedded webviews: use the toast.
        }
      }
      deps.toast(title, body);
      return 'toast';
    },
  };
}

let audio: AudioContext | null = null;

/** beep plays a short two-tone chime generated with Web Audio. */
export function beep(): void {
  const Ctx = globalThis.AudioContext ?? (globalThis as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctx) return;
  audio ??= new Ctx();
  const ctx = audio;
  if (ctx.state === 'suspended') void ctx.resume().catch(() => {});
  const t0 = ctx.currentTime;
  for (const [freq, start] of [
    [880, 0],
    [1320, 0.12],
  ] as const) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, t0 + start);
    gain.gain.exponentialRampToValueAtTime(0.2, t0 + start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + start + 0.18);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t0 + start);
    osc.stop(t0 + start + 0.2);
  }
}

/** browserNotifier wraps window.Notification, or returns null without it. */
export function browserNotifier(): Notifier | null {
  const N = (globalThis as { Notification?: typeof Notification }).Notification;
  if (typeof N !== 'function') return null;
  return {
    get permission() {
      return N.permission;
    },
    requestPermission: () => N.requestPermission(),
    show: (title, body) => {
      new N(title, { body });
    },
  };
}
