// Small line charts of the last hour, drawn as inline SVG with no library. Each chart comes with
// its text alternative: an accessible name that sums it up and a visually hidden table of the
// values every five minutes. The CSP forbids style attributes, so only SVG presentation
// attributes (stroke, fill, points) are used.
import { t } from './sportello.js';
import { el } from './dom.js';
import { clock } from './time.js';

const SVG = 'http://www.w3.org/2000/svg';
const HOUR = 60 * 60 * 1000;
const WIDTH = 300;
const HEIGHT = 80;

/** Points {t (ms), value (number or null)} of one measure over the last hour, as they arrived. */
export class Series {
  constructor() {
    this.points = [];
  }

  /** Adds a reading; an unchanged value within a minute of the previous reading adds nothing. */
  add(time, value) {
    const last = this.points[this.points.length - 1];
    if (last && time < last.t) return;
    if (last && last.value === value && time - last.t < 60000) return;
    this.points.push({ t: time, value });
    this.prune(time);
  }

  /** Keeps the last hour, plus the reading just before it (where the line starts). */
  prune(now) {
    const from = now - HOUR;
    let firstInside = this.points.findIndex(p => p.t >= from);
    if (firstInside === -1) firstInside = this.points.length;
    if (firstInside > 1) this.points.splice(0, firstInside - 1);
  }

  /** The value in force at {@code time}: the last reading at or before it. */
  at(time) {
    let value;
    for (const p of this.points) {
      if (p.t > time) break;
      value = p.value;
    }
    return value;
  }

  latest() {
    const last = this.points[this.points.length - 1];
    return last ? last.value : undefined;
  }
}

function svg(tag, attributes) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

/**
 * A figure with the chart, a caption, axis labels and the text alternative.
 * options: {id, title, series, now, max (fixed top of the scale, or null to fit the data),
 *           target (a dashed line, same unit as the values, or null), format(value) -> text,
 *           summary(values) -> the accessible name}
 */
export function chartFigure(options) {
  const { id, title, series, now } = options;
  const from = now - HOUR;
  const values = series.points.filter(p => p.t >= from && p.value !== null && p.value !== undefined).map(p => p.value);
  const before = series.at(from);
  if (before !== null && before !== undefined) values.push(before);
  const top = options.max ?? Math.max(1, ...values);
  const x = time => Math.round(((Math.max(time, from) - from) / HOUR) * WIDTH * 10) / 10;
  const y = value => Math.round((HEIGHT - 4 - (value / top) * (HEIGHT - 8)) * 10) / 10;

  const chart = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`, preserveAspectRatio: 'none', class: 'wall-chart', role: 'img',
    'aria-label': options.summary(values), focusable: 'false',
  });
  chart.append(svg('rect', { x: 0, y: 0, width: WIDTH, height: HEIGHT, fill: '#ffffff', stroke: '#767676',
    'stroke-width': 1, 'vector-effect': 'non-scaling-stroke' }));
  if (options.target !== null && options.target !== undefined) {
    chart.append(svg('line', { x1: 0, x2: WIDTH, y1: y(options.target), y2: y(options.target), stroke: '#8a4b00',
      'stroke-width': 2, 'stroke-dasharray': '6 4', 'vector-effect': 'non-scaling-stroke', class: 'target' }));
  }
  // A step line: each reading holds until the next one; gaps (no value) break the line.
  let run = [];
  const runs = [];
  const visible = series.points.filter(p => p.t >= from);
  const start = before === undefined ? [] : [{ t: from, value: before }];
  const steps = start.concat(visible);
  steps.forEach((p, i) => {
    const next = i + 1 < steps.length ? steps[i + 1].t : now;
    if (p.value === null || p.value === undefined) {
      if (run.length) runs.push(run);
      run = [];
      return;
    }
    run.push(`${x(p.t)},${y(p.value)}`, `${x(next)},${y(p.value)}`);
  });
  if (run.length) runs.push(run);
  for (const points of runs) {
    chart.append(svg('polyline', { points: points.join(' '), fill: 'none', stroke: '#0b5cad', 'stroke-width': 3,
      'stroke-linejoin': 'round', 'vector-effect': 'non-scaling-stroke', class: 'line' }));
  }

  const tableId = id + '-dati';
  return el('figure', { class: 'wall-figure', id },
    el('figcaption', {}, title),
    el('div', { class: 'wall-chart-frame' },
      el('span', { class: 'axis-top', 'aria-hidden': 'true' }, options.format(top)),
      chart,
      el('span', { class: 'axis-bottom', 'aria-hidden': 'true' },
        el('span', {}, t('chart.hourAgo')), el('span', {}, t('chart.now')))),
    dataTable(tableId, title, series, now, options.format));
}

/** The values at each five-minute mark since the first reading of the hour, and now. */
function dataTable(id, title, series, now, format) {
  const first = series.points.length ? Math.max(series.points[0].t, now - HOUR) : now;
  const marks = [];
  const step = 5 * 60 * 1000;
  for (let m = Math.ceil(first / step) * step; m < now; m += step) marks.push(m);
  marks.push(now);
  const rows = marks.map((m, i) => {
    const value = series.at(m);
    return el('tr', {},
      el('th', { scope: 'row' }, i === marks.length - 1 ? t('chart.nowAt', { time: clock(m) }) : clock(m)),
      el('td', {}, value === undefined ? t('wall.noData') : format(value)));
  });
  // The wrapper hides it: a table is as wide as its content whatever its own width says, so
  // hiding the table itself would still push the page sideways.
  return el('div', { class: 'visually-hidden' }, el('table', { id },
    el('caption', {}, t('chart.tableCaption', { title })),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('chart.time')), el('th', { scope: 'col' }, title))),
    el('tbody', {}, rows)));
}
