// Every keyboard shortcut of the desk, for the help overlay (?), and the
// inbox-power keys (selection, assign to me, resolve, reply/note from the
// inbox, g i, zoom, help) that App.svelte hands to handlePowerKey.

export interface Shortcut {
  keys: string[][]; // alternatives, each a sequence of keys: [['j'], ['↓']]
  what: string;
}

export interface ShortcutGroup {
  title: string;
  items: Shortcut[];
}

export const SHORTCUTS: ShortcutGroup[] = [
  {
    title: 'Everywhere',
    items: [
      { keys: [['?']], what: 'Show or hide this help' },
      { keys: [['/'], ['Ctrl', 'K']], what: 'Search tickets and articles' },
      { keys: [['g', 'i']], what: 'Go to the inbox' },
      { keys: [['g', 'a']], what: 'Go to analytics (from the inbox)' },
      { keys: [['g', 's']], what: 'Go to settings (admins, from the inbox)' },
      { keys: [['Ctrl', '='], ['Ctrl', '-'], ['Ctrl', '0']], what: 'Zoom in, out, back to 100%' },
      { keys: [['Esc']], what: 'Close, go back, clear the selection' },
    ],
  },
  {
    title: 'Inbox',
    items: [
      { keys: [['j'], ['k'], ['↓'], ['↑']], what: 'Next / previous ticket' },
      { keys: [['Enter'], ['o']], what: 'Open the ticket' },
      { keys: [['1'], ['…'], ['7']], what: 'Switch built-in view' },
      { keys: [['r']], what: 'Open the ticket and reply' },
      { keys: [['n']], what: 'Open the ticket and write an internal note' },
      { keys: [['a']], what: 'Assign to me (the selection, or the current ticket)' },
      { keys: [['e']], what: 'Resolve (the selection, or the current ticket)' },
      { keys: [['x']], what: 'Select or unselect the current ticket' },
      { keys: [['Shift', 'click']], what: 'Select a range of tickets' },
      { keys: [['Ctrl', 'A']], what: 'Select every ticket shown' },
    ],
  },
  {
    title: 'Ticket',
    items: [
      { keys: [['r']], what: 'Reply to the customer' },
      { keys: [['n']], what: 'Internal note' },
      { keys: [['Ctrl', 'Enter']], what: 'Send the reply or note' },
      { keys: [['Ctrl', 'M'], ['/']], what: 'Insert a macro (/ in an empty reply)' },
      { keys: [['a']], what: 'Assign to me' },
      { keys: [['e'], ['Shift', 'S']], what: 'Resolve' },
      { keys: [['Shift', 'O'], ['Shift', 'P']], what: 'Mark open / pending' },
      { keys: [['g']], what: 'Generate a reply draft (copilot)' },
      { keys: [['t']], what: 'Correct the triage labels' },
      { keys: [['j'], ['k']], what: 'Next / previous ticket in the inbox' },
      { keys: [['Esc']], what: 'Back to the inbox' },
    ],
  },
  {
    title: 'Search palette',
    items: [
      { keys: [['↑'], ['↓']], what: 'Move' },
      { keys: [['Tab']], what: 'Tickets / articles' },
      { keys: [['Enter']], what: 'Open' },
    ],
  },
];

/** What the power keys act on; App.svelte provides it. */
export interface PowerKeyActions {
  screen: () => string;
  helpOpen: () => boolean;
  toggleHelp: () => void;
  zoomIn: () => void;
  zoomOut: () => void;
  zoomReset: () => void;
  /** selected is the number of selected inbox rows. */
  selected: () => number;
  toggleSelect: () => void;
  selectAll: () => void;
  clearSelection: () => void;
  assignToMe: () => void;
  resolve: () => void;
  /** compose opens the current inbox ticket with the composer in mode. */
  compose: (mode: 'reply' | 'note') => void;
  /** step opens the next (+1) or previous ticket from the ticket view. */
  step: (delta: number) => void;
  goInbox: () => void;
}

/**
 * createPowerKeys returns the key handler; it reports whether it handled
 * the key (App.svelte then stops). Ctrl zoom keys work even in text boxes.
 */
export function createPowerKeys(act: PowerKeyActions, now: () => number = Date.now) {
  let gAt = -Infinity;
  return (e: KeyboardEvent, typing: boolean): boolean => {
    const ctrl = e.ctrlKey || e.metaKey;
    const handled = () => {
      e.preventDefault();
      return true;
    };
    if (ctrl && !e.altKey) {
      if (e.key === '=' || e.key === '+') return (act.zoomIn(), handled());
      if (e.key === '-') return (act.zoomOut(), handled());
      if (e.key === '0') return (act.zoomReset(), handled());
      if (!typing && e.key.toLowerCase() === 'a' && act.screen() === 'inbox') return (act.selectAll(), handled());
      return false;
    }
    if (typing || e.altKey) return false;
    const screen = act.screen();
    if (e.key === '?') return (act.toggleHelp(), handled());
    if (e.key === 'Escape') {
      if (act.helpOpen()) return (act.toggleHelp(), handled());
      if (screen === 'inbox' && act.selected() > 0) return (act.clearSelection(), handled());
      return false;
    }
    const afterG = now() - gAt < 1500;
    if (e.key === 'g') {
      gAt = now();
      return false; // App.svelte's g a / g s / g (draft) still apply
    }
    if (afterG) {
      gAt = -Infinity;
      if (e.key === 'i' && screen !== 'ticket') return (act.goInbox(), handled());
      return false; // g a, g s: App.svelte
    }
    if (e.shiftKey) return false;
    if (screen === 'inbox') {
      switch (e.key) {
        case 'x':
          return (act.toggleSelect(), handled());
        case 'a':
          return (act.assignToMe(), handled());
        case 'e':
          return (act.resolve(), handled());
        case 'r':
          return (act.compose('reply'), handled());
        case 'n':
          return (act.compose('note'), handled());
      }
    } else if (screen === 'ticket') {
      switch (e.key) {
        case 'a':
          return (act.assignToMe(), handled());
        case 'e':
          return (act.resolve(), handled());
        case 'j':
          return (act.step(1), handled());
        case 'k':
          return (act.step(-1), handled());
      }
    }
    return false;
  };
}
