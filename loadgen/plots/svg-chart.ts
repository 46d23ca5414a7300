/**
 * Two chart kinds as hand-written SVG strings: lines (with optional dashed reference lines) and grouped bars,
 * on linear or log axes with 1-2-5 ticks. No dependency: the figures are simple, the output is a few kB, and a
 * plotting package would bring a DOM or a canvas for no gain. Every piece of text is XML-escaped.
 */
export interface Series {
  name: string;
  points: readonly [number, number][];
  dashed?: boolean;
  /** Draw as a step function (a sampled counter), not straight segments. */
  step?: boolean;
}

export interface ReferenceLine {
  name: string;
  y: number;
}

export interface Axis {
  label: string;
  log?: boolean;
  min?: number;
  max?: number;
}

export interface LineChartSpec {
  title: string;
  x: Axis;
  y: Axis;
  series: readonly Series[];
  references?: readonly ReferenceLine[];
  width?: number;
  height?: number;
}

export interface BarChartSpec {
  title: string;
  categories: readonly string[];
  /** One bar per group in each category; values[i] belongs to categories[i]. */
  groups: readonly { name: string; values: readonly number[] }[];
  y: Axis;
  width?: number;
  height?: number;
}

export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

const M = { left: 70, right: 170, top: 40, bottom: 60 };

export function lineChart(spec: LineChartSpec): string {
  const width = spec.width ?? 820;
  const height = spec.height ?? 460;
  const xs = spec.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = [...spec.series.flatMap((s) => s.points.map((p) => p[1])), ...(spec.references ?? []).map((r) => r.y)];
  const xScale = scale(spec.x, xs, M.left, width - M.right);
  const yScale = scale(spec.y, ys, height - M.bottom, M.top);
  const parts = [frame(spec.title, width, height), axes(xScale, yScale, spec.x, spec.y, width, height)];
  spec.series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    const pts = s.points.filter(([x, y]) => xScale.valid(x) && yScale.valid(y));
    const coords: string[] = [];
    pts.forEach(([x, y], j) => {
      if (s.step && j > 0) coords.push(`${num(xScale.at(x))},${num(yScale.at(pts[j - 1]![1]))}`);
      coords.push(`${num(xScale.at(x))},${num(yScale.at(y))}`);
    });
    if (coords.length > 0) {
      parts.push(`<polyline fill="none" stroke="${color}" stroke-width="1.6"${s.dashed ? ' stroke-dasharray="6 4"' : ''} points="${coords.join(' ')}"/>`);
    }
    parts.push(legendEntry(i, s.name, color, width, s.dashed));
  });
  (spec.references ?? []).forEach((r, k) => {
    const i = spec.series.length + k;
    const color = PALETTE[i % PALETTE.length]!;
    if (!yScale.valid(r.y)) return;
    const y = num(yScale.at(r.y));
    parts.push(`<line x1="${M.left}" x2="${width - M.right}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="1.4" stroke-dasharray="8 5"/>`);
    parts.push(legendEntry(i, r.name, color, width, true));
  });
  return `${parts.join('\n')}\n</svg>\n`;
}

export function barChart(spec: BarChartSpec): string {
  const width = spec.width ?? Math.max(820, spec.categories.length * (10 * spec.groups.length + 16) + M.left + M.right);
  const height = spec.height ?? 460;
  const values = spec.groups.flatMap((g) => [...g.values]);
  const yScale = scale(spec.y, spec.y.log ? values : [0, ...values], height - M.bottom, M.top);
  const plotWidth = width - M.left - M.right;
  const slot = plotWidth / Math.max(1, spec.categories.length);
  const barWidth = Math.max(2, (slot * 0.8) / Math.max(1, spec.groups.length));
  const parts = [frame(spec.title, width, height), yAxis(yScale, spec.y, width, height)];
  const base = yScale.at(spec.y.log ? yScale.lo : 0);
  spec.categories.forEach((cat, c) => {
    const x0 = M.left + c * slot + slot * 0.1;
    spec.groups.forEach((g, gi) => {
      const v = g.values[c];
      if (v === undefined || !yScale.valid(v)) return;
      const y = yScale.at(v);
      const x = x0 + gi * barWidth;
      parts.push(`<rect x="${num(x)}" y="${num(Math.min(y, base))}" width="${num(barWidth * 0.92)}" height="${num(Math.abs(base - y))}" fill="${PALETTE[gi % PALETTE.length]}"><title>${esc(`${g.name} ${cat}: ${v}`)}</title></rect>`);
      // One series: print each value over its bar (the legend would only repeat the title).
      if (spec.groups.length === 1) parts.push(`<text x="${num(x + barWidth * 0.46)}" y="${num(Math.min(y, base) - 4)}" font-size="11" text-anchor="middle">${tickLabel(Number(v.toPrecision(3)))}</text>`);
    });
    const cx = num(M.left + c * slot + slot / 2);
    parts.push(`<text x="${cx}" y="${height - M.bottom + 14}" font-size="10" text-anchor="end" transform="rotate(-40 ${cx} ${height - M.bottom + 14})">${esc(cat)}</text>`);
  });
  parts.push(`<line x1="${M.left}" x2="${width - M.right}" y1="${num(base)}" y2="${num(base)}" stroke="#000"/>`);
  if (spec.groups.length > 1) spec.groups.forEach((g, i) => parts.push(legendEntry(i, g.name, PALETTE[i % PALETTE.length]!, width)));
  return `${parts.join('\n')}\n</svg>\n`;
}

