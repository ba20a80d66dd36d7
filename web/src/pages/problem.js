// pages/problem.js - a problem: statement, editor, run tests, per-test
// results with a diff, the mastery change and next review, the hint ladder
// and "ask the tutor" about this problem.
//
// Drafts are kept per learner, problem and language in localStorage, so a
// reload does not lose code; hints already served are kept for the browser
// session.  Not here: judging (the server's job queue does it).

import { h, replace, append, field, liveRegion, errorBox } from '../dom.js';
import { api, followSubmission } from '../api.js';
import { render } from '../markdown.js';
import { lineDiff, showValue } from '../diff.js';
import { fmtDate, fmtRelative, pct, delta } from '../format.js';
import { createEditor } from '../editor.js';
import { servedText, masteryMeter, section } from './common.js';

export const VERDICT = {
  AC: 'Accepted',
  WA: 'Wrong answer',
  TLE: 'Time limit exceeded',
  MLE: 'Memory limit exceeded',
  OLE: 'Output limit exceeded',
  RE: 'Runtime error',
  SV: 'Security violation',
  CE: 'Compile error',
  IE: 'Internal error',
};
const LANG_NAME = { python: 'Python', c: 'C' };
const STATUS_TEXT = { queued: 'Queued for the judge…', running: 'Running your tests…', done: 'Judged.', error: 'The judge failed.' };

const draftKey = (l, item, lang) => `tutor.draft.${l}.${item}.${lang}`;
const hintKey = (l, item) => `tutor.hints.${l}.${item}`;

function load(store, key, fallback) {
  try {
    const v = store.getItem(key);
    return v === null ? fallback : JSON.parse(v);
  } catch (_) {
    return fallback;
  }
}

function save(store, key, value) {
  try {
    store.setItem(key, JSON.stringify(value));
  } catch (_) {
    /* storage full or disabled: drafts are a convenience */
  }
}

/** The diff of expected against actual as a <pre>; marks are text, not colour only. */
export function diffView(expected, actual) {
  const rows = lineDiff(showValue(expected), showValue(actual));
  const mark = { same: '  ', del: '- ', add: '+ ' };
  return h(
    'pre',
    { class: 'diff', 'aria-label': 'Line diff: lines starting with minus are expected only, plus are your output only' },
    rows.map((r) => h('span', { class: `diff-${r.op}` }, mark[r.op] + r.text + '\n')),
  );
}

function caseItem(c) {
  const ok = c.verdict === 'AC';
  const head = h(
    'summary',
    {},
    h('span', { class: `verdict v-${c.verdict}` }, ok ? '✓ ' : '✗ ', VERDICT[c.verdict] || c.verdict),
    ' ',
    h('span', { class: 'case-name' }, c.name || 'test'),
    c.hidden ? h('span', { class: 'muted' }, ' (hidden test)') : null,
  );
  const body = [];
  if (c.message) body.push(h('p', { class: 'case-message' }, c.message));
  if (c.hidden) body.push(h('p', { class: 'muted' }, 'Hidden tests do not show their input or values.'));
  else {
    const dl = h('dl', { class: 'case-values' });
    if (c.input !== undefined) append(dl, [h('dt', {}, 'Input'), h('dd', {}, h('pre', {}, showValue(c.input)))]);
    if (c.expected !== undefined) append(dl, [h('dt', {}, 'Expected'), h('dd', {}, h('pre', {}, showValue(c.expected)))]);
    if (c.actual !== undefined) append(dl, [h('dt', {}, 'Actual'), h('dd', {}, h('pre', {}, showValue(c.actual)))]);
    body.push(dl);
    if (!ok && c.expected !== undefined && c.actual !== undefined) body.push(h('p', { class: 'diff-title' }, 'Difference (expected → actual)'), diffView(c.expected, c.actual));
  }
  return h('li', { class: `case ${ok ? 'pass' : 'fail'}` }, h('details', { open: !ok && !c.hidden }, head, body));
}

function masteryChange(app, mastery) {
  if (!mastery || !mastery.length) return null;
  return section(
    'Mastery change',
    h(
      'ul',
      { class: 'mastery-change' },
      mastery.map((m) =>
        h(
          'li',
          { class: m.after > m.before ? 'up' : m.after < m.before ? 'down' : 'same' },
          h('span', { class: 'topic-name' }, app.topicTitle(m.topic)),
          ': ',
          pct(m.before),
          ' → ',
          h('strong', {}, pct(m.after)),
          h('span', { class: 'delta' }, ` (${delta(m.before, m.after)})`),
          ' ',
          masteryMeter(m.after, `Mastery of ${app.topicTitle(m.topic)} now`),
        ),
      ),
    ),
  );
}

