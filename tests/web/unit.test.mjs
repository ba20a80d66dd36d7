// unit.test.mjs - node:test unit tests of the web UI's pure modules:
// the safe Markdown renderer, the line diff, the time/mastery formatting,
// the topic depth used by the roadmap, the trajectory series and the
// study plan's graph layout (plangraph.js).
// Run: node --test tests/web/unit.test.mjs (meson: suite web).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render, inline, safeUrl } from '../../web/src/markdown.js';
import { lineDiff, showValue } from '../../web/src/diff.js';
import { toDate, pct, delta, depths, fmtRelative } from '../../web/src/format.js';
import { layoutPlan, stepState, subtasks, edgePath, loopLabel, clip } from '../../web/src/plangraph.js';

test('markdown escapes raw HTML everywhere', () => {
  const out = render('<script>alert(1)</script>\n\n# <img src=x onerror=alert(1)>\n\n- <b>x</b>\n\n`<i>`\n\n| a | <b> |\n|---|---|\n| <x> | y |');
  assert.ok(!/<script|<img|<b>|<i>|<x>/.test(out), out);
  assert.match(out, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(out, /<code>&lt;i&gt;<\/code>/);
});

test('markdown drops unsafe link schemes and keeps safe ones', () => {
  assert.equal(safeUrl('javascript:alert(1)'), null);
  assert.equal(safeUrl(' JavaScript:alert(1)'), null);
  assert.equal(safeUrl('data:text/html,x'), null);
  assert.equal(safeUrl('//evil.example/x'), null);
  assert.equal(safeUrl('https://docs.python.org/3/'), 'https://docs.python.org/3/');
  assert.equal(safeUrl('#/roadmap'), '#/roadmap');
  const out = inline('[click](javascript:alert(1)) and [docs](https://x.org/a_b_c)');
  assert.ok(!out.includes('javascript:'), out);
  assert.match(out, /<a href="https:\/\/x.org\/a_b_c" rel="noopener noreferrer">docs<\/a>/);
});

test('markdown attribute values cannot break out of quotes', () => {
  const out = inline('[x](https://a.org/"onmouseover="alert(1))');
  assert.ok(!/href="[^"]*"onmouseover/.test(out), out);
});

test('markdown renders the statement subset', () => {
  const md = [
    '# Boxes needed',
    '',
    'Write `boxes_needed(items, capacity)` that returns the **smallest number** of *boxes*.',
    '',
    '- `items` is whole',
    '- `capacity` >= 1',
    '',
    '1. first',
    '2. second',
    '',
    'Signature:',
    '',
    '    def boxes_needed(items, capacity): ...',
    '',
    '```python',
    'print(1 < 2)',
    '```',
    '',
    '| items | result |',
    '|-------|--------|',
    '| 10    | 3      |',
    '',
    '> a quote',
  ].join('\n');
  const out = render(md);
  assert.match(out, /<h2>Boxes needed<\/h2>/);
  assert.match(out, /<code>boxes_needed\(items, capacity\)<\/code>/);
  assert.match(out, /<strong>smallest number<\/strong>/);
  assert.match(out, /<em>boxes<\/em>/);
  assert.match(out, /<ul><li><code>items<\/code> is whole<\/li><li><code>capacity<\/code> &gt;= 1<\/li><\/ul>/);
  assert.match(out, /<ol><li>first<\/li><li>second<\/li><\/ol>/);
  assert.match(out, /<pre><code>def boxes_needed\(items, capacity\): \.\.\.<\/code><\/pre>/);
  assert.match(out, /<pre><code class="language-python">print\(1 &lt; 2\)<\/code><\/pre>/);
  assert.match(out, /<th scope="col">items<\/th>/);
  assert.match(out, /<td>10<\/td><td>3<\/td>/);
  assert.match(out, /<blockquote><p>a quote<\/p><\/blockquote>/);
});

test('markdown leaves snake_case identifiers alone', () => {
  assert.equal(inline('call boxes_needed_now or a_b'), 'call boxes_needed_now or a_b');
  assert.equal(inline('10**17 items'), '10**17 items');
});

test('line diff marks deletions and additions', () => {
  const d = lineDiff('a\nb\nc', 'a\nx\nc');
  assert.deepEqual(d, [
    { op: 'same', text: 'a' },
    { op: 'del', text: 'b' },
    { op: 'add', text: 'x' },
    { op: 'same', text: 'c' },
  ]);
  assert.deepEqual(lineDiff('same', 'same'), [{ op: 'same', text: 'same' }]);
  assert.deepEqual(lineDiff('', 'x'), [
    { op: 'del', text: '' },
    { op: 'add', text: 'x' },
  ]);
});

test('line diff of long inputs falls back to positions', () => {
  const a = Array.from({ length: 2500 }, (_, i) => String(i)).join('\n');
  const b = a.replace('\n7\n', '\nseven\n');
  const d = lineDiff(a, b);
  assert.equal(d.filter((r) => r.op !== 'same').length, 2);
});

test('case values are shown as text or JSON', () => {
  assert.equal(showValue('hi'), 'hi');
  assert.equal(showValue(3), '3');
  assert.equal(showValue({ items: 10 }), '{\n  "items": 10\n}');
  assert.equal(showValue(undefined), '');
});

test('times from the API: ISO, seconds and milliseconds', () => {
  assert.equal(toDate('2026-11-03T10:00:00Z').toISOString(), '2026-11-03T10:00:00.000Z');
  assert.equal(toDate(1793700000).getTime(), 1793700000000);
  assert.equal(toDate(1793700000000).getTime(), 1793700000000);
  assert.equal(toDate('1793700000').getTime(), 1793700000000);
  assert.equal(toDate('not a date'), null);
  assert.equal(fmtRelative(86400 * 2 + 10, 10 * 1000), 'in 2 days');
});

test('mastery formatting', () => {
  assert.equal(pct(0.426), '43%');
  assert.equal(pct(undefined), '–');
  assert.equal(delta(0.2, 0.45), '+25 pts');
  assert.equal(delta(0.5, 0.4), '−10 pts');
  assert.equal(delta(0.5, 0.5), '±0 pts');
});

test('topic depth in the prerequisite DAG', () => {
  const d = depths([
    { id: 'values', requires: [] },
    { id: 'conditionals', requires: ['values'] },
    { id: 'functions', requires: ['values'] },
    { id: 'loops', requires: ['conditionals'] },
    { id: 'strings', requires: ['loops', 'functions', 'missing'] },
    { id: 'a', requires: ['b'] },
    { id: 'b', requires: ['a'] },
  ]);
  assert.equal(d.get('values'), 0);
  assert.equal(d.get('functions'), 1);
  assert.equal(d.get('loops'), 2);
  assert.equal(d.get('strings'), 3);
  assert.ok(d.has('a') && d.has('b')); // a cycle is cut, not looped on
});

test('markdown emphasis may span the lines of a paragraph', () => {
  assert.match(render('returns the **smallest number of\nboxes** that holds'), /<strong>smallest number of\nboxes<\/strong>/);
});

test('markdown emphasis may contain code spans', () => {
  assert.equal(inline('take **at most `k` flights** in total'), 'take <strong>at most <code>k</code> flights</strong> in total');
  assert.equal(inline('a `**x**` b'), 'a <code>**x**</code> b');
  assert.equal(inline('nul \u00000\u0000 stays text'), 'nul 0 stays text');
});

// ---- the study plan graph (plangraph.js) ----

/** A session shaped like the deterministic planner's (docs/plans.md). */
function planSession() {
  const st = (id, subtask, kind, status, deps, loop) => ({ id, subtask, agent: 'a', objective: `objective of ${id}`, kind, status, iteration: status === 'pending' ? 0 : 1, loop: loop === undefined ? null : loop, depends_on: deps, flags: {}, input: null, output: null, submission: 0 });
  return {
    plan_id: 'plan-0123456789abcdef',
    status: 'active',
    item: 'collatz-steps',
    plan: { input: { query: 'q' }, output: { subtasks: [{ id: 'S1', name: 'Probe' }, { id: 'S2', name: 'Explain' }, { id: 'S3', name: 'Practice' }, { id: 'S4', name: 'Consolidate' }] } },
    steps: [
      st('S1-1', 'S1', 'turn', 'done', []),
      st('S1-2', 'S1', 'search', 'done', ['S1-1']),
      st('S2-1', 'S2', 'text', 'done', ['S1-2']),
      st('S2-2', 'S2', 'turn', 'pending', ['S2-1']),
      st('S3-1', 'S3', 'code_turn', 'pending', ['S2-2'], 0),
      st('S3-2', 'S3', 'judge', 'pending', ['S3-1'], 0),
      st('S3-3', 'S3', 'turn', 'pending', ['S3-2'], 0),
      st('S3-4', 'S3', 'text', 'pending', ['S3-2']),
      st('S4-1', 'S4', 'search', 'pending', ['S3-4']),
      st('S4-2', 'S4', 'turn', 'pending', ['S4-1']),
    ],
    loops: [{ steps: ['S3-1', 'S3-2', 'S3-3'], condition: 'S3-2.passed == false', iteration: 0, max_iterations: 3, state: 'waiting' }],
    turn: { id: 'S2-2', text: 'Restate it', code: false },
    progress: { resolved: 3, steps: 10 },
  };
}

test('plan step states: current turn, done, ready, pending', () => {
  const s = planSession();
  const by = (id) => s.steps.find((x) => x.id === id);
  assert.equal(stepState(s, by('S2-2')), 'current');
  assert.equal(stepState(s, by('S1-1')), 'done');
  assert.equal(stepState(s, by('S3-1')), 'pending');
  s.turn = null;
  assert.equal(stepState(s, by('S2-2')), 'ready'); // its dependency is done
  by('S3-3').status = 'skipped';
  assert.equal(stepState(s, by('S3-3')), 'skipped');
  s.status = 'completed';
  assert.equal(stepState(s, by('S4-2')), 'pending'); // an ended plan has nothing ready
});

test('plan subtasks keep first-appearance order and the plan\'s names', () => {
  const g = subtasks(planSession());
  assert.deepEqual(g.map((x) => x.id), ['S1', 'S2', 'S3', 'S4']);
  assert.equal(g[2].name, 'Practice');
  assert.deepEqual(g[2].steps, ['S3-1', 'S3-2', 'S3-3', 'S3-4']);
  const bare = planSession();
  bare.plan = null;
  assert.equal(subtasks(bare)[0].name, 'S1');
});

test('plan layout in columns: one column per subtask, rows in order', () => {
  const L = layoutPlan(planSession(), { mode: 'columns' });
  assert.equal(L.mode, 'columns');
  assert.equal(L.heads.length, 4);
  const n = new Map(L.nodes.map((x) => [x.id, x]));
  assert.equal(n.size, 10);
  assert.equal(n.get('S1-1').col, 0);
  assert.equal(n.get('S3-4').col, 2);
  assert.equal(n.get('S3-4').row, 3);
  assert.ok(n.get('S1-2').y > n.get('S1-1').y);
  assert.ok(n.get('S2-1').x > n.get('S1-1').x + n.get('S1-1').w);
  for (const x of L.nodes) assert.ok(x.x >= 0 && x.y >= 0 && x.x + x.w <= L.width && x.y + x.h <= L.height, x.id);
  // one edge per dependency, states from the source step
  assert.equal(L.edges.length, 9);
  const e = L.edges.find((x) => x.from === 'S1-2' && x.to === 'S2-1');
  assert.equal(e.state, 'done');
  assert.match(e.d, /^M[\d.]+,[\d.]+ C/);
  assert.equal(L.edges.find((x) => x.to === 'S3-1').state, 'pending');
  // the loop's box holds its three steps
  assert.equal(L.loops.length, 1);
  const box = L.loops[0];
  for (const id of ['S3-1', 'S3-2', 'S3-3']) {
    const b = n.get(id);
    assert.ok(b.x >= box.x && b.y >= box.y && b.x + b.w <= box.x + box.w && b.y + b.h <= box.y + box.h, id);
  }
  assert.ok(n.get('S3-4').y >= box.y + box.h); // the label's room is not under the next step
  assert.ok(box.y + box.h - (n.get('S3-3').y + n.get('S3-3').h) >= 18, 'no room for the loop label');
  assert.equal(box.label, 'Loop: up to 3 iterations · waiting');
});

test('plan layout stacked fits the width it is given', () => {
  const L = layoutPlan(planSession(), { mode: 'stack', width: 340 });
  assert.equal(L.mode, 'stack');
  assert.ok(L.width <= 340, String(L.width));
  const ys = L.nodes.map((x) => x.y);
  assert.deepEqual([...ys].sort((a, b) => a - b), ys); // execution order top to bottom
  assert.ok(L.nodes.every((x) => x.col === 0));
  // heads sit above their first step
  assert.ok(L.loops[0].y + L.loops[0].h <= L.nodes.find((x) => x.id === 'S3-4').y);
  const head = L.heads.find((x) => x.id === 'S3');
  assert.ok(head.y < L.nodes.find((x) => x.id === 'S3-1').y);
});

test('plan edge paths: across columns, adjacent and skipping rows', () => {
  const a = { x: 0, y: 0, w: 100, h: 50 };
  assert.equal(edgePath(a, { x: 150, y: 0, w: 100, h: 50 }), 'M100,25 C125,25 125,25 150,25');
  assert.equal(edgePath(a, { x: 0, y: 70, w: 100, h: 50 }), 'M50,50 L50,70');
  assert.match(edgePath(a, { x: 0, y: 300, w: 100, h: 50 }), /^M100,25 C1\d\d/); // bows right
});

test('plan loop labels and clipping', () => {
  assert.equal(loopLabel({ iteration: 2, max_iterations: 3, state: 'running' }), 'Loop: iteration 2 of 3 · running');
  assert.equal(clip('a  b\nc', 10), 'a b c');
  assert.equal(clip('abcdefghij', 5), 'abcd…');
});
