// markdown.js - a small, safe Markdown subset to HTML.
//
// For problem statements and tutor answers.  Everything in the input is
// HTML-escaped; the renderer emits only its own tags: headings, paragraphs,
// fenced and indented code, lists, block quotes, pipe tables, inline code,
// strong, emphasis and links (http, https, mailto or relative only; other
// schemes such as javascript: are dropped to plain text).  Raw HTML in the
// input stays visible text.  Not a CommonMark implementation: nesting of
// lists and reference links are not supported.  Pure: no DOM, so it is
// unit-tested under node (tests/web/unit.test.mjs).

import { escapeHtml as esc } from './escape.js';

const MAX_INPUT = 200000; // characters; longer input is cut (statements are small)

/** The URL if it is safe to link, else null. */
export function safeUrl(url) {
  const u = url.trim();
  if (/^(https?:|mailto:)/i.test(u)) return u;
  if (/^[a-z][a-z0-9+.-]*:/i.test(u)) return null; // any other scheme
  if (/^\s*\/\//.test(u)) return null; // protocol-relative
  return u;
}

/** Inline markup of raw text -> HTML.  Code spans are set aside first
 *  (as NUL-delimited placeholders) so emphasis may contain them. */
export function inline(text) {
  const codes = [];
  const raw = String(text)
    .replace(/\u0000/g, '')
    .replace(/(`+)([^`]*?)\1/g, (_, tick, code) => {
      codes.push(`<code>${esc(code)}</code>`);
      return `\u0000${codes.length - 1}\u0000`;
    });
  return inlineText(raw).replace(/\u0000(\d+)\u0000/g, (_, i) => codes[Number(i)]);
}

function inlineText(raw) {
  let out = '';
  const re = /\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  let m;
  while ((m = re.exec(raw)) !== null) {
    out += emphasis(esc(raw.slice(last, m.index)));
    const url = m[2].includes('\u0000') ? null : safeUrl(m[2]);
    if (url === null) out += emphasis(esc(m[1]));
    else out += `<a href="${esc(url)}" rel="noopener noreferrer">${emphasis(esc(m[1]))}</a>`;
    last = re.lastIndex;
  }
  return out + emphasis(esc(raw.slice(last)));
}

// Works on escaped text: * and _ are not touched by escaping.
function emphasis(s) {
  return s
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/__([^_]+)__/g, '<strong>$1</strong>')
    .replace(/(^|[^\w*])\*([^*\s][^*]*?)\*(?!\w)/g, '$1<em>$2</em>')
    .replace(/(^|[^\w])_([^_\s][^_]*?)_(?!\w)/g, '$1<em>$2</em>');
}

function splitRow(line) {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|')) s = s.slice(0, -1);
  return s.split('|').map((c) => c.trim());
}

const isTableSep = (l) => /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/.test(l);
const isBlank = (l) => /^\s*$/.test(l);
const ulItem = /^\s{0,3}[-*+]\s+(.*)$/;
const olItem = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/;

function table(lines, i, out) {
  const head = splitRow(lines[i]);
  let j = i + 2;
  const rows = [];
  while (j < lines.length && lines[j].includes('|') && !isBlank(lines[j])) {
    rows.push(splitRow(lines[j]));
    j += 1;
  }
  const th = head.map((c) => `<th scope="col">${inline(c)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${head.map((_, k) => `<td>${inline(r[k] || '')}</td>`).join('')}</tr>`)
    .join('');
  out.push(`<div class="table-wrap"><table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`);
  return j;
}

