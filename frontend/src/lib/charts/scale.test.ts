import { describe, expect, it } from 'vitest';
import { compact, labelEvery, linePath, niceMax, shortDate, ticks } from './scale';

describe('chart scales', () => {
  it.each([
    [0, 1],
    [1, 1],
    [3, 5],
    [7, 10],
    [12, 20],
    [48, 50],
    [51, 100],
    [1001, 2000],
  ])('niceMax(%d) = %d', (v, want) => {
    expect(niceMax(v)).toBe(want);
  });

  it('ticks, labels and numbers', () => {
    expect(ticks(20)).toEqual([0, 5, 10, 15, 20]);
    expect(ticks(5)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(ticks(2)).toEqual([0, 1, 2]);
    expect(ticks(1)).toEqual([0, 1]);
    expect(ticks(100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(ticks(50)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(compact(1500)).toBe('1.5k');
    expect(compact(15)).toBe('15');
    expect(compact(0.25)).toBe('0.3');
    expect(compact(-0.5)).toBe('-0.5');
    expect(shortDate('2026-03-04')).toBe('Mar 4');
    expect(labelEvery(7)).toBe(1);
    expect(labelEvery(30)).toBe(3);
    expect(labelEvery(90)).toBe(9);
  });

  it('breaks the line where a day has no data', () => {
    expect(linePath([{ x: 0, y: 10 }, { x: 5, y: 2.5 }, null, { x: 15, y: 1 }, { x: 20, y: 0 }])).toBe('M0,10L5,2.5M15,1L20,0');
    expect(linePath([])).toBe('');
  });
});
