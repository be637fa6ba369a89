// Where the conversation token lives between page loads: localStorage, one
// entry per widget key. Storage can be unavailable (privacy modes, sandboxed
// frames); the widget then works for the current page only.

const prefix = "frontline.conversation.";

export function loadToken(widgetKey: string): string | null {
  try {
    const t = window.localStorage.getItem(prefix + widgetKey);
    return t && t.startsWith("flc_") ? t : null;
  } catch {
    return null;
  }
}

export function saveToken(widgetKey: string, token: string): void {
  try {
    window.localStorage.setItem(prefix + widgetKey, token);
  } catch {
    // Not persisted; the conversation still works until the page closes.
  }
}

export function forgetToken(widgetKey: string): void {
  try {
    window.localStorage.removeItem(prefix + widgetKey);
  } catch {
    // Nothing stored, nothing to forget.
  }
}