function list(lines, i, out) {
  const ordered = olItem.test(lines[i]);
  const re = ordered ? olItem : ulItem;
  const items = [];
  let j = i;
  while (j < lines.length) {
    const m = re.exec(lines[j]);
    if (m) {
      items.push(ordered ? m[2] : m[1]);
    } else if (!isBlank(lines[j]) && /^\s{2,}\S/.test(lines[j]) && items.length) {
      items[items.length - 1] += ' ' + lines[j].trim(); // continuation
    } else {
      break;
    }
    j += 1;
  }
  const lis = items.map((t) => `<li>${inline(t)}</li>`).join('');
  const start = ordered ? Number(olItem.exec(lines[i])[1]) : 1;
  out.push(ordered ? `<ol${start !== 1 ? ` start="${start}"` : ''}>${lis}</ol>` : `<ul>${lis}</ul>`);
  return j;
}

function fenced(lines, i, out) {
  const fence = /^\s*(`{3,}|~{3,})\s*([\w+-]*)/.exec(lines[i]);
  const body = [];
  let j = i + 1;
  while (j < lines.length && !lines[j].trim().startsWith(fence[1])) {
    body.push(lines[j]);
    j += 1;
  }
  const lang = fence[2] ? ` class="language-${esc(fence[2])}"` : '';
  out.push(`<pre><code${lang}>${esc(body.join('\n'))}</code></pre>`);
  return j + 1;
}

function indented(lines, i, out) {
  const body = [];
  let j = i;
  while (j < lines.length && (/^( {4}|\t)/.test(lines[j]) || (isBlank(lines[j]) && j + 1 < lines.length && /^( {4}|\t)/.test(lines[j + 1])))) {
    body.push(lines[j].replace(/^( {4}|\t)/, ''));
    j += 1;
  }
  out.push(`<pre><code>${esc(body.join('\n'))}</code></pre>`);
  return j;
}

function paragraph(lines, i, out) {
  const body = [];
  let j = i;
  while (j < lines.length && !isBlank(lines[j]) && !startsBlock(lines, j)) {
    body.push(lines[j].trim());
    j += 1;
  }
  out.push(`<p>${inline(body.join('\n'))}</p>`);
  return j;
}

function startsBlock(lines, j) {
  const l = lines[j];
  return (
    /^\s{0,3}#{1,6}\s/.test(l) ||
    /^\s*(`{3,}|~{3,})/.test(l) ||
    ulItem.test(l) ||
    olItem.test(l) ||
    /^\s{0,3}>/.test(l) ||
    (l.includes('|') && j + 1 < lines.length && isTableSep(lines[j + 1]))
  );
}

function block(lines, i, out) {
  const l = lines[i];
  const hm = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(l);
  if (hm) {
    // Statement headings sit under the page's h1/h2: shift them down.
    const level = Math.min(6, hm[1].length + 1);
    out.push(`<h${level}>${inline(hm[2])}</h${level}>`);
    return i + 1;
  }
  if (/^\s*(`{3,}|~{3,})/.test(l)) return fenced(lines, i, out);
  if (/^( {4}|\t)/.test(l)) return indented(lines, i, out);
  if (/^\s{0,3}(-{3,}|\*{3,}|_{3,})\s*$/.test(l)) {
    out.push('<hr>');
    return i + 1;
  }
  if (l.includes('|') && i + 1 < lines.length && isTableSep(lines[i + 1])) return table(lines, i, out);
  if (ulItem.test(l) || olItem.test(l)) return list(lines, i, out);
  if (/^\s{0,3}>/.test(l)) {
    const body = [];
    let j = i;
    while (j < lines.length && /^\s{0,3}>/.test(lines[j])) body.push(lines[j++].replace(/^\s{0,3}>\s?/, ''));
    out.push(`<blockquote>${render(body.join('\n'))}</blockquote>`);
    return j;
  }
  return paragraph(lines, i, out);
}

/** Markdown text -> HTML string (safe to assign to innerHTML). */
export function render(md) {
  const lines = String(md || '').slice(0, MAX_INPUT).replace(/\r\n?/g, '\n').split('\n');
  const out = [];
  let i = 0;
  while (i < lines.length) {
    if (isBlank(lines[i])) i += 1;
    else i = block(lines, i, out);
  }
  return out.join('\n');
}
