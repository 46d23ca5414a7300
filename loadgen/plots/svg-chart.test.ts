import type { InvocationRecord } from '../results/invocation-record';
import { summarize } from '../results/summary';
import { flowCdfFigure, normalizedCdfFigure, perFunctionFigure, timelineFigure, weightedFigure } from './figures';
import { barChart, esc, lineChart } from './svg-chart';

/**
 * A small well-formedness check (no XML parser among our dependencies): one root <svg> in the SVG namespace,
 * every tag closed in order, attributes quoted, no raw `<` or stray `&` in text, no NaN or Infinity in numbers.
 */
function expectWellFormedSvg(svg: string): void {
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  const stack: string[] = [];
  let roots = 0;
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(svg); m; m = tag.exec(svg)) {
    const text = svg.slice(last, m.index);
    expect(text).not.toMatch(/[<>]/);
    expect(text).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
    last = tag.lastIndex;
    const [, closing, name, attrs, selfClosing] = m;
    expect(attrs).not.toMatch(/NaN|Infinity/);
    if (closing) expect(stack.pop()).toBe(name);
    else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    } else if (stack.length === 0) roots++;
  }
  expect(svg.slice(last).trim()).toBe('');
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
}

const rows: InvocationRecord[] = Array.from({ length: 200 }, (_, i) => {
  const fn = i % 3 === 0 ? 'big<&>"fn"' : 'small';
  const exec = fn === 'small' ? 10 : 1000;
  const queue = (i * 7) % 50;
  return {
    function: fn, arrivalMs: i * 20, startMs: i * 20 + queue, endMs: i * 20 + queue + exec, responseMs: i * 20 + queue + exec,
    queueMs: queue, execMs: exec, flowMs: queue + exec, cold: i < 2, worker: 'w', error: i === 5 ? 'x' : '',
  };
});
const warmMs = new Map([['small', 10], ['big<&>"fn"', 1000]]);
const samples = Array.from({ length: 50 }, (_, i) => ({ tMs: i * 100, running: i % 5, queued: i % 3, limit: 4 }));
const summary = summarize({ label: 'fcfs & co', target: 't', records: rows, warmMs, samples, window: { fromMs: 400, toMs: 4000 } });

describe('SVG figures', () => {
  it.each([
    ['flow CDF', () => flowCdfFigure([{ label: 'a<b', records: rows, warmMs }])],
    ['normalized CDF', () => normalizedCdfFigure([{ label: 'a', records: rows, warmMs }, { label: 'b', records: rows.slice(50), warmMs }])],
    ['per-function bars', () => perFunctionFigure([summary, { ...summary, label: 'sjf' }])],
    ['weighted bars', () => weightedFigure([summary, { ...summary, label: 'eedf' }])],
    ['timeline', () => timelineFigure(samples, summary)],
    ['empty line chart', () => lineChart({ title: 'nothing', x: { label: 'x', log: true }, y: { label: 'y' }, series: [{ name: 's', points: [] }] })],
    ['bars with missing and zero values', () => barChart({ title: 't', categories: ['a', 'b'], groups: [{ name: 'g', values: [0, NaN] }], y: { label: 'y' } })],
  ])('%s is well-formed SVG', (_, make) => {
    expectWellFormedSvg(make());
  });

  it.each([
    ['an unclosed tag', '<svg xmlns="http://www.w3.org/2000/svg"><g></svg>'],
    ['a raw ampersand', '<svg xmlns="http://www.w3.org/2000/svg"><text>a & b</text></svg>'],
    ['a NaN coordinate', '<svg xmlns="http://www.w3.org/2000/svg"><line x1="NaN"/></svg>'],
  ])('the check itself rejects %s', (_, bad) => {
    expect(() => expectWellFormedSvg(bad)).toThrow();
  });

  it('escapes text and draws a series per run with its name', () => {
    const svg = flowCdfFigure([{ label: 'x & <y>', records: rows, warmMs }]);
    expect(svg).toContain('x &amp; &lt;y&gt;');
    expect(svg).toContain('<polyline');
    expect(esc(`"'`)).toBe('&quot;&apos;');
  });

  it("marks the Little's-law predictions on the timeline", () => {
    const svg = timelineFigure(samples, summary);
    expect(svg).toContain('Little: L_run');
    expect(svg).toContain('Little: L_q');
    expect(svg).toContain('stroke-dasharray');
  });
});
