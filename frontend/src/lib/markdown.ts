// A deliberately small Markdown reader for knowledge-base articles. It
// returns plain data (blocks of inline pieces); the view creates every
// element itself and renders every piece as text, so nothing in an article
// can inject markup. Supported: ATX headings, paragraphs, bullet and
// numbered lists, fenced code, block quotes, pipe tables, and **bold**,
// *emphasis*, `code` inline. Anything else shows as its text.

export interface Inline {
  text: string;
  bold?: boolean;
  em?: boolean;
  code?: boolean;
}

export type Block =
  | { kind: 'heading'; level: number; inline: Inline[] }
  | { kind: 'paragraph'; inline: Inline[] }
  | { kind: 'quote'; inline: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'code'; text: string }
  | { kind: 'table'; header: Inline[][]; rows: Inline[][][] };

/** inline splits a line into text pieces with **bold**, *em* and `code` marks. */
export function inline(s: string): Inline[] {
  const out: Inline[] = [];
  const re = /(\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|_([^_\s][^_]*)_|`([^`]+)`)/g;
  let at = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m.index > at) out.push({ text: s.slice(at, m.index) });
    if (m[2] ?? m[3]) out.push({ text: (m[2] ?? m[3])!, bold: true });
    else if (m[4] ?? m[5]) out.push({ text: (m[4] ?? m[5])!, em: true });
    else out.push({ text: m[6]!, code: true });
    at = m.index + m[0].length;
  }
  if (at < s.length) out.push({ text: s.slice(at) });
  return out;
}

function cells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
}

/** parse reads Markdown into blocks. */
export function parse(md: string): Block[] {
  const lines = md.replace(/\r\n?/g, '\n').split('\n');
  const out: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) out.push({ kind: 'paragraph', inline: inline(para.join(' ')) });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const t = line.trim();
    let m: RegExpMatchArray | null;
    if (t === '') {
      flush();
    } else if (t.startsWith('```')) {
      flush();
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i].trim().startsWith('```'); i++) code.push(lines[i]);
      out.push({ kind: 'code', text: code.join('\n') });
    } else if ((m = t.match(/^(#{1,6})\s+(.*?)\s*#*$/))) {
      flush();
      out.push({ kind: 'heading', level: m[1].length, inline: inline(m[2]) });
    } else if ((m = t.match(/^([-*+]|\d+[.)])\s+(.*)$/))) {
      flush();
      const ordered = /\d/.test(m[1]);
      const items: Inline[][] = [inline(m[2])];
      while (i + 1 < lines.length) {
        const n = lines[i + 1].trim().match(ordered ? /^\d+[.)]\s+(.*)$/ : /^[-*+]\s+(.*)$/);
        if (!n) break;
        items.push(inline(n[1]));
        i++;
      }
      out.push({ kind: 'list', ordered, items });
    } else if (t.startsWith('>')) {
      flush();
      out.push({ kind: 'quote', inline: inline(t.replace(/^>\s?/, '')) });
    } else if (t.startsWith('|') && i + 1 < lines.length && /^\|?\s*:?-{2,}/.test(lines[i + 1].trim())) {
      flush();
      const header = cells(t).map(inline);
      const rows: Inline[][][] = [];
      for (i += 2; i < lines.length && lines[i].trim().startsWith('|'); i++) rows.push(cells(lines[i]).map(inline));
      i--;
      out.push({ kind: 'table', header, rows });
    } else {
      para.push(t);
    }
  }
  flush();
  return out;
}

/** withoutTitle drops a first heading that repeats the title shown above it. */
export function withoutTitle(blocks: Block[], title: string): Block[] {
  const [first, ...rest] = blocks;
  if (first?.kind === 'heading' && first.inline.map((p) => p.text).join('').trim() === title.trim()) return rest;
  return blocks;
}
