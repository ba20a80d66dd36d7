// format.js - display helpers shared by the pages (pure).

/** A time value from the API (ISO string, Unix seconds or ms) -> Date or null. */
export function toDate(t) {
  if (t === null || t === undefined || t === '') return null;
  if (typeof t === 'number') return new Date(t < 1e12 ? t * 1000 : t);
  const n = Number(t);
  if (!Number.isNaN(n) && /^\d+(\.\d+)?$/.test(String(t))) return toDate(n);
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "3 Nov 2026" (or the raw value when it is not a time). */
export function fmtDate(t) {
  const d = toDate(t);
  if (!d) return t === undefined || t === null ? '' : String(t);
  return d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** "3 Nov 2026, 14:05". */
export function fmtDateTime(t) {
  const d = toDate(t);
  if (!d) return t === undefined || t === null ? '' : String(t);
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** "in 2 days", "3 hours ago" relative to now (ms). */
export function fmtRelative(t, now) {
  const d = toDate(t);
  if (!d) return '';
  const diff = d.getTime() - (now === undefined ? Date.now() : now);
  const abs = Math.abs(diff);
  const units = [
    ['day', 86400000],
    ['hour', 3600000],
    ['minute', 60000],
  ];
  for (const [name, ms] of units) {
    if (abs >= ms) {
      const n = Math.round(abs / ms);
      const s = `${n} ${name}${n === 1 ? '' : 's'}`;
      return diff >= 0 ? `in ${s}` : `${s} ago`;
    }
  }
  return 'now';
}

/** Mastery in [0, 1] -> "42%". */
export function pct(x) {
  if (typeof x !== 'number' || Number.isNaN(x)) return '–';
  return `${Math.round(x * 100)}%`;
}

/** Signed percentage-point change: "+12 pts". */
export function delta(before, after) {
  const d = Math.round((after - before) * 100);
  if (d === 0) return '±0 pts';
  return `${d > 0 ? '+' : '−'}${Math.abs(d)} pts`;
}

export const STATE_LABEL = {
  locked: 'Locked',
  available: 'Available',
  in_progress: 'In progress',
  mastered: 'Mastered',
};

export const STATE_ICON = {
  locked: '⊘',
  available: '○',
  in_progress: '◐',
  mastered: '●',
};

/** Topic depth in the prerequisite DAG: roots 0, else 1 + max over requires.
 *  Unknown prerequisites are ignored; cycles are cut. */
export function depths(topics) {
  const by = new Map(topics.map((t) => [t.id, t]));
  const memo = new Map();
  const visit = (id, stack) => {
    if (memo.has(id)) return memo.get(id);
    if (stack.has(id)) return 0;
    stack.add(id);
    const t = by.get(id);
    let d = 0;
    for (const r of (t && t.requires) || []) if (by.has(r)) d = Math.max(d, visit(r, stack) + 1);
    stack.delete(id);
    memo.set(id, d);
    return d;
  };
  for (const t of topics) visit(t.id, new Set());
  return memo;
}
