import { describe, expect, it, vi } from 'vitest';
import { createPowerKeys, SHORTCUTS, type PowerKeyActions } from './shortcuts';

function actions(screen = 'inbox') {
  const fns = () => ({
    toggleHelp: vi.fn(), zoomIn: vi.fn(), zoomOut: vi.fn(), zoomReset: vi.fn(), toggleSelect: vi.fn(), selectAll: vi.fn(),
    clearSelection: vi.fn(), assignToMe: vi.fn(), resolve: vi.fn(), compose: vi.fn(), step: vi.fn(), goInbox: vi.fn(),
  });
  return { screen: () => screen, helpOpen: vi.fn(() => false), selected: vi.fn(() => 0), ...fns() } satisfies PowerKeyActions;
}
// A plain keydown event (the tests run without a DOM).
const key = (k: string, o: Partial<KeyboardEvent> = {}) =>
  ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, preventDefault: () => {}, ...o }) as KeyboardEvent;

describe('power keys', () => {
  it('handles the inbox keys', () => {
    const a = actions();
    const h = createPowerKeys(a);
    for (const k of ['x', 'a', 'e', 'r', 'n', '?']) expect(h(key(k), false)).toBe(true);
    expect(a.toggleSelect).toHaveBeenCalled();
    expect(a.assignToMe).toHaveBeenCalled();
    expect(a.resolve).toHaveBeenCalled();
    expect(a.compose).toHaveBeenNthCalledWith(1, 'reply');
    expect(a.compose).toHaveBeenNthCalledWith(2, 'note');
    expect(a.toggleHelp).toHaveBeenCalled();
    expect(h(key('a', { ctrlKey: true }), false)).toBe(true);
    expect(a.selectAll).toHaveBeenCalled();
    expect(h(key('j'), false)).toBe(false); // App.svelte moves
  });

  it('leaves g a / g s to the app and takes g i', () => {
    let t = 0;
    const a = actions('analytics');
    const h = createPowerKeys(a, () => t);
    expect(h(key('g'), false)).toBe(false);
    t = 500;
    expect(h(key('i'), false)).toBe(true);
    expect(a.goInbox).toHaveBeenCalled();
    const b = actions('inbox');
    const h2 = createPowerKeys(b, () => t);
    h2(key('g'), false);
    expect(h2(key('a'), false)).toBe(false);
    expect(b.assignToMe).not.toHaveBeenCalled();
  });

  it('zooms even while typing, ignores other keys then', () => {
    const a = actions('ticket');
    const h = createPowerKeys(a);
    expect(h(key('=', { ctrlKey: true }), true)).toBe(true);
    expect(h(key('-', { ctrlKey: true }), true)).toBe(true);
    expect(h(key('0', { ctrlKey: true }), true)).toBe(true);
    expect(h(key('a'), true)).toBe(false);
    expect(h(key('a', { ctrlKey: true }), false)).toBe(false); // select all is the inbox's
    expect([a.zoomIn, a.zoomOut, a.zoomReset].every((f) => f.mock.calls.length === 1)).toBe(true);
    expect(h(key('e'), false)).toBe(true);
    expect(h(key('j'), false)).toBe(true);
    expect(a.step).toHaveBeenCalledWith(1);
  });

  it('Escape closes the help, then clears the selection', () => {
    const a = actions();
    a.helpOpen.mockReturnValue(true);
    const h = createPowerKeys(a);
    expect(h(key('Escape'), false)).toBe(true);
    expect(a.toggleHelp).toHaveBeenCalled();
    a.helpOpen.mockReturnValue(false);
    a.selected.mockReturnValue(2);
    expect(h(key('Escape'), false)).toBe(true);
    expect(a.clearSelection).toHaveBeenCalled();
  });

  it('lists every shortcut the handlers use', () => {
    const all = SHORTCUTS.flatMap((g) => g.items.flatMap((i) => i.keys.map((k) => k.join('+'))));
    for (const k of ['?', 'x', 'a', 'e', 'r', 'n', 'j', 'k', 'g+i', 'g+a', 'Ctrl+K', 'Ctrl+M', 't', 'Ctrl+A', 'Ctrl+=']) expect(all).toContain(k);
  });
});

describe('inbox power helpers', () => {
  it('names saved views in the title and steps through the list', async () => {
    const { savedViewTitle, stepTicket } = await import('./inboxpower');
    expect(savedViewTitle('saved:v1', [{ id: 'v1', name: 'Urgent' }])).toBe('view Urgent');
    expect(savedViewTitle('open', [])).toBeNull();
    const ts = [{ id: 'a' }, { id: 'b' }] as import('./api').Ticket[];
    expect(stepTicket(ts, 'a', 1)).toBe('b');
    expect(stepTicket(ts, 'b', 1)).toBeNull();
    expect(stepTicket(ts, 'zz', 1)).toBeNull();
  });
});
