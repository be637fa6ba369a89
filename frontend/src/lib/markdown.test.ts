import { describe, expect, it } from 'vitest';
import { inline, parse, withoutTitle } from './markdown';

describe('markdown', () => {
  it('reads headings, paragraphs, lists and tables', () => {
    const md = `# Order status

- **Processing**: we are *picking* it.
- Shipped

Find every order under \`Account\`.
continued here.

| Inseam | Size |
|---|---|
| 71–76 cm | S |

1. One
2. Two`;
    expect(parse(md)).toEqual([
      { kind: 'heading', level: 1, inline: [{ text: 'Order status' }] },
      {
        kind: 'list',
        ordered: false,
        items: [
          [{ text: 'Processing', bold: true }, { text: ': we are ' }, { text: 'picking', em: true }, { text: ' it.' }],
          [{ text: 'Shipped' }],
        ],
      },
      { kind: 'paragraph', inline: [{ text: 'Find every order under ' }, { text: 'Account', code: true }, { text: '. continued here.' }] },
      { kind: 'table', header: [[{ text: 'Inseam' }], [{ text: 'Size' }]], rows: [[[{ text: '71–76 cm' }], [{ text: 'S' }]]] },
      { kind: 'list', ordered: true, items: [[{ text: 'One' }], [{ text: 'Two' }]] },
    ]);
  });
  it('keeps HTML as text', () => {
    expect(parse('<script>alert(1)</script>')).toEqual([{ kind: 'paragraph', inline: [{ text: '<script>alert(1)</script>' }] }]);
    expect(inline('a <b>x</b>')).toEqual([{ text: 'a <b>x</b>' }]);
  });
  it('reads fenced code verbatim', () => {
    expect(parse('```\n**not bold**\n```')).toEqual([{ kind: 'code', text: '**not bold**' }]);
  });
  it('drops a first heading that repeats the title', () => {
    expect(withoutTitle(parse('# Returns\n\nText'), 'Returns')).toEqual([{ kind: 'paragraph', inline: [{ text: 'Text' }] }]);
    expect(withoutTitle(parse('# Other\n\nText'), 'Returns')).toHaveLength(2);
  });
});
