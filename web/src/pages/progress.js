// pages/progress.js - the mastery trajectory chart and the event history.

import { h, replace, errorBox } from '../dom.js';
import { api } from '../api.js';
import { trajectoryChart } from '../chart.js';
import { fmtDateTime } from '../format.js';
import { whichLearner, section } from './common.js';

function historyList(hist) {
  const events = (hist && hist.events) || [];
  if (!events.length) return h('p', { class: 'muted' }, 'No events yet.');
  return h(
    'ol',
    { class: 'history', reversed: true },
    events.map((e) => h('li', {}, h('time', { datetime: String(e.at) }, fmtDateTime(e.at)), ' · ', h('strong', {}, e.type), e.summary ? ` — ${e.summary}` : '')),
  );
}

/** #/progress and #/progress/LEARNER. */
export async function progressPage(app, p) {
  const learner = whichLearner(app, p.args[0]);
  await app.loadCourse();
  const [traj, hist] = await Promise.all([api.trajectory(learner), api.history(learner, 50).catch((e) => ({ error: e }))]);
  const chartBox = h('div', { class: 'chart-box' });
  const mine = learner === app.learner;
  replace(
    app.main,
    app.heading(mine ? 'Progress' : `Progress of ${learner}`),
    section('Mastery over time', chartBox),
    section('Recent events', hist.error ? errorBox(hist.error) : historyList(hist)),
    mine ? null : h('p', {}, h('a', { href: `#/roadmap/${encodeURIComponent(learner)}` }, `Roadmap of ${learner}`)),
  );
  trajectoryChart(chartBox, traj, (id) => app.topicTitle(id));
}
