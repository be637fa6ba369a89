// Small pure helpers the views share.

/** ago renders an RFC 3339 time relative to now ("5m", "3h", "2d", or a date). */
export function ago(iso: string, now: number = Date.now()): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return 'just now';
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ago`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ago`;
  const d = Math.floor(h / 24);
  if (d < 7) return `${d}d ago`;
  return new Date(t).toISOString().slice(0, 10);
}

/** when renders an absolute time for a message header. */
export function when(iso: string): string {
  if (!iso) return '';
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return '';
  return t.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** label turns a status or priority word into a label ("handoff" -> "Handoff"). */
export function label(word: string): string {
  return word ? word[0].toUpperCase() + word.slice(1) : '';
}

/** initials of a name, for avatars ("Maya Chen" -> "MC"). */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  const first = parts[0][0] ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1][0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** isTyping reports whether a key event comes from a text control. */
export function isTyping(target: EventTarget | null): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false;
  const el = target as HTMLElement;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable === true;
}

/** windowTitle is the window title for a screen. */
export function windowTitle(
  screen: 'login' | 'loading' | 'inbox' | 'ticket', view: string, number: number, subject: string): string {
  switch (screen) {
    case 'login':
      return 'Frontline';
    case 'loading':
      return 'Frontline - Loading';
    case 'inbox':
      return `Frontline - Inbox (${view})`;
    case 'ticket':
      return number ? `Frontline - #${number} ${subject}` : 'Frontline - Ticket';
  }
}
