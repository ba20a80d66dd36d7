// pages/reviews.js - the review queue: due now and coming up.

import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { fmtDate, fmtRelative } from '../format.js';
import { itemLink, whichLearner, section } from './common.js';

function table(app, rows, caption, empty) {
  if (!rows || !rows.length) return h('p', { class: 'muted' }, empty);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data' },
      h('caption', { class: 'sr-only' }, caption),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Item'), h('th', { scope: 'col' }, 'Due'), h('th', { scope: 'col' }, 'When'))),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h('tr', { class: r.overdue ? 'overdue' : '' }, h('td', {}, itemLink(app, r.item, r.title)), h('td', {}, fmtDate(r.due)), h('td', {}, r.overdue ? `overdue (${fmtRelative(r.due)})` : fmtRelative(r.due))),
        ),
      ),
    ),
  );
}

/** #/reviews and #/reviews/LEARNER. */
export async function reviewsPage(app, p) {
  const learner = whichLearner(app, p.args[0]);
  const [rv] = await Promise.all([api.reviews(learner), app.loadProblems()]);
  replace(
    app.main,
    app.heading(learner === app.learner ? 'Review queue' : `Review queue of ${learner}`),
    h('p', { class: 'lead' }, 'Spaced repetition: solving an item again when it is due keeps it in memory.'),
    section('Due now', table(app, rv.due, 'Due now', 'Nothing is due. Well done.')),
    section('Coming up', table(app, rv.upcoming, 'Coming up', 'Nothing scheduled yet: solve a problem to schedule its first review.')),
  );
}
