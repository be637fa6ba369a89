import { describe, expect, it } from 'vitest';
import { ago, initials, isTyping, label, windowTitle } from './format';

describe('format', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  it('ago', () => {
    expect(ago('', now)).toBe('');
    expect(ago('garbage', now)).toBe('');
    expect(ago('2026-03-10T11:59:30Z', now)).toBe('just now');
    expect(ago('2026-03-10T11:55:00Z', now)).toBe('5m ago');
    expect(ago('2026-03-10T09:00:00Z', now)).toBe('3h ago');
    expect(ago('2026-03-08T12:00:00Z', now)).toBe('2d ago');
    expect(ago('2026-01-02T12:00:00Z', now)).toBe('2026-01-02');
  });
  it('label and initials', () => {
    expect(label('handoff')).toBe('Handoff');
    expect(label('')).toBe('');
    expect(initials('Maya Chen')).toBe('MC');
    expect(initials(' riley ')).toBe('R');
    expect(initials('')).toBe('?');
  });
  it('isTyping', () => {
    expect(isTyping(null)).toBe(false);
    expect(isTyping({ tagName: 'TEXTAREA' } as unknown as EventTarget)).toBe(true);
    expect(isTyping({ tagName: 'SELECT' } as unknown as EventTarget)).toBe(true);
    expect(isTyping({ tagName: 'DIV', isContentEditable: false } as unknown as EventTarget)).toBe(false);
  });
  it('windowTitle', () => {
    expect(windowTitle('login', 'open', 0, '')).toBe('Frontline');
    expect(windowTitle('loading', 'open', 0, '')).toBe('Frontline - Loading');
    expect(windowTitle('inbox', 'mine', 0, '')).toBe('Frontline - Inbox (mine)');
    expect(windowTitle('ticket', 'open', 1042, 'Brakes')).toBe('Frontline - #1042 Brakes');
    expect(windowTitle('ticket', 'open', 0, '')).toBe('Frontline - Ticket');
  });
});
