// dom.js - tiny DOM helpers for the tutor web UI.
//
// h() builds elements from a tag, an attribute object and children; text
// children become text nodes, so learner, course and LLM text is never
// parsed as HTML.  The only place that sets innerHTML is markdown.js's
// output, which escapes everything it does not itself emit.

/** Creates an element.  attrs: {class, on: {click: fn}, ...attributes};
 *  boolean true sets an empty attribute, false/null/undefined skips it. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'on') {
      for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    } else if (k === 'class') {
      el.className = v;
    } else if (k === 'value' && 'value' in el) {
      el.value = v;
    } else if (k === 'html') {
      el.innerHTML = v; // only for markdown.js output (already escaped)
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

/** Appends children (nodes, strings, numbers, arrays; null skipped). */
export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replaces the children of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

export { escapeHtml } from './escape.js';

let uid = 0;
/** A page-unique id for label/aria wiring. */
export function newId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** A labelled form field: returns {wrap, input}. */
export function field(label, input, help) {
  const id = input.id || newId('f');
  input.id = id;
  const parts = [h('label', { for: id }, label), input];
  if (help) {
    const hid = `${id}-help`;
    input.setAttribute('aria-describedby', hid);
    parts.push(h('p', { class: 'help', id: hid }, help));
  }
  return { wrap: h('div', { class: 'field' }, parts), input };
}

/** An aria-live status line; set(text, kind) updates it. */
export function liveRegion(cls) {
  const el = h('p', { class: `status ${cls || ''}`, role: 'status', 'aria-live': 'polite' });
  el.set = (text, kind) => {
    el.textContent = text || '';
    el.dataset.kind = kind || '';
  };
  return el;
}

/** An error box (role=alert). */
export function errorBox(err) {
  return h('p', { class: 'error', role: 'alert' }, err && err.message ? err.message : String(err));
}
