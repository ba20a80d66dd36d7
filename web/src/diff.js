// diff.js - a line diff of expected against actual output (pure).
//
// Longest common subsequence over lines; each line comes back tagged
// 'same', 'del' (expected only) or 'add' (actual only).  Inputs longer than
// MAX_LINES lines on either side are compared line by line by position
// instead (quadratic LCS would be too slow there).  Not here: rendering.

export const MAX_LINES = 2000;

/** Turns a case value (string, number, JSON) into display text. */
export function showValue(v) {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v, null, 2);
}

function byPosition(a, b) {
  const out = [];
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    if (i < a.length && i < b.length && a[i] === b[i]) out.push({ op: 'same', text: a[i] });
    else {
      if (i < a.length) out.push({ op: 'del', text: a[i] });
      if (i < b.length) out.push({ op: 'add', text: b[i] });
    }
  }
  return out;
}

/** [{op: 'same'|'del'|'add', text}] turning expected text into actual. */
export function lineDiff(expected, actual) {
  const a = String(expected).split('\n');
  const b = String(actual).split('\n');
  if (a.length > MAX_LINES || b.length > MAX_LINES) return byPosition(a, b);
  const n = a.length;
  const m = b.length;
  // lcs[i][j] = LCS length of a[i..] and b[j..], in one flat array.
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
  }
  const out = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: 'same', text: a[i] });
      i += 1;
      j += 1;
    } else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
      out.push({ op: 'del', text: a[i++] });
    } else {
      out.push({ op: 'add', text: b[j++] });
    }
  }
  while (i < n) out.push({ op: 'del', text: a[i++] });
  while (j < m) out.push({ op: 'add', text: b[j++] });
  return out;
}
