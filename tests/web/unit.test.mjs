// unit.test.mjs - node:test unit tests of the web UI's pure modules:
// the safe Markdown renderer, the line diff, the time/mastery formatting,
// the topic depth used by the roadmap and the trajectory series.
// Run: node --test tests/web/unit.test.mjs (meson: suite web).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render, inline, safeUrl } from '../../web/src/markdown.js';
import { lineDiff, showValue } from '../../web/src/diff.js';
import { toDate, pct, delta, depths, fmtRelative } from '../../web/src/format.js';

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
