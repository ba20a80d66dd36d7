// chart.js - the mastery trajectory chart (uPlot) and its table twin.
//
// uPlot draws on a canvas, which screen readers cannot read, so every
// chart comes with a data table (the last mastery per topic and when).

import uPlot from 'uplot';
import { h } from './dom.js';
import { toDate, pct, fmtDateTime } from './format.js';

const PALETTE = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#bf3989', '#0a7e8c', '#6e7781'];

/** The API's {topics: [{topic, points: [{at, mastery}]}]} as uPlot data
 *  (x in Unix seconds, one aligned series per topic; pure). */
export function toSeries(traj) {
  const topics = (traj && traj.topics) || [];
  const tables = [];
  const names = [];
  for (const t of topics) {
    const pts = (t.points || [])
      .map((p) => [toDate(p.at), p.mastery])
      .filter(([d, m]) => d && typeof m === 'number')
      .sort((a, b) => a[0] - b[0]);
    if (!pts.length) continue;
    // uPlot.join needs strictly increasing x per table: keep the last value per second.
    const xs = [];
    const ys = [];
    for (const [d, m] of pts) {
      const x = Math.floor(d.getTime() / 1000);
      if (xs.length && xs[xs.length - 1] === x) ys[ys.length - 1] = m;
      else {
        xs.push(x);
        ys.push(m);
      }
    }
    tables.push([xs, ys]);
    names.push(t.topic);
  }
  return { tables, names };
}

/** Renders the chart into el (width follows the container). */
export function trajectoryChart(el, traj, topicTitle) {
  const { tables, names } = toSeries(traj);
  if (!tables.length) {
    el.append(h('p', { class: 'muted' }, 'No mastery changes yet: submit a solution to start your trajectory.'));
    return null;
  }
  const data = uPlot.join(tables);
  const title = (id) => (topicTitle && topicTitle(id)) || id;
  const series = [{}].concat(
    names.map((n, i) => ({
      label: title(n),
      stroke: PALETTE[i % PALETTE.length],
      width: 2,
      spanGaps: true,
      points: { show: true, size: 6 },
      value: (u, v) => (v === null || v === undefined ? '–' : pct(v)),
    })),
  );
  const box = h('div', { class: 'chart', role: 'img', 'aria-label': 'Mastery over time per topic; the table below has the same data.' });
  el.append(box);
  const width = () => Math.max(280, Math.min(900, el.clientWidth || 600));
  const plot = new uPlot(
    {
      width: width(),
      height: 280,
      series,
      scales: { y: { range: [0, 1] } },
      axes: [{}, { values: (u, vals) => vals.map((v) => pct(v)) }],
      legend: { live: true },
    },
    data,
    box,
  );
  const ro = new ResizeObserver(() => plot.setSize({ width: width(), height: 280 }));
  ro.observe(el);
  el.append(trajectoryTable(tables, names, title));
  return plot;
}

function trajectoryTable(tables, names, title) {
  const rows = names.map((n, i) => {
    const [xs, ys] = tables[i];
    const k = ys.length - 1;
    return h('tr', {}, h('th', { scope: 'row' }, title(n)), h('td', {}, pct(ys[0])), h('td', {}, pct(ys[k])), h('td', {}, fmtDateTime(xs[k])), h('td', {}, String(ys.length)));
  });
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data' },
      h('caption', {}, 'Mastery per topic'),
      h('thead', {}, h('tr', {}, ['Topic', 'First', 'Now', 'Last change', 'Points'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows),
    ),
  );
}
