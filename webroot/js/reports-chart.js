// A bar chart drawn as SVG for the reports' screen, with its accessible name and, beside it, a
// folded table holding the same numbers (the chart alone is never the only way to read them).
import { t } from './sportello.js';
import { el } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  children.forEach(child => node.append(child instanceof Node ? child : document.createTextNode(String(child))));
  return node;
}

/**
 * A chart of {@code bars} ([{label, value, text}]; a bar whose value is null is a hidden figure and
 * is drawn as nothing), named {@code name}, with the table of {@code headers} and {@code rows}.
 */
export function barChart(id, name, bars, headers, rows) {
  const width = 640;
  const barHeight = 24;
  const gap = 8;
  const labelWidth = 180;
  const height = bars.length * (barHeight + gap) + gap;
  const max = Math.max(1, ...bars.map(b => b.value || 0));
  const titleId = id + '-titolo';
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': titleId, id },
    svg('title', { id: titleId }, name),
    svg('line', { class: 'rep-axis', x1: labelWidth, y1: 0, x2: labelWidth, y2: height }),
    ...bars.flatMap((bar, i) => {
      const y = gap + i * (barHeight + gap);
      const length = bar.value === null ? 0 : Math.round((width - labelWidth - 90) * bar.value / max);
      return [
        svg('text', { x: labelWidth - 6, y: y + barHeight * 0.7, 'text-anchor': 'end' }, bar.label),
        svg('rect', { class: 'rep-bar', x: labelWidth + 1, y, width: Math.max(length, 0), height: barHeight }),
        svg('text', { x: labelWidth + length + 6, y: y + barHeight * 0.7 }, bar.text),
      ];
    }));
  return el('figure', { class: 'rep-chart' }, chart,
    el('details', { class: 'mt-2' }, el('summary', {}, t('rep.chart.data', { name })),
      el('div', { class: 'table-responsive' }, el('table', { class: 'table admin-table' },
        el('caption', {}, name),
        el('thead', {}, el('tr', {}, headers.map(h => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, rows.map(cells => el('tr', {}, el('th', { scope: 'row' }, cells[0]), cells.slice(1).map(c => el('td', {}, c)))))))));
}
