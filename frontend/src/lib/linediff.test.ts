import { describe, expect, it } from 'vitest';
import { applyOps, diffLines, diffStats, sideBySide, splitLines } from './linediff';

const kinds = (l: string, r: string) => diffLines(l, r).map((o) => `${o.kind[0]}:${o.text}`);

describe('diffLines', () => {
  it('splits lines without a trailing empty line and normalises CRLF', () => {
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a\r\nb\n')).toEqual(['a', 'b']);
    expect(splitLines('a\n\nb')).toEqual(['a', '', 'b']);
  });

  it.each([
    ['equal', 'a\nb', 'a\nb', ['s:a', 's:b']],
    ['both empty', '', '', []],
    ['insert in middle', 'a\nc', 'a\nb\nc', ['s:a', 'a:b', 's:c']],
    ['delete at end', 'a\nb\nc', 'a\nb', ['s:a', 's:b', 'd:c']],
    ['replace one line', 'a\nB\nc', 'a\nb\nc', ['s:a', 'd:B', 'a:b', 's:c']],
    ['all new', '', 'x\ny', ['a:x', 'a:y']],
    ['all gone', 'x\ny', '', ['d:x', 'd:y']],
    ['moved line keeps the longest common part', 'a\nb\nc\nd', 'b\nc\nd\na', ['d:a', 's:b', 's:c', 's:d', 'a:a']],
  ])('%s', (_name, l, r, want) => {
    expect(kinds(l, r)).toEqual(want);
  });

  it('numbers lines on each side and rebuilds both texts', () => {
    const l = 'title\nintro\nstep 1\nstep 2\nend';
    const r = 'title\nnew intro\nstep 1\nstep 1b\nstep 2\nend';
    const ops = diffLines(l, r);
    expect(applyOps(ops, 'left')).toEqual(splitLines(l));
    expect(applyOps(ops, 'right')).toEqual(splitLines(r));
    expect(diffStats(ops)).toEqual({ removed: 1, added: 2 });
    expect(ops.find((o) => o.text === 'step 1b')).toMatchObject({ kind: 'add', a: 0, b: 4 });
    expect(ops.find((o) => o.text === 'end')).toMatchObject({ kind: 'same', a: 5, b: 6 });
  });

  it('keeps a minimal script on random edits', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 50; round++) {
      const a = Array.from({ length: rnd(30) }, () => `L${rnd(6)}`);
      const b = a.filter(() => rnd(4) !== 0);
      for (let k = 0; k < rnd(5); k++) b.splice(rnd(b.length + 1), 0, `N${rnd(6)}`);
      const ops = diffLines(a.join('\n'), b.join('\n'));
      expect(applyOps(ops, 'left')).toEqual(a);
      expect(applyOps(ops, 'right')).toEqual(b);
    }
  });
});

describe('sideBySide', () => {
  it('pairs replaced lines and pads the shorter side', () => {
    const rows = sideBySide(diffLines('a\nold 1\nold 2\nz', 'a\nnew 1\nz'));
    expect(rows).toEqual([
      { left: { n: 1, text: 'a', kind: 'same' }, right: { n: 1, text: 'a', kind: 'same' } },
      { left: { n: 2, text: 'old 1', kind: 'del' }, right: { n: 2, text: 'new 1', kind: 'add' } },
      { left: { n: 3, text: 'old 2', kind: 'del' }, right: null },
      { left: { n: 4, text: 'z', kind: 'same' }, right: { n: 3, text: 'z', kind: 'same' } },
    ]);
  });
});
