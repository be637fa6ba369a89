import { describe, expect, it } from 'vitest';
import { segments } from './highlight';

describe('segments', () => {
  it('splits text on spans', () => {
    expect(segments('Brakes squeal after rain', [{ start: 7, end: 13 }])).toEqual([
      { text: 'Brakes ', mark: false },
      { text: 'squeal', mark: true },
      { text: ' after rain', mark: false },
    ]);
  });
  it('merges overlapping and unsorted spans and clamps out-of-range ones', () => {
    expect(segments('abcdefgh', [{ start: 6, end: 99 }, { start: 0, end: 2 }, { start: 1, end: 3 }])).toEqual([
      { text: 'abc', mark: true },
      { text: 'def', mark: false },
      { text: 'gh', mark: true },
    ]);
  });
  it('keeps markup-looking text as text', () => {
    const s = segments('<img src=x onerror=alert(1)>', [{ start: 1, end: 4 }]);
    expect(s.map((x) => x.text).join('')).toBe('<img src=x onerror=alert(1)>');
    expect(s[1]).toEqual({ text: 'img', mark: true });
  });
  it('returns one plain piece without spans', () => {
    expect(segments('', [])).toEqual([{ text: '', mark: false }]);
    expect(segments('abc', null)).toEqual([{ text: 'abc', mark: false }]);
  });
});
