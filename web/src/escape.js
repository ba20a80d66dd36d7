// escape.js - HTML escaping shared by dom.js and markdown.js (pure).

/** Escapes text for use inside HTML text or a quoted attribute. */
export function escapeHtml(s) {
  return String(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
