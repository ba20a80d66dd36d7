// pages/home.js - the learner's start page (next items, narrative, due
// reviews, cohorts) and the instructor's (their cohorts).

import { h, replace, errorBox } from '../dom.js';
import { api } from '../api.js';
import { servedText, itemLink, section } from './common.js';
import { fmtDate } from '../format.js';

const BUCKET = { review: 'Review', new: 'New', learn: 'Learn', practice: 'Practice', challenge: 'Challenge' };

function picksList(app, picks) {
  if (!picks || !picks.length) return h('p', { class: 'muted' }, 'Nothing to pick right now. Look at the roadmap.');
  return h(
    'ol',
    { class: 'picks' },
    picks.map((p) =>
      h(
        'li',
        { class: 'pick' },
        h('span', { class: 'bucket' }, BUCKET[p.bucket] || p.bucket || ''),
        ' ',
        itemLink(app, p.item, p.title),
        p.topic ? h('span', { class: 'muted' }, ` · ${app.topicTitle(p.topic)}`) : null,
        p.reason ? h('p', { class: 'reason' }, p.reason) : null,
      ),
    ),
  );
}

async function learnerHome(app) {
  const l = app.learner;
  await Promise.all([app.loadCourse(), app.loadProblems()]);
  let narrative = null;
  let picks;
  // One session check (an event) per browser session; previews after that.
  if (!sessionStorage.getItem('tutor.sessionStarted')) {
    const s = await api.session(l);
    sessionStorage.setItem('tutor.sessionStarted', '1');
    narrative = s.narrative;
    picks = s.picks;
  } else {
    picks = (await api.next(l)).picks;
  }
  let reviews = null;
  try {
    reviews = await api.reviews(l);
  } catch (e) {
    reviews = { error: e };
  }
  const due = reviews && reviews.due ? reviews.due : [];
  const cohorts = (app.me && app.me.cohorts) || [];
  replace(
    app.main,
    app.heading(`Hello, ${app.me.account.username}`),
    h('p', { class: 'lead' }, app.course.title),
    narrative ? servedText(narrative, 'narrative') : null,
    section('Next up', picksList(app, picks)),
    section(
      'Reviews',
      reviews.error
        ? errorBox(reviews.error)
        : h('p', {}, due.length ? `${due.length} item${due.length === 1 ? '' : 's'} due for review. ` : 'Nothing is due for review. ', h('a', { href: '#/reviews' }, 'Open the review queue')),
      due.length ? h('ul', {}, due.slice(0, 5).map((d) => h('li', {}, itemLink(app, d.item, d.title), h('span', { class: 'muted' }, ` · due ${fmtDate(d.due)}`)))) : null,
    ),
    section(
      'Cohorts',
      cohorts.length ? h('ul', {}, cohorts.map((c) => h('li', {}, c.name || c.id))) : h('p', { class: 'muted' }, 'You are not in a cohort.'),
      h('p', {}, h('a', { href: '#/join' }, 'Join a cohort with a code')),
    ),
  );
}

async function instructorHome(app) {
  const cohorts = await api.cohorts();
  replace(
    app.main,
    app.heading(`Hello, ${app.me.account.username}`),
    h('p', { class: 'lead' }, 'Instructor'),
    section(
      'Your cohorts',
      cohorts.length
        ? h('ul', {}, cohorts.map((c) => h('li', {}, h('a', { href: `#/cohorts/${encodeURIComponent(c.id)}` }, c.name), h('span', { class: 'muted' }, ` · ${c.members} member${c.members === 1 ? '' : 's'} · code `), h('code', {}, c.join_code))))
        : h('p', { class: 'muted' }, 'No cohorts yet.'),
      h('p', {}, h('a', { href: '#/cohorts' }, 'Create or manage cohorts')),
    ),
  );
}

/** #/ */
export async function homePage(app) {
  if (app.role === 'instructor') return instructorHome(app);
  return learnerHome(app);
}
