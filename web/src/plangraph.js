// plangraph.js - the study plan as a graph (pure: no DOM; unit tested).
//
// Input: a plan session from the API (docs/api.md "Study plans"): steps in
// execution order {id, subtask, kind, status, iteration, loop,
// depends_on, ...}, loops [{steps, condition, iteration, max_iterations,
// state}], turn {id, ...} | null.  Output: where each step's box goes,
// the dependency edges as SVG paths, and a box around each loop, in one
// of two layouts:
//   'columns'  one column per subtask (in order of first appearance),
//              steps top to bottom in execution order (wide screens);
//   'stack'    one column, a heading row per subtask, for narrow screens.
// Not here: drawing (pages/plan.js turns the layout into SVG).

/** Display status of a step: 'current' (the turn waiting for the
 *  learner), 'done', 'skipped', 'ready' (pending, every dependency done or
 *  skipped) or 'pending'. */
export function stepState(session, step) {
  if (session.turn && session.turn.id === step.id && session.status === 'active') return 'current';
  if (step.status === 'done' || step.status === 'skipped') return step.status;
  if (step.status === 'ready') return 'ready';
  if (session.status !== 'active') return 'pending';
  const byId = new Map((session.steps || []).map((s) => [s.id, s]));
  const deps = step.depends_on || [];
  const resolved = deps.every((d) => {
    const x = byId.get(d);
    return x && (x.status === 'done' || x.status === 'skipped');
  });
  return resolved ? 'ready' : 'pending';
}

/** The subtasks in order of first appearance: [{id, name, steps: [ids]}];
 *  names from the plan's output when it has them. */
export function subtasks(session) {
  const names = new Map();
  const out = session.plan && session.plan.output;
  for (const st of (out && out.subtasks) || []) if (st && st.id) names.set(st.id, st.name || st.id);
  const groups = [];
  const seen = new Map();
  for (const s of session.steps || []) {
    const key = s.subtask || '';
    if (!seen.has(key)) {
      const g = { id: key, name: names.get(key) || key || 'Steps', steps: [] };
      seen.set(key, g);
      groups.push(g);
    }
    seen.get(key).steps.push(s.id);
  }
  return groups;
}

const DEFAULTS = { nodeW: 200, nodeH: 58, gapX: 48, gapY: 22, headH: 34, pad: 12, width: 0 };

/** An edge's path from box a to box b ({x, y, w, h}). */
export function edgePath(a, b) {
  const f = (n) => Math.round(n * 10) / 10;
  if (a.x + a.w <= b.x) {
    // left to right: right side to left side
    const x1 = a.x + a.w;
    const y1 = a.y + a.h / 2;
    const x2 = b.x;
    const y2 = b.y + b.h / 2;
    const mx = (x1 + x2) / 2;
    return `M${f(x1)},${f(y1)} C${f(mx)},${f(y1)} ${f(mx)},${f(y2)} ${f(x2)},${f(y2)}`;
  }
  if (b.x + b.w <= a.x) {
    // right to left (a dependency in a later column): left side to right side
    const x1 = a.x;
    const y1 = a.y + a.h / 2;
    const x2 = b.x + b.w;
    const y2 = b.y + b.h / 2;
    const mx = (x1 + x2) / 2;
    return `M${f(x1)},${f(y1)} C${f(mx)},${f(y1)} ${f(mx)},${f(y2)} ${f(x2)},${f(y2)}`;
  }
  // same column
  if (b.y >= a.y + a.h) {
    const x = a.x + a.w / 2;
    const y1 = a.y + a.h;
    const y2 = b.y;
    if (y2 - y1 <= 40) return `M${f(x)},${f(y1)} L${f(x)},${f(y2)}`;
    // skipping boxes: bow out to the right of the column
    const xr = a.x + a.w;
    const bow = Math.min(40, 12 + (y2 - y1) / 12);
    return `M${f(xr)},${f(a.y + a.h / 2)} C${f(xr + bow)},${f(a.y + a.h / 2)} ${f(xr + bow)},${f(b.y + b.h / 2)} ${f(xr)},${f(b.y + b.h / 2)}`;
  }
  // upwards in the same column (not made by the planner): bow to the left
  const xl = a.x;
  return `M${f(xl)},${f(a.y + a.h / 2)} C${f(xl - 30)},${f(a.y + a.h / 2)} ${f(xl - 30)},${f(b.y + b.h / 2)} ${f(xl)},${f(b.y + b.h / 2)}`;
}

// Room under a loop's last step for the loop's label.
const LOOP_LABEL_H = 20;

/** The ids of the last step of each loop (a label goes under it). */
function loopEnds(session) {
  const ends = new Set();
  for (const l of session.loops || []) if (l.steps && l.steps.length) ends.add(l.steps[l.steps.length - 1]);
  return ends;
}