interface Scale {
  at(v: number): number;
  valid(v: number): boolean;
  ticks: number[];
  lo: number;
  hi: number;
}

function scale(axis: Axis, values: readonly number[], from: number, to: number): Scale {
  const usable = values.filter((v) => Number.isFinite(v) && (!axis.log || v > 0));
  let lo = axis.min ?? (usable.length ? usable.reduce((a, b) => Math.min(a, b)) : 0);
  let hi = axis.max ?? (usable.length ? usable.reduce((a, b) => Math.max(a, b)) : 1);
  if (axis.log) {
    lo = 10 ** Math.floor(Math.log10(lo > 0 ? lo : 1));
    hi = 10 ** Math.ceil(Math.log10(hi > 0 ? hi : 10));
    if (hi <= lo) hi = lo * 10;
    const f = (v: number) => from + ((Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (to - from);
    const ticks: number[] = [];
    for (let t = lo; t <= hi * 1.0001; t *= 10) ticks.push(t);
    return { at: f, valid: (v) => Number.isFinite(v) && v > 0, ticks, lo, hi };
  }
  if (axis.min === undefined && lo > 0) lo = 0; // linear axes start at zero unless told otherwise
  if (hi <= lo) hi = lo + 1;
  const step = niceStep((hi - lo) / 6);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let t = lo; t <= hi + step / 1000; t += step) ticks.push(Number(t.toPrecision(12)));
  return { at: (v) => from + ((v - lo) / (hi - lo)) * (to - from), valid: Number.isFinite, ticks, lo, hi };
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

function frame(title: string, width: number, height: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">
<rect width="${width}" height="${height}" fill="#fff"/>
<text x="${width / 2}" y="22" font-size="15" text-anchor="middle">${esc(title)}</text>`;
}

function axes(x: Scale, y: Scale, xAxis: Axis, yAxisSpec: Axis, width: number, height: number): string {
  const parts = [yAxis(y, yAxisSpec, width, height)];
  const bottom = height - M.bottom;
  parts.push(`<line x1="${M.left}" x2="${width - M.right}" y1="${bottom}" y2="${bottom}" stroke="#000"/>`);
  for (const t of x.ticks) {
    const px = num(x.at(t));
    parts.push(`<line x1="${px}" x2="${px}" y1="${bottom}" y2="${bottom + 5}" stroke="#000"/><text x="${px}" y="${bottom + 18}" font-size="11" text-anchor="middle">${tickLabel(t)}</text>`);
  }
  parts.push(`<text x="${(M.left + width - M.right) / 2}" y="${height - 16}" font-size="12" text-anchor="middle">${esc(xAxis.label)}</text>`);
  return parts.join('\n');
}

function yAxis(y: Scale, axis: Axis, width: number, height: number): string {
  const parts = [`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${height - M.bottom}" stroke="#000"/>`];
  for (const t of y.ticks) {
    const py = num(y.at(t));
    parts.push(`<line x1="${M.left}" x2="${width - M.right}" y1="${py}" y2="${py}" stroke="#e5e5e5"/><text x="${M.left - 6}" y="${py}" font-size="11" text-anchor="end" dominant-baseline="middle">${tickLabel(t)}</text>`);
  }
  const mid = (M.top + height - M.bottom) / 2;
  parts.push(`<text x="18" y="${mid}" font-size="12" text-anchor="middle" transform="rotate(-90 18 ${mid})">${esc(axis.label)}</text>`);
  return parts.join('\n');
}

function legendEntry(i: number, name: string, color: string, width: number, dashed = false): string {
  const x = width - M.right + 14;
  const y = M.top + 10 + i * 18;
  return `<line x1="${x}" x2="${x + 22}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="3"${dashed ? ' stroke-dasharray="6 4"' : ''}/><text x="${x + 28}" y="${y}" font-size="11" dominant-baseline="middle">${esc(name)}</text>`;
}

function tickLabel(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(0);
  return String(Number(v.toPrecision(6)));
}

const num = (v: number) => (Math.round(v * 10) / 10).toString();

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
