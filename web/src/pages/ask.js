// pages/ask.js - ask the tutor a question, and state learning goals.

import { h, replace, field, liveRegion } from '../dom.js';
import { api } from '../api.js';
import { servedText, section } from './common.js';
import { pct } from '../format.js';

function form(label, buttonText, busyText, send, rows) {
  const f = field(label, h('textarea', { rows: rows || 4, maxlength: 2000, required: true }));
  const status = liveRegion();
  const out = h('div', { class: 'answer' });
  const button = h('button', { type: 'submit' }, buttonText);
  const el = h('form', {}, f.wrap, button, status, out);
  el.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const text = f.input.value.trim();
    if (!text) return;
    button.disabled = true;
    status.set(busyText);
    try {
      const nodes = await send(text);
      replace(out, nodes);
      status.set('Done.');
    } catch (e) {
      status.set(e.message, 'error');
    }
    button.disabled = false;
  });
  return el;
}

/** One goal {description, metric, cmp, threshold, ...} (or a string). */
function goalItem(x) {
  if (typeof x === 'string') return h('li', {}, x);
  const m = /^mastery:(.+)$/.exec(x.metric || '');
  const target = m && typeof x.threshold === 'number' ? ` (target: mastery of ${m[1]} ${x.cmp === '>=' ? 'at least' : x.cmp || ''} ${pct(x.threshold)})` : '';
  return h('li', {}, x.description || x.id || '', h('span', { class: 'muted' }, target));
}

/** #/ask */
export async function askPage(app) {
  const l = app.learner;
  const ask = form('Your question', 'Ask the tutor', 'Asking the tutor…', async (q) => servedText(await api.ask(l, q)));
  const goals = form('What do you want to learn, and why?', 'Save my goals', 'Saving your goals…', async (t) => {
    const g = await api.goals(l, t);
    if (!g.goals || !g.goals.length) return servedText(g);
    return [
      h('p', {}, 'Your goals as the tutor understood them:'),
      h('ul', { class: 'goals' }, g.goals.map(goalItem)),
      h('details', {}, h('summary', {}, 'The tutor’s notes'), servedText(g)),
    ];
  }, 3);
  replace(
    app.main,
    app.heading('Ask the tutor'),
    h('p', { class: 'lead' }, 'Questions about programming or about your progress. On a problem page the question is asked about that problem.'),
    section('Question', ask),
    section('Goals', goals),
  );
}
