// Highlighted text for search results: the Go side sends plain text with
// match spans (UTF-16 offsets); the view renders each piece as text, the
// matches inside <mark> elements it creates itself. No HTML is ever parsed.
import type { Span } from './api';

export interface Segment {
  text: string;
  mark: boolean;
}

/** segments splits text on spans; overlapping, unsorted or out-of-range spans are tolerated. */
export function segments(text: string, spans: Span[] | null | undefined): Segment[] {
  const clean = (spans ?? [])
    .map((s) => ({ start: Math.max(0, Math.min(text.length, s.start)), end: Math.max(0, Math.min(text.length, s.end)) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const s of clean) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  const out: Segment[] = [];
  let at = 0;
  for (const s of merged) {
    if (s.start > at) out.push({ text: text.slice(at, s.start), mark: false });
    out.push({ text: text.slice(s.start, s.end), mark: true });
    at = s.end;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), mark: false });
  return out;
}
