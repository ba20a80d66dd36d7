// pages/cohorts.js - cohorts: an instructor creates them and reads one
// (mastery heat map per topic, struggling learners, hint use); a learner
// joins one with its code.

import { h, replace, field, liveRegion } from '../dom.js';
import { api } from '../api.js';
import { pct, depths } from '../format.js';
import { section } from './common.js';

/** #/cohorts: the instructor's cohorts and a create form. */
export async function cohortsPage(app) {
  const cohorts = await api.cohorts();
  const name = field('Cohort name', h('input', { name: 'name', required: true, maxlength: 100 }));
  const status = liveRegion();
  const created = h('div', { class: 'created' });
  const button = h('button', { type: 'submit' }, 'Create cohort');
  const form = h('form', { class: 'card' }, name.wrap, button, status, created);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const n = name.input.value.trim();
    if (!n) return;
    button.disabled = true;
    try {
      const c = await api.cohortCreate(n);
      status.set(`Created ${c.name}. Join code: ${c.join_code}`, 'ok');
      replace(
        created,
        h('p', {}, 'Give learners this join code: ', h('code', { class: 'join-code' }, c.join_code)),
        h('p', {}, h('a', { href: `#/cohorts/${encodeURIComponent(c.id)}` }, `Open ${c.name}`)),
      );
      name.input.value = '';
      replace(listBox, cohortList(await api.cohorts()));
    } catch (e) {
      status.set(e.message, 'error');
    }
    button.disabled = false;
  });
  const listBox = h('div', {}, cohortList(cohorts));
  replace(app.main, app.heading('Cohorts'), section('Create a cohort', form), section('Your cohorts', listBox));
}

function cohortList(cohorts) {
  if (!cohorts.length) return h('p', { class: 'muted' }, 'No cohorts yet.');
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data' },
      h('caption', { class: 'sr-only' }, 'Your cohorts'),
      h('thead', {}, h('tr', {}, ['Name', 'Join code', 'Members'].map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        {},
        cohorts.map((c) => h('tr', {}, h('td', {}, h('a', { href: `#/cohorts/${encodeURIComponent(c.id)}` }, c.name)), h('td', {}, h('code', {}, c.join_code)), h('td', {}, String(c.members)))),
      ),
    ),
  );
}

/** Heat colour for mastery in [0, 1] (the number is always printed too). */
function heat(m) {
  if (typeof m !== 'number') return 'transparent';
  const hue = Math.round(m * 120); // red -> green
  return `hsl(${hue} 70% 85%)`;
}

/** Column order: prerequisites first (depth in the topic DAG, then the
 *  course's order), then any topic the course does not list. */
function columnOrder(app, topics) {
  const list = (app.course && app.course.topics) || [];
  const course = list.map((t) => t.id);
  const depth = depths(list);
  const rank = (id) => (course.indexOf(id) < 0 ? Infinity
    : (depth.get(id) || 0) * 10000 + course.indexOf(id));
  return topics.map((t, i) => i).sort((a, b) => rank(topics[a]) - rank(topics[b]) || a - b);
}

function heatmap(app, hm) {
  const order = columnOrder(app, (hm && hm.topics) || []);
  const topics = order.map((i) => hm.topics[i]);
  const rows = ((hm && hm.rows) || []).map((r) => ({ ...r, mastery: order.map((i) => (r.mastery || [])[i]) }));
  if (!rows.length) return h('p', { class: 'muted' }, 'No learners yet: share the join code.');
  return h(
    'div',
    { class: 'table-wrap heatmap-wrap' },
    h(
      'table',
      { class: 'heatmap' },
      h('caption', {}, 'Mastery per learner and topic (percent; – = not started)'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Learner'), topics.map((t) => h('th', { scope: 'col', title: app.topicTitle(t) }, h('span', { class: 'vert' }, app.topicTitle(t)))))),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h(
            'tr',
            { 'data-learner': r.learner },
            h('th', { scope: 'row' }, h('a', { href: `#/progress/${encodeURIComponent(r.learner)}` }, r.learner)),
            topics.map((t, i) => {
              const m = (r.mastery || [])[i];
              const td = h('td', { title: `${r.learner} · ${app.topicTitle(t)}: ${pct(m)}` }, typeof m === 'number' ? String(Math.round(m * 100)) : '–');
              td.style.backgroundColor = heat(m); // CSSOM: allowed under a strict CSP
              return td;
            }),
          ),
        ),
      ),
    ),
  );
}

/** #/cohorts/ID: one cohort. */
export async function cohortPage(app, p) {
  const cid = p.args[0];
  const [c, cohorts] = await Promise.all([api.cohort(cid), api.cohorts().catch(() => []), app.loadCourse()]);
  const code = (cohorts.find((x) => String(x.id) === String(cid)) || {}).join_code;
  const members = c.members || [];
  replace(
    app.main,
    app.heading(`Cohort ${c.name}`),
    h('p', { class: 'lead' }, `${members.length} member${members.length === 1 ? '' : 's'}`, code ? [' · join code ', h('code', { class: 'join-code' }, code)] : null),
    section(
      'Members',
      members.length
        ? h('ul', { class: 'members' }, members.map((m) => h('li', {}, m.learner, ' · ', h('a', { href: `#/roadmap/${encodeURIComponent(m.learner)}` }, 'roadmap'), ' · ', h('a', { href: `#/progress/${encodeURIComponent(m.learner)}` }, 'progress'), ' · ', h('a', { href: `#/reviews/${encodeURIComponent(m.learner)}` }, 'reviews'))))
        : h('p', { class: 'muted' }, 'Nobody has joined yet.'),
    ),
    section('Mastery heat map', heatmap(app, c.heatmap)),
    section(
      'Struggling learners',
      (c.struggling || []).length ? h('ul', { class: 'struggling' }, c.struggling.map((s) => h('li', {}, h('strong', {}, s.learner), ` — ${s.reason}`))) : h('p', { class: 'muted' }, 'Nobody is flagged as struggling.'),
    ),
    section(
      'Hint use',
      (c.hint_use || []).length
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'data hint-use' },
              h('caption', { class: 'sr-only' }, 'Hint use per learner'),
              h('thead', {}, h('tr', {}, ['Learner', 'Hints', 'Problems'].map((x) => h('th', { scope: 'col' }, x)))),
              h('tbody', {}, c.hint_use.map((u) => h('tr', {}, h('th', { scope: 'row' }, u.learner), h('td', {}, String(u.hints)), h('td', {}, String(u.problems))))),
            ),
          )
        : h('p', { class: 'muted' }, 'No hints used yet.'),
    ),
  );
}

/** #/join: a learner joins a cohort with its code. */
export async function joinPage(app) {
  const code = field('Join code', h('input', { name: 'code', required: true, maxlength: 64, autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false' }), 'Your instructor gives you this code.');
  const status = liveRegion();
  const button = h('button', { type: 'submit' }, 'Join');
  const form = h('form', { class: 'card narrow' }, code.wrap, button, status);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const v = code.input.value.trim();
    if (!v) return;
    button.disabled = true;
    try {
      const r = await api.cohortJoin(v);
      await app.refreshMe();
      status.set(`You joined ${r.cohort ? r.cohort.name : 'the cohort'}.`, 'ok');
    } catch (e) {
      status.set(e.message, 'error');
    }
    button.disabled = false;
  });
  replace(app.main, app.heading('Join a cohort'), form, h('p', {}, h('a', { href: '#/' }, 'Back home')));
}
