// pages/plan.js - study plans (docs/api.md "Study plans"): #/plans asks a
// question to make a plan and lists the learner's plans; #/plans/ID shows
// one plan as a graph (subtasks as columns, stacked when they do not fit,
// steps with their status, dependency edges, loops with their iteration
// and state), the current turn with an answer box (text) or the code
// editor (a code turn: the code goes through the submissions API, then
// the submission's seq is posted to the turn), and every step with its
// output, expandable.  The page re-renders in place after each answer and
// announces what happened in an aria-live region.
//
// Not here: the layout arithmetic (plangraph.js, pure and unit tested).

import { h, replace, field, liveRegion, errorBox } from '../dom.js';
import { api, followSubmission } from '../api.js';
import { render } from '../markdown.js';
import { fmtDateTime } from '../format.js';
import { createEditor } from '../editor.js';
import { layoutPlan, stepState, subtasks, clip } from '../plangraph.js';
import { renderResult } from './problem.js';
import { section } from './common.js';

const STATE_TEXT = { current: 'your turn', done: 'done', skipped: 'skipped', ready: 'ready', pending: 'pending' };
const STATE_ICON = { current: '▶', done: '✓', skipped: '⤼', ready: '●', pending: '○' };
const KIND_TEXT = { turn: 'your answer', code_turn: 'your code', judge: 'run the tests', search: 'course search', text: 'tutor text' };
const PLAN_STATUS = { active: 'In progress', completed: 'Completed', abandoned: 'Abandoned' };
const STATUS_TEXT = { queued: 'Queued for the judge…', running: 'Running your tests…', done: 'Judged.', error: 'The judge failed.' };
const LANG_NAME = { python: 'Python', c: 'C' };
const SVG = 'http://www.w3.org/2000/svg';

/** An SVG element (attributes only; children appended). */
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined && v !== false) el.setAttribute(k, String(v));
  for (const c of children.flat()) if (c) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

const stepDomId = (id) => `plan-step-${String(id).replace(/[^A-Za-z0-9_-]/g, '_')}`;

// ---- #/plans -----------------------------------------------------------------

function plansList(plans) {
  if (!plans.length) return h('p', { class: 'muted' }, 'No plans yet. Ask a question above to make your first one.');
  const rows = [...plans].reverse();
  return h(
    'ul',
    { class: 'plan-list' },
    rows.map((p) =>
      h(
        'li',
        {},
        h('a', { href: `#/plans/${encodeURIComponent(p.plan_id)}` }, p.query || p.plan_id),
        h('span', { class: `badge plan-${p.status}` }, PLAN_STATUS[p.status] || p.status),
        h('span', { class: 'muted' }, ` ${p.resolved} of ${p.steps} steps · started ${fmtDateTime(p.started)}`),
      ),
    ),
  );
}

function newPlanForm(app, problems) {
  const q = field('Your question', h('textarea', { rows: 3, maxlength: 2000, required: true, name: 'query' }), 'What do you want to understand or be able to do? For example: "How do I loop over a list with its index?"');
  const sel = h('select', { name: 'item' }, h('option', { value: '' }, 'Let the tutor choose'), problems.map((p) => h('option', { value: p.id }, p.title || p.id)));
  const item = field('Practice problem', sel, 'The problem the practice steps use.');
  const status = liveRegion();
  const button = h('button', { type: 'submit' }, 'Make a plan');
  const form = h('form', { class: 'card plan-form' }, q.wrap, item.wrap, h('div', { class: 'actions' }, button), status);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const query = q.input.value.trim();
    if (!query) {
      status.set('Write a question first.', 'error');
      q.input.focus();
      return;
    }
    button.disabled = true;
    status.set('Making your plan…');
    try {
      const body = sel.value ? { query, item: sel.value } : { query };
      const plan = await api.planCreate(app.learner, body);
      app.go(`/plans/${encodeURIComponent(plan.plan_id)}`);
    } catch (e) {
      status.set(e.message, 'error');
      button.disabled = false;
    }
  });
  return form;
}

