/**
 * Bar charts as SVG, rendered on the server: the page needs no script, and the chart is one image to assistive
 * technology (role="img", named by its <title>, described by a <desc> that states every figure). The same figures
 * stand in a table beside it. d3-scale places the bars and the axis ticks, d3-shape stacks the series; both are
 * pure functions with no DOM, so the SVG is built as a string here and escaped like any other text.
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import { stack } from 'd3-shape';

/** Series colours from the NHS palette, each at least 3:1 against white (WCAG 1.4.11), told apart by the legend. */
const COLOURS = ['#005eb8', '#330072', '#007f3b', '#ae2573', '#d5281b', '#425563', '#003087', '#7c2855'];

const esc = (s: string | number) =>
  String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface BarChartInput {
  /** A unique id on the page, for aria-labelledby. */
  id: string;
  title: string;
  /** One label per bar (a date), in order. */
  labels: string[];
  /** One series for a plain bar chart; several are stacked. */
  series: { name: string; values: number[] }[];
}

const WIDTH = 640;
const HEIGHT = 260;
const MARGIN = { top: 12, right: 12, bottom: 40, left: 48 };

export function barChart(input: BarChartInput): string {
  const { id, title, labels, series } = input;
  const rows = labels.map((label, i) => Object.fromEntries(series.map((s) => [s.name, s.values[i] ?? 0])));
  const stacked = stack<Record<string, number>>().keys(series.map((s) => s.name))(rows);
  const max = Math.max(1, ...labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0)));
  const x = scaleBand<string>()
    .domain(labels)
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .padding(0.2);
  const y = scaleLinear()
    .domain([0, max])
    .nice()
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const ticks = y.ticks(5).filter((t) => Number.isInteger(t));

  const bars = stacked
    .map((layer, k) =>
      layer
        .map((point, i) => {
          const h = y(point[0]) - y(point[1]);
          return h > 0
            ? `<rect x="${x(labels[i])!.toFixed(1)}" y="${y(point[1]).toFixed(1)}" width="${x.bandwidth().toFixed(1)}" height="${h.toFixed(1)}" fill="${COLOURS[k % COLOURS.length]}"/>`
            : '';
        })
        .join(''),
    )
    .join('');
  const grid = ticks
    .map(
      (t) =>
        `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#d8dde0"/>` +
        `<text x="${MARGIN.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" font-size="12" fill="#212b32">${t}</text>`,
    )
    .join('');
  const xLabels = labels
    .map(
      (label) =>
        `<text x="${(x(label)! + x.bandwidth() / 2).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 18}" text-anchor="middle" font-size="12" fill="#212b32">${esc(label.slice(5))}</text>`,
    )
    .join('');
  const described = labels
    .map((label, i) => {
      const total = series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0);
      const parts =
        series.length > 1
          ? ` (${series
              .filter((s) => s.values[i])
              .map((s) => `${s.name} ${s.values[i]}`)
              .join(', ')})`
          : '';
      return `${label}: ${total}${parts}`;
    })
    .join('; ');
  const legend =
    series.length > 1
      ? `<ul class="portal-legend">${series
          .map(
            (s, k) =>
              `<li><svg width="12" height="12" aria-hidden="true" focusable="false"><rect width="12" height="12" fill="${COLOURS[k % COLOURS.length]}"/></svg> ${esc(s.name)}</li>`,
          )
          .join('')}</ul>`
      : '';
  return (
    `<svg class="portal-chart" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" preserveAspectRatio="xMinYMin meet">` +
    `<title id="${id}-title">${esc(title)}</title><desc id="${id}-desc">${esc(described || 'No days yet.')}</desc>` +
    `${grid}${bars}<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${HEIGHT - MARGIN.bottom}" y2="${HEIGHT - MARGIN.bottom}" stroke="#212b32"/>${xLabels}</svg>` +
    legend
  );
}
