// Small helpers for the analytics charts (plain SVG, no chart library).

/** niceMax rounds a maximum up to 1, 2 or 5 times a power of ten (at least 1). */
export function niceMax(v: number): number {
  if (!Number.isFinite(v) || v <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/**
 * ticks are evenly spaced values from 0 to max (a niceMax), whole numbers
 * whenever max is: 0..5 for 5, 0,5..20 for 20, 0,20..100 for 100.
 */
export function ticks(max: number): number[] {
  const lead = max / 10 ** Math.floor(Math.log10(max));
  const n = max <= 5 && Number.isInteger(max) ? max : Math.round(lead) === 2 ? 4 : 5;
  return Array.from({ length: n + 1 }, (_, i) => (max * i) / n);
}

/** compact renders an axis number ("1.2k", "15", "0.5"). */
export function compact(v: number): string {
  if (Math.abs(v) >= 1000) return `${+(v / 1000).toFixed(1)}k`;
  return `${+v.toFixed(Math.abs(v) < 10 && v % 1 !== 0 ? 1 : 0)}`;
}

/** shortDate renders YYYY-MM-DD as "Mar 4" (UTC, so the date never shifts). */
export function shortDate(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(t)) return date;
  return new Date(t).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** labelEvery picks how many bars share one axis label so that at most max fit. */
export function labelEvery(n: number, max = 10): number {
  return Math.max(1, Math.ceil(n / max));
}

export interface Point {
  x: number;
  y: number;
}

/**
 * linePath draws the segments of a line through points, breaking it where a
 * point is null (a day without data) instead of inventing a value.
 */
export function linePath(points: (Point | null)[]): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (!p) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${+p.x.toFixed(2)},${+p.y.toFixed(2)}`;
    pen = true;
  }
  return d;
}
