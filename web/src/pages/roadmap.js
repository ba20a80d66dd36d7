// pages/roadmap.js - the topic DAG by depth, and one topic's problems.

import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { depths, STATE_LABEL } from '../format.js';
import { masteryMeter, stateBadge, whichLearner, section } from './common.js';

function topicCard(app, t, titles) {
  const req = (t.requires || []).map((r) => titles.get(r) || r);
  return h(
    'li',
    { class: `topic state-${t.state}`, 'data-topic': t.id },
    h('a', { href: `#/topic/${encodeURIComponent(t.id)}`, class: 'topic-link' }, t.title || t.id),
    stateBadge(t.state),
    masteryMeter(t.mastery, `Mastery of ${t.title || t.id}`),
    req.length ? h('p', { class: 'requires' }, `Needs: ${req.join(', ')}`) : h('p', { class: 'requires' }, 'No prerequisites'),
  );
}

function legend() {
  return h(
    'ul',
    { class: 'legend', 'aria-label': 'Legend' },
    Object.keys(STATE_LABEL).map((s) => h('li', {}, stateBadge(s))),
  );
}

/** #/roadmap and #/roadmap/LEARNER (an instructor's read-only view). */
export async function roadmapPage(app, p) {
  const learner = whichLearner(app, p.args[0]);
  const rm = await api.roadmap(learner);
  const topics = rm.topics || [];
  const depth = depths(topics);
  const titles = new Map(topics.map((t) => [t.id, t.title]));
  const levels = [];
  for (const t of topics) {
    const d = depth.get(t.id) || 0;
    (levels[d] = levels[d] || []).push(t);
  }
  const count = (s) => topics.filter((t) => t.state === s).length;
  const mine = learner === app.learner;
  replace(
    app.main,
    app.heading(mine ? 'Roadmap' : `Roadmap of ${learner}`),
    h('p', { class: 'lead' }, `${count('mastered')} of ${topics.length} topics mastered, ${count('in_progress')} in progress, ${count('available')} available.`),
    legend(),
    h(
      'ol',
      { class: 'levels' },
      levels.map((ts, d) =>
        h('li', { class: 'level' }, h('h2', { class: 'level-title' }, `Step ${d + 1}`), h('ul', { class: 'topics' }, ts.map((t) => topicCard(app, t, titles)))),
      ),
    ),
  );
}

/** #/topic/ID: the topic and its problems. */
export async function topicPage(app, p) {
  const id = p.args[0];
  const [course, problems] = await Promise.all([app.loadCourse(), api.problems(id)]);
  const topic = (course.topics || []).find((t) => t.id === id) || { id, title: id };
  const isLearner = app.role === 'learner';
  const list = problems.length
    ? h(
        'ul',
        { class: 'problems' },
        problems.map((pr) =>
          h(
            'li',
            {},
            isLearner ? h('a', { href: `#/problem/${encodeURIComponent(pr.id)}` }, pr.title || pr.id) : h('span', {}, pr.title || pr.id),
            h('span', { class: 'muted' }, ` · ${pr.difficulty || ''}${pr.expected_minutes ? ` · about ${pr.expected_minutes} min` : ''}`),
          ),
        ),
      )
    : h('p', { class: 'muted' }, 'This topic has no judged problems.');
  replace(
    app.main,
    app.heading(topic.title || id),
    topic.summary ? h('p', { class: 'lead' }, topic.summary) : null,
    topic.requires && topic.requires.length ? h('p', {}, `Needs: ${topic.requires.map((r) => app.topicTitle(r)).join(', ')}`) : null,
    section('Problems', list),
    h('p', {}, h('a', { href: '#/roadmap' }, 'Back to the roadmap')),
  );
}