/** #/plans */
export async function plansPage(app) {
  const [list, problems] = await Promise.all([api.plans(app.learner), app.loadProblems(), app.loadCourse()]);
  replace(
    app.main,
    app.heading('Study plan'),
    h('p', { class: 'lead' }, 'Ask a question and the tutor makes a plan for you: what you know already, an explanation, practice with feedback, and a summary. You go through it one step at a time.'),
    section('Make a plan', newPlanForm(app, problems || [])),
    section('Your plans', plansList((list && list.plans) || [])),
  );
}

// ---- the graph ---------------------------------------------------------------

function nodeLabel(n) {
  const st = n.step;
  const it = st.loop !== null && st.loop !== undefined && st.iteration ? `, iteration ${st.iteration}` : '';
  return `Step ${st.id}: ${st.objective || ''} (${KIND_TEXT[st.kind] || st.kind || 'step'}), ${STATE_TEXT[n.state]}${it}. Show details.`;
}

function nodeEl(n, onPick) {
  const st = n.step;
  const chars = Math.max(12, Math.floor((n.w - 16) / 7.2));
  const it = st.loop !== null && st.loop !== undefined && st.iteration > 1 ? ` · round ${st.iteration}` : '';
  const g = s(
    'g',
    { class: `plan-node st-${n.state}`, transform: `translate(${n.x},${n.y})`, tabindex: 0, role: 'button', 'aria-label': nodeLabel(n), 'data-step': st.id },
    s('rect', { width: n.w, height: n.h, rx: 6, ry: 6 }),
    s('text', { x: 8, y: 18, class: 'node-id' }, `${STATE_ICON[n.state]} ${st.id}`),
    s('text', { x: n.w - 8, y: 18, class: 'node-kind', 'text-anchor': 'end' }, clip(KIND_TEXT[st.kind] || st.kind || '', 16)),
    s('text', { x: 8, y: 35, class: 'node-obj' }, clip(st.objective || '', chars)),
    s('text', { x: 8, y: 51, class: 'node-state' }, STATE_TEXT[n.state] + it),
  );
  g.append(s('title', {}, nodeLabel(n)));
  g.addEventListener('click', () => onPick(st.id));
  g.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      onPick(st.id);
    }
  });
  return g;
}

