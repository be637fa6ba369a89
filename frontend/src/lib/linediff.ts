// A small line diff (longest common subsequence) for the knowledge base's
// conflict view: the two versions side by side with changed lines marked.

export type DiffKind = 'same' | 'del' | 'add';

/** DiffOp is one line: in both versions, only the left (del) or only the right (add). */
export interface DiffOp {
  kind: DiffKind;
  text: string;
  /** a and b are 1-based line numbers in the left and right texts (0 when absent). */
  a: number;
  b: number;
}

/** DiffRow is one row of the side-by-side view. */
export interface DiffRow {
  left: { n: number; text: string; kind: DiffKind } | null;
  right: { n: number; text: string; kind: DiffKind } | null;
}

/** Above this many cells of the LCS table the middle is shown as replaced. */
const MAX_CELLS = 4_000_000;

export function splitLines(s: string): string[] {
  if (s === '') return [];
  const lines = s.replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** diffLines returns the edit script turning left into right. */
export function diffLines(left: string, right: string): DiffOp[] {
  const a = splitLines(left);
  const b = splitLines(right);
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const ops: DiffOp[] = [];
  for (let i = 0; i < pre; i++) ops.push({ kind: 'same', text: a[i], a: i + 1, b: i + 1 });
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const n = am.length;
  const m = bm.length;
  if (n > 0 && m > 0 && (n + 1) * (m + 1) <= MAX_CELLS) {
    // t[i][j] = LCS length of am[i:] and bm[j:].
    const w = m + 1;
    const t = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        t[i * w + j] = am[i] === bm[j] ? t[(i + 1) * w + j + 1] + 1 : Math.max(t[(i + 1) * w + j], t[i * w + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (am[i] === bm[j]) {
        ops.push({ kind: 'same', text: am[i], a: pre + i + 1, b: pre + j + 1 });
        i++;
        j++;
      } else if (t[(i + 1) * w + j] >= t[i * w + j + 1]) {
        ops.push({ kind: 'del', text: am[i], a: pre + i + 1, b: 0 });
        i++;
      } else {
        ops.push({ kind: 'add', text: bm[j], a: 0, b: pre + j + 1 });
        j++;
      }
    }
    for (; i < n; i++) ops.push({ kind: 'del', text: am[i], a: pre + i + 1, b: 0 });
    for (; j < m; j++) ops.push({ kind: 'add', text: bm[j], a: 0, b: pre + j + 1 });
  } else {
    am.forEach((text, i) => ops.push({ kind: 'del', text, a: pre + i + 1, b: 0 }));
    bm.forEach((text, j) => ops.push({ kind: 'add', text, a: 0, b: pre + j + 1 }));
  }
  for (let k = 0; k < suf; k++) {
    ops.push({ kind: 'same', text: a[a.length - suf + k], a: a.length - suf + k + 1, b: b.length - suf + k + 1 });
  }
  return ops;
}

/** sideBySide pairs each run of deleted lines with the added lines after it. */
export function sideBySide(ops: DiffOp[]): DiffRow[] {
  const rows: DiffRow[] = [];
  let k = 0;
  while (k < ops.length) {
    const op = ops[k];
    if (op.kind === 'same') {
      rows.push({ left: { n: op.a, text: op.text, kind: 'same' }, right: { n: op.b, text: op.text, kind: 'same' } });
      k++;
      continue;
    }
    const dels: DiffOp[] = [];
    const adds: DiffOp[] = [];
    while (k < ops.length && ops[k].kind === 'del') dels.push(ops[k++]);
    while (k < ops.length && ops[k].kind === 'add') adds.push(ops[k++]);
    for (let r = 0; r < Math.max(dels.length, adds.length); r++) {
      const d = dels[r];
      const ad = adds[r];
      rows.push({
        left: d ? { n: d.a, text: d.text, kind: 'del' } : null,
        right: ad ? { n: ad.b, text: ad.text, kind: 'add' } : null,
      });
    }
  }
  return rows;
}

/** diffStats counts the changed lines on each side. */
export function diffStats(ops: DiffOp[]): { removed: number; added: number } {
  return { removed: ops.filter((o) => o.kind === 'del').length, added: ops.filter((o) => o.kind === 'add').length };
}

/** applyOps rebuilds one side from an edit script (used to check a script). */
export function applyOps(ops: DiffOp[], side: 'left' | 'right'): string[] {
  return ops.filter((o) => o.kind === 'same' || o.kind === (side === 'left' ? 'del' : 'add')).map((o) => o.text);
}
