import { cdfPoints, distribution, mean, percentile } from './stats';

describe('stats', () => {
  const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6]; // 1..10

  it.each([
    [50, 5],
    [90, 9],
    [99, 10],
    [100, 10],
    [10, 1],
    [1, 1],
  ])('percentile %p of 1..10 by nearest rank is %p', (p, v) => {
    expect(percentile(xs, p)).toBe(v);
  });

  it('summarizes a distribution', () => {
    expect(distribution(xs)).toEqual({ count: 10, mean: 5.5, p50: 5, p90: 9, p99: 10, max: 10 });
    expect(distribution([]).mean).toBeNaN();
    expect(mean([])).toBeNaN();
  });

  it('builds a monotone CDF ending at 1', () => {
    const pts = cdfPoints(Array.from({ length: 1000 }, (_, i) => 1000 - i), 100);
    expect(pts.length).toBeLessThanOrEqual(101);
    expect(pts[pts.length - 1]).toEqual([1000, 1]);
    for (let i = 1; i < pts.length; i++) {
      expect(pts[i]![0]).toBeGreaterThanOrEqual(pts[i - 1]![0]);
      expect(pts[i]![1]).toBeGreaterThan(pts[i - 1]![1]);
    }
  });
});
