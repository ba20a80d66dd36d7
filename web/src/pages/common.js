// pages/common.js - pieces several pages share.

import { h } from '../dom.js';
import { render } from '../markdown.js';
import { pct, STATE_ICON, STATE_LABEL } from '../format.js';

/** Assistant text {text, served_by} as Markdown with its source shown subtly. */
export function servedText(obj, cls) {
  if (!obj || !obj.text) return null;
  return h(
    'div',
    { class: `served ${cls || ''}` },
    h('div', { class: 'md', html: render(obj.text) }),
    obj.served_by ? h('p', { class: 'served-by' }, `served by ${obj.served_by}`) : null,
  );
}

/** A labelled mastery meter. */
export function masteryMeter(value, label) {
  const v = typeof value === 'number' ? Math.max(0, Math.min(1, value)) : 0;
  return h(
    'span',
    { class: 'meter-wrap' },
    h('meter', { min: 0, max: 1, low: 0.4, high: 0.8, optimum: 1, value: v, 'aria-label': label || 'Mastery' }, pct(v)),
    h('span', { class: 'meter-text' }, pct(v)),
  );
}

/** A state badge: icon and word, never colour alone. */
export function stateBadge(state) {
  return h('span', { class: `badge state-${state}` }, h('span', { 'aria-hidden': 'true' }, STATE_ICON[state] || ''), ' ', STATE_LABEL[state] || state);
}

/** Link to an item: a problem page when the id is a problem. */
export function itemLink(app, item, title) {
  const known = app.problems && app.problems.some((p) => p.id === item);
  if (known) return h('a', { href: `#/problem/${encodeURIComponent(item)}` }, title || item);
  return h('span', {}, title || item);
}

/** The learner a read page is about: the route argument or the account's. */
export function whichLearner(app, arg) {
  return arg || app.learner;
}

/** A heading + body section. */
export function section(title, ...body) {
  const id = `s-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), body);
}