function nextReview(app, nr) {
  if (!nr) return null;
  const title = (app.problems || []).find((p) => p.id === nr.item);
  return h('p', { class: 'next-review' }, h('strong', {}, 'Next review: '), `${title ? title.title : nr.item} on ${fmtDate(nr.due)} (${fmtRelative(nr.due)}).`);
}

/** Renders a judged result into el; returns a one-line summary. */
export function renderResult(app, el, r) {
  const verdict = VERDICT[r.verdict] || r.verdict;
  const summary = `${verdict}: ${r.passed} of ${r.total} tests passed.`;
  replace(
    el,
    h('h2', { id: 'results-title' }, 'Results'),
    h('p', { class: `result-summary v-${r.verdict}` }, summary),
    r.tags && r.tags.length ? h('p', { class: 'tags' }, 'Likely misconceptions: ', r.tags.map((t, i) => [i ? ', ' : '', h('code', {}, t)])) : null,
    h('ol', { class: 'cases' }, (r.cases || []).map(caseItem)),
    masteryChange(app, r.mastery),
    nextReview(app, r.next_review),
    r.review ? section('Code review', servedText(r.review)) : null,
  );
  return summary;
}

function hintLadder(app, l, item, levels) {
  const got = load(sessionStorage, hintKey(l, item), []);
  const list = h('ol', { class: 'hints' });
  const status = liveRegion();
  const button = h('button', { type: 'button', class: 'secondary' });
  // The server picks each hint's level (it may skip ahead after failed
  // attempts), so the button does not promise a number.
  const label = () => {
    const last = got[got.length - 1];
    const done = last && last.level >= (last.of || levels);
    button.textContent = done ? 'No more hints' : last ? 'Get another hint' : 'Get a hint';
    button.disabled = Boolean(done);
  };
  const show = (x) =>
    list.append(
      h(
        'li',
        { class: 'hint' },
        h('h3', {}, `Hint ${x.level} of ${x.of}`, x.level_name ? ` — ${x.level_name}` : ''),
        servedText({ text: x.text, served_by: x.served_by }),
      ),
    );
  got.forEach(show);
  label();
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.set('Asking for a hint…');
    try {
      const x = await api.hint(l, item);
      got.push(x);
      save(sessionStorage, hintKey(l, item), got);
      show(x);
      status.set(`Hint ${x.level} of ${x.of}${x.level_name ? ` — ${x.level_name}` : ''}. You have used ${x.hints_used} hint${x.hints_used === 1 ? '' : 's'}.`);
    } catch (e) {
      status.set(e.message, 'error');
    }
    label();
  });
  return section('Hints', h('p', { class: 'muted' }, `Hints go in ${levels} levels from a nudge to a near-solution. Each one you take is part of your learner record.`), list, button, status);
}

function askBox(app, l, item) {
  const q = field('Your question', h('textarea', { rows: 3, maxlength: 2000, required: true }));
  const status = liveRegion();
  const out = h('div', { class: 'answer' });
  const button = h('button', { type: 'submit', class: 'secondary' }, 'Ask');
  const form = h('form', {}, q.wrap, button, status, out);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!q.input.value.trim()) return;
    button.disabled = true;
    status.set('Asking the tutor…');
    try {
      const a = await api.ask(l, q.input.value.trim(), item);
      replace(out, servedText(a));
      status.set('The tutor answered.');
    } catch (e) {
      status.set(e.message, 'error');
    }
    button.disabled = false;
  });
  return section('Ask the tutor', form);
}

function examples(pr) {
  const tests = pr.public_tests || [];
  if (!tests.length) return null;
  return h(
    'details',
    { class: 'examples' },
    h('summary', {}, `Example tests (${tests.length} shown, ${pr.hidden_tests || 0} hidden)`),
    h(
      'ul',
      {},
      tests.map((t) => h('li', {}, h('strong', {}, t.name || 'test'), h('dl', { class: 'case-values' }, h('dt', {}, 'Input'), h('dd', {}, h('pre', {}, showValue(t.input))), h('dt', {}, 'Expected'), h('dd', {}, h('pre', {}, showValue(t.expected)))))),
    ),
  );
}

