import { describe, expect, it } from 'vitest';
import { presenceLine, type Presence } from './presence';

const v = (name: string, typing = false) => ({ userId: name, name, typing, since: '' });

describe('presenceLine', () => {
  const cases: [string, Presence | null, string][] = [
    ['nothing yet', null, ''],
    ['alone', { online: true, viewers: [], customerTyping: false }, ''],
    ['one viewer', { online: true, viewers: [v('Sam')], customerTyping: false }, 'Sam is viewing'],
    ['typing and viewing', { online: true, viewers: [v('Sam', true), v('Ada'), v('Lee')], customerTyping: false },
      'Sam is typing a reply · Ada and Lee are viewing'],
    ['three typing', { online: true, viewers: [v('A', true), v('B', true), v('C', true)], customerTyping: false },
      'A, B and C are typing a reply'],
    ['customer typing', { online: true, viewers: [], customerTyping: true }, 'Ruth is typing…'],
  ];
  for (const [name, p, want] of cases) {
    it(name, () => expect(presenceLine(p, 'Ruth')).toBe(want));
  }
});