function placeColumns(groups, o, ends) {
  const pos = new Map();
  const heads = [];
  let bottom = o.pad + o.headH;
  groups.forEach((g, c) => {
    const x = o.pad + c * (o.nodeW + o.gapX);
    let y = o.pad + o.headH;
    heads.push({ id: g.id, name: g.name, x, y: o.pad, w: o.nodeW });
    g.steps.forEach((id, r) => {
      pos.set(id, { x, y, w: o.nodeW, h: o.nodeH, col: c, row: r });
      y += o.nodeH + (ends.has(id) ? LOOP_LABEL_H : 0);
      bottom = Math.max(bottom, y);
      y += o.gapY;
    });
  });
  const width = o.pad * 2 + groups.length * o.nodeW + Math.max(0, groups.length - 1) * o.gapX;
  return { pos, heads, width, height: bottom + o.pad };
}

function placeStack(groups, o, ends) {
  const pos = new Map();
  const heads = [];
  // room on the right for edges that skip boxes
  const w = Math.max(120, (o.width || o.nodeW + 2 * o.pad + 44) - 2 * o.pad - 44);
  let y = o.pad;
  let row = 0;
  groups.forEach((g) => {
    heads.push({ id: g.id, name: g.name, x: o.pad, y, w });
    y += o.headH;
    g.steps.forEach((id) => {
      pos.set(id, { x: o.pad, y, w, h: o.nodeH, col: 0, row });
      row += 1;
      y += o.nodeH + o.gapY + (ends.has(id) ? LOOP_LABEL_H : 0);
    });
  });
  return { pos, heads, width: w + 2 * o.pad + 44, height: y - o.gapY + o.pad };
}

/** A box around the loop's steps (padded), or null when none is placed. */
function loopBox(loop, pos, index) {
  const boxes = (loop.steps || []).map((id) => pos.get(id)).filter(Boolean);
  if (!boxes.length) return null;
  const x1 = Math.min(...boxes.map((b) => b.x)) - 6;
  const y1 = Math.min(...boxes.map((b) => b.y)) - 6;
  const x2 = Math.max(...boxes.map((b) => b.x + b.w)) + 6;
  const y2 = Math.max(...boxes.map((b) => b.y + b.h)) + LOOP_LABEL_H;
  return { index, x: x1, y: y1, w: x2 - x1, h: y2 - y1, label: loopLabel(loop), state: loop.state || 'waiting' };
}

/** "Loop: iteration 2 of 3 · running". */
export function loopLabel(loop) {
  const it = loop.iteration || 0;
  const max = loop.max_iterations || '?';
  const state = loop.state || 'waiting';
  return it ? `Loop: iteration ${it} of ${max} · ${state}` : `Loop: up to ${max} iterations · ${state}`;
}

/**
 * Lays the session out.  opts: {mode: 'columns'|'stack', width (stack: the
 * space available), nodeW, nodeH, gapX, gapY, headH, pad}.  Returns
 * {mode, width, height, heads: [{id, name, x, y, w}], nodes: [{id, step,
 * state, x, y, w, h, col, row}], edges: [{from, to, d, state}], loops:
 * [{index, x, y, w, h, label, state}]}.  An edge's state is 'done' when
 * its source step is done, else 'pending'.
 */
export function layoutPlan(session, opts) {
  const o = { ...DEFAULTS, ...(opts || {}) };
  const mode = o.mode === 'stack' ? 'stack' : 'columns';
  const groups = subtasks(session);
  const ends = loopEnds(session);
  const placed = mode === 'stack' ? placeStack(groups, o, ends) : placeColumns(groups, o, ends);
  const steps = session.steps || [];
  const nodes = steps.filter((s) => placed.pos.has(s.id)).map((s) => ({ id: s.id, step: s, state: stepState(session, s), ...placed.pos.get(s.id) }));
  const byId = new Map(steps.map((s) => [s.id, s]));
  const edges = [];
  for (const s of steps) {
    for (const d of s.depends_on || []) {
      const a = placed.pos.get(d);
      const b = placed.pos.get(s.id);
      if (!a || !b) continue;
      const src = byId.get(d);
      edges.push({ from: d, to: s.id, d: edgePath(a, b), state: src && src.status === 'done' ? 'done' : 'pending' });
    }
  }
  const loops = (session.loops || []).map((l, i) => loopBox(l, placed.pos, i)).filter(Boolean);
  return { mode, width: placed.width, height: placed.height, heads: placed.heads, nodes, edges, loops };
}

/** Cuts text to n characters with an ellipsis. */
export function clip(text, n) {
  const t = String(text || '').replace(/\s+/g, ' ').trim();
  return t.length <= n ? t : `${t.slice(0, Math.max(0, n - 1))}…`;
}