function editorSection(app, l, pr, results) {
  const langs = pr.languages && pr.languages.length ? pr.languages : Object.keys(pr.starter || {});
  let lang = load(localStorage, `tutor.lang.${l}`, langs[0]);
  if (!langs.includes(lang)) lang = langs[0] || 'python';
  const starter = (lg) => (pr.starter && pr.starter[lg]) || '';
  const draft = (lg) => load(localStorage, draftKey(l, pr.id, lg), null);
  const select = h('select', { name: 'lang' }, langs.map((x) => h('option', { value: x, selected: x === lang }, LANG_NAME[x] || x)));
  const langField = field('Language', select);
  const edHost = h('div', { class: 'editor', id: 'editor' });
  let timer = null;
  const ed = createEditor(edHost, {
    doc: draft(lang) ?? starter(lang),
    lang,
    label: `Code editor, ${pr.title}. Press Escape then Tab to leave the editor.`,
    onChange: (text) => {
      clearTimeout(timer);
      timer = setTimeout(() => save(localStorage, draftKey(l, pr.id, lang), text), 300);
    },
  });
  edHost.tutorEditor = ed; // lets the browser test read the document itself
  select.addEventListener('change', () => {
    save(localStorage, draftKey(l, pr.id, lang), ed.getText());
    lang = select.value;
    save(localStorage, `tutor.lang.${l}`, lang);
    ed.setLang(lang);
    ed.setText(draft(lang) ?? starter(lang));
  });
  const status = liveRegion('run-status');
  const run = h('button', { type: 'button', id: 'run-tests' }, 'Run tests');
  const reset = h('button', { type: 'button', class: 'secondary' }, 'Reset to starter');
  reset.addEventListener('click', () => {
    if (ed.getText() !== starter(lang) && !confirm('Replace your code with the starter?')) return;
    ed.setText(starter(lang));
  });
  run.addEventListener('click', async () => {
    run.disabled = true;
    replace(results, h('h2', { id: 'results-title' }, 'Results'), h('p', { class: 'muted' }, 'Waiting for the judge…'));
    status.set('Submitting…');
    try {
      const { id } = await api.submit(l, pr.id, lang, ed.getText());
      status.set(STATUS_TEXT.queued);
      const sub = await followSubmission(id, (st) => status.set(STATUS_TEXT[st] || st));
      if (sub.status === 'error' || !sub.result) {
        replace(results, h('h2', {}, 'Results'), errorBox(sub.error || 'The judge could not finish this submission.'));
        status.set('The judge could not finish this submission.', 'error');
      } else {
        status.set(renderResult(app, results, sub.result), sub.result.verdict === 'AC' ? 'ok' : 'fail');
      }
    } catch (e) {
      status.set(e.message, 'error');
    }
    run.disabled = false;
  });
  const kbd = h('p', { class: 'help' }, 'Tab indents inside the editor; press Escape then Tab to move on.');
  return section('Your solution', langField.wrap, edHost, kbd, h('div', { class: 'actions' }, run, reset), status);
}

/** The statement without a leading heading that repeats the title. */
export function statementBody(pr) {
  const md = pr.statement || '';
  const m = /^\s*#\s+(.*)\n/.exec(md);
  return m && m[1].trim() === (pr.title || '').trim() ? md.slice(m[0].length) : md;
}

/** #/problem/ID */
export async function problemPage(app, p) {
  const id = p.args[0];
  const l = app.learner;
  const [pr] = await Promise.all([api.problem(id), app.loadCourse(), app.loadProblems()]);
  const results = h('section', { id: 'results', class: 'results', 'aria-labelledby': 'results-title' });
  const topics = (pr.topics || []).map((t, i) => [i ? ', ' : '', h('a', { href: `#/topic/${encodeURIComponent(t)}` }, app.topicTitle(t))]);
  replace(
    app.main,
    app.heading(pr.title || pr.id),
    h('p', { class: 'meta' }, pr.difficulty ? `${pr.difficulty} · ` : '', 'Topics: ', topics),
    h('div', { class: 'problem-grid' },
      h('div', { class: 'col' }, h('section', { class: 'statement', 'aria-label': 'Statement' }, h('div', { class: 'md', html: render(statementBody(pr)) })), examples(pr)),
      h('div', { class: 'col' }, editorSection(app, l, pr, results), results, hintLadder(app, l, pr.id, pr.hint_levels || 5), askBox(app, l, pr.id)),
    ),
  );
}