function graphSvg(session, mode, width, onPick) {
  const L = layoutPlan(session, { mode, width });
  const defs = s(
    'defs',
    {},
    ['done', 'pending'].map((k) =>
      s('marker', { id: `arrow-${k}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { d: 'M0,0 L10,5 L0,10 z', class: `arrow-${k}` })),
    ),
  );
  const heads = L.heads.map((hd) => s('text', { x: hd.x, y: hd.y + 16, class: 'plan-head' }, clip(`${hd.id} · ${hd.name}`, Math.floor(hd.w / 7.5))));
  const loops = L.loops.map((lp) =>
    s('g', { class: `plan-loop loop-${lp.state}` }, s('rect', { x: lp.x, y: lp.y, width: lp.w, height: lp.h, rx: 10, ry: 10 }), s('text', { x: lp.x + lp.w - 6, y: lp.y + lp.h - 5, 'text-anchor': 'end', class: 'loop-label' }, lp.label)),
  );
  const edges = L.edges.map((e) => s('path', { d: e.d, class: `plan-edge edge-${e.state}`, 'marker-end': `url(#arrow-${e.state})` }));
  return s(
    'svg',
    { class: `plan-graph mode-${L.mode}`, width: L.width, height: L.height, viewBox: `0 0 ${L.width} ${L.height}`, role: 'group', 'aria-label': `Plan graph: ${L.nodes.length} steps in ${L.heads.length} parts. Each step is a button that shows its details below.` },
    defs,
    loops,
    edges,
    heads,
    L.nodes.map((n) => nodeEl(n, onPick)),
  );
}

function legend() {
  return h(
    'ul',
    { class: 'legend plan-legend', 'aria-label': 'Legend' },
    ['current', 'ready', 'pending', 'done', 'skipped'].map((k) => h('li', { class: `badge st-${k}` }, h('span', { 'aria-hidden': 'true' }, STATE_ICON[k]), ' ', STATE_TEXT[k])),
  );
}

// ---- steps list --------------------------------------------------------------

function loopText(session, st) {
  if (st.loop === null || st.loop === undefined) return null;
  const lp = (session.loops || [])[st.loop];
  if (!lp) return null;
  return h('p', { class: 'muted' }, `Part of a practice loop (${lp.condition}): iteration ${lp.iteration || 0} of ${lp.max_iterations}, ${lp.state}.`);
}

function flagsText(flags) {
  if (!flags) return null;
  const pairs = Array.isArray(flags) ? flags.map((f) => [f.name, f.value]) : Object.entries(flags);
  if (!pairs.length) return null;
  return h('p', { class: 'muted' }, 'Flags: ', pairs.map(([k, v], i) => [i ? ', ' : '', h('code', {}, `${k} = ${v}`)]));
}

function stepItem(session, st) {
  const state = stepState(session, st);
  const body = [
    h('p', { class: 'muted' }, `${KIND_TEXT[st.kind] || st.kind} · agent ${st.agent || '?'}${st.iteration ? ` · iteration ${st.iteration}` : ''}`),
    loopText(session, st),
    st.depends_on && st.depends_on.length ? h('p', { class: 'muted' }, `Builds on ${st.depends_on.join(', ')}.`) : null,
    st.input ? h('div', { class: 'step-input' }, h('h4', {}, 'Your answer'), h('pre', {}, st.input)) : null,
    st.submission ? h('p', {}, `Submission event #${st.submission}.`) : null,
    st.output ? h('div', { class: 'step-output' }, h('h4', {}, 'Output'), h('div', { class: 'md', html: render(st.output) })) : null,
    flagsText(st.flags),
    !st.input && !st.output && state !== 'done' ? h('p', { class: 'muted' }, state === 'skipped' ? 'Skipped: not needed.' : 'Not run yet.') : null,
  ];
  return h(
    'li',
    { id: stepDomId(st.id), class: `plan-step st-${state}` },
    h(
      'details',
      { open: state === 'current' },
      h('summary', {}, h('span', { class: `badge st-${state}` }, h('span', { 'aria-hidden': 'true' }, STATE_ICON[state]), ' ', STATE_TEXT[state]), ' ', h('strong', {}, st.id), ' ', st.objective || ''),
      body,
    ),
  );
}

function stepsList(session) {
  return subtasks(session).map((g) => {
    const steps = g.steps.map((id) => session.steps.find((x) => x.id === id)).filter(Boolean);
    return h('div', { class: 'plan-part' }, h('h3', {}, `${g.id} · ${g.name}`), h('ol', { class: 'plan-steps' }, steps.map((st) => stepItem(session, st))));
  });
}

// ---- the current turn --------------------------------------------------------

function textAnswer(ctx, turn) {
  const a = field('Your answer', h('textarea', { rows: 5, maxlength: 4096, required: true, name: 'answer' }));
  const button = h('button', { type: 'submit' }, 'Send answer');
  const form = h('form', { class: 'turn-form' }, a.wrap, h('div', { class: 'actions' }, button));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const text = a.input.value.trim();
    if (!text) {
      ctx.status.set('Write an answer first.', 'error');
      a.input.focus();
      return;
    }
    button.disabled = true;
    ctx.status.set('Sending your answer…');
    await ctx.answer({ step: turn.id, text }, () => {
      button.disabled = false;
    });
  });
  return form;
}

const draftKey = (l, pid, step, lang) => `tutor.plandraft.${l}.${pid}.${step}.${lang}`;

function readDraft(key) {
  try {
    return localStorage.getItem(key);
  } catch (_) {
    return null;
  }
}

function codeAnswer(ctx, turn, pr) {
  const langs = pr.languages && pr.languages.length ? pr.languages : Object.keys(pr.starter || {});
  let lang = langs[0] || 'python';
  const key = () => draftKey(ctx.learner, ctx.pid, turn.id, lang);
  const select = h('select', { name: 'lang' }, langs.map((x) => h('option', { value: x }, LANG_NAME[x] || x)));
  const langField = field('Language', select);
  const host = h('div', { class: 'editor', id: 'editor' });
  const ed = createEditor(host, {
    doc: readDraft(key()) ?? ((pr.starter && pr.starter[lang]) || ''),
    lang,
    label: `Code editor, ${pr.title || pr.id}. Press Escape then Tab to leave the editor.`,
    onChange: (text) => {
      try {
        localStorage.setItem(key(), text);
      } catch (_) {
        /* a convenience */
      }
    },
  });
  host.tutorEditor = ed;
  select.addEventListener('change', () => {
    lang = select.value;
    ed.setLang(lang);
    ed.setText(readDraft(key()) ?? ((pr.starter && pr.starter[lang]) || ''));
  });
  const results = h('section', { class: 'results', 'aria-labelledby': 'results-title' });
  const button = h('button', { type: 'button', id: 'plan-submit' }, 'Submit code');
  button.addEventListener('click', async () => {
    button.disabled = true;
    ctx.status.set('Submitting…');
    try {
      const { id } = await api.submit(ctx.learner, pr.id, lang, ed.getText());
      const sub = await followSubmission(id, (st) => ctx.status.set(STATUS_TEXT[st] || st));
      if (sub.status === 'error' || !sub.result) throw new Error(sub.error || 'The judge could not finish this submission.');
      const summary = renderResult(ctx.app, results, sub.result);
      if (!sub.result.seq) throw new Error('The judged submission has no event number.');
      ctx.status.set(`${summary} Recording it in your plan…`);
      await ctx.answer({ step: turn.id, submission: sub.result.seq }, () => {
        button.disabled = false;
      }, summary);
    } catch (e) {
      ctx.status.set(e.message, 'error');
      button.disabled = false;
    }
  });
  return h(
    'div',
    { class: 'turn-code' },
    h('p', {}, 'Practice problem: ', h('a', { href: `#/problem/${encodeURIComponent(pr.id)}` }, pr.title || pr.id), ' (opens the problem page).'),
    h('details', { class: 'examples' }, h('summary', {}, 'Problem statement'), h('div', { class: 'md', html: render(pr.statement || '') })),
    langField.wrap,
    host,
    h('p', { class: 'help' }, 'Tab indents inside the editor; press Escape then Tab to move on.'),
    h('div', { class: 'actions' }, button),
    results,
  );
}

async function turnSection(ctx, session) {
  const turn = session.turn;
  if (!turn || session.status !== 'active') {
    const msg = session.status === 'completed' ? 'You have finished this plan. Well done! Open any step below to look back at it.' : session.status === 'abandoned' ? 'This plan was abandoned.' : 'The tutor is working on the next step.';
    return h('section', { class: 'turn card', 'aria-labelledby': 'turn-title' }, h('h2', { id: 'turn-title', tabindex: '-1' }, session.status === 'completed' ? 'Plan complete' : 'No turn waiting'), h('p', {}, msg));
  }
  const st = session.steps.find((x) => x.id === turn.id) || {};
  let box;
  if (turn.code) {
    if (!session.item) box = errorBox('This plan has no practice problem, so its code step cannot be answered here.');
    else box = codeAnswer(ctx, turn, await ctx.problem(session.item));
  } else {
    box = textAnswer(ctx, turn);
  }
  return h(
    'section',
    { class: 'turn card', 'aria-labelledby': 'turn-title' },
    h('h2', { id: 'turn-title', tabindex: '-1' }, `Your turn: ${turn.id}`, st.objective ? ` — ${st.objective}` : ''),
    h('div', { class: 'md turn-text', html: render(turn.text || '') }),
    box,
  );
}

// ---- #/plans/ID --------------------------------------------------------------

function progressLine(session) {
  const p = session.progress || { resolved: 0, steps: (session.steps || []).length };
  return h(
    'p',
    { class: 'plan-progress' },
    h('span', { class: `badge plan-${session.status}` }, PLAN_STATUS[session.status] || session.status),
    ' ',
    h('meter', { min: 0, max: p.steps || 1, value: p.resolved, 'aria-label': 'Steps done' }, `${p.resolved} of ${p.steps}`),
    ` ${p.resolved} of ${p.steps} steps done`,
    session.item ? [' · practice problem ', h('a', { href: `#/problem/${encodeURIComponent(session.item)}` }, session.item)] : null,
  );
}

function abandonButton(ctx, session) {
  if (session.status !== 'active') return null;
  const b = h('button', { type: 'button', class: 'secondary' }, 'Abandon plan');
  b.addEventListener('click', async () => {
    if (!confirm('Abandon this plan? You cannot continue it afterwards.')) return;
    b.disabled = true;
    try {
      const next = await api.planAbandon(ctx.learner, ctx.pid);
      await ctx.show(next, 'The plan was abandoned.');
    } catch (e) {
      ctx.status.set(e.message, 'error');
      b.disabled = false;
    }
  });
  return b;
}

function pickStep(id) {
  const li = document.getElementById(stepDomId(id));
  if (!li) return;
  const d = li.querySelector('details');
  if (d) d.open = true;
  const sum = li.querySelector('summary');
  if (sum) {
    sum.focus();
    sum.scrollIntoView({ block: 'nearest' });
  }
}

/** The room the graph has: the wrap's inner width (its padding off). */
function graphWidth(wrap) {
  return (wrap.clientWidth || window.innerWidth) - 10;
}

/** Columns when they fit, else the stacked layout. */
function drawGraph(wrap, session) {
  const width = graphWidth(wrap);
  const mode = width >= layoutPlan(session, { mode: 'columns' }).width ? 'columns' : 'stack';
  replace(wrap, graphSvg(session, mode, Math.max(240, width), pickStep));
  wrap.dataset.mode = mode;
}

/** What changed between two sessions, for the live region. */
function changeText(before, after) {
  if (after.status === 'completed') return 'Plan complete: every step is done.';
  if (after.status === 'abandoned') return 'The plan was abandoned.';
  const done = (after.progress && after.progress.resolved) - ((before && before.progress && before.progress.resolved) || 0);
  const next = after.turn ? `Now your turn: ${after.turn.id}.` : '';
  return `${done > 0 ? `${done} step${done === 1 ? '' : 's'} done. ` : ''}${next}`;
}

/** #/plans/ID */
export async function planPage(app, p) {
  const pid = p.args[0];
  const problems = new Map();
  const ctx = {
    app,
    pid,
    learner: app.learner,
    session: null,
    status: liveRegion('plan-status'),
    async problem(id) {
      if (!problems.has(id)) problems.set(id, await api.problem(id));
      return problems.get(id);
    },
  };
  const head = h('div', { class: 'plan-head-box' });
  const graphWrap = h('div', { class: 'plan-graph-wrap' });
  const turnBox = h('div', {});
  const stepsBox = h('div', {});
  ctx.show = async (session, announce, focusTurn) => {
    const before = ctx.session;
    const turn = await turnSection(ctx, session); // first: the page changes at once
    ctx.session = session;
    replace(head, h('p', { class: 'lead plan-query' }, session.plan && session.plan.input && session.plan.input.query ? `“${session.plan.input.query}”` : ''), progressLine(session), h('div', { class: 'actions' }, abandonButton(ctx, session)));
    drawGraph(graphWrap, session);
    replace(turnBox, turn);
    replace(stepsBox, stepsList(session));
    if (announce !== undefined) ctx.status.set(announce || changeText(before, session), session.status === 'abandoned' ? 'error' : 'ok');
    if (focusTurn) {
      const t = document.getElementById('turn-title');
      if (t) t.focus();
    }
  };
  ctx.answer = async (body, onFail, prefix) => {
    try {
      const next = await api.planTurn(ctx.learner, pid, body);
      await ctx.show(next, `${prefix ? `${prefix} ` : ''}${changeText(ctx.session, next)}`, true);
    } catch (e) {
      ctx.status.set(e.message, 'error');
      onFail();
    }
  };
  const session = await api.plan(ctx.learner, pid);
  replace(
    app.main,
    app.heading('Study plan'),
    h('p', {}, h('a', { href: '#/plans' }, '← All plans')),
    head,
    ctx.status,
    section('Plan', legend(), graphWrap),
    turnBox,
    section('Steps', stepsBox),
  );
  await ctx.show(session);
  let pending = 0;
  const onResize = () => {
    if (!graphWrap.isConnected) {
      window.removeEventListener('resize', onResize);
      return;
    }
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => drawGraph(graphWrap, ctx.session));
  };
  window.addEventListener('resize', onResize);
}
