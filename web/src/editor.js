// editor.js - the code editor (CodeMirror 6) with a switchable language.
//
// The editor lives in a shadow root: CodeMirror then installs its styles as
// constructed style sheets (adoptedStyleSheets) instead of <style>
// elements, which the server's Content-Security-Policy (style-src 'self')
// would block.  Page CSS does not reach inside, so the look is set with
// EditorView.theme here; the focus ring is drawn on the host
// (.editor:focus-within in styles.css).  Tab indents (Python needs it);
// Escape then Tab moves focus on, as CodeMirror documents, so the editor
// never traps the keyboard.

import { EditorView, basicSetup } from 'codemirror';
import { Compartment, EditorState } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { indentWithTab } from '@codemirror/commands';
import { python } from '@codemirror/lang-python';
import { cpp } from '@codemirror/lang-cpp';

const LANGS = { python: () => python(), c: () => cpp() };

const theme = EditorView.theme({
  '&': { fontSize: '0.9rem', backgroundColor: '#ffffff', color: '#1f2328' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': {
    fontFamily: "ui-monospace, 'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas, monospace",
    lineHeight: '1.5',
    minHeight: '14rem',
    maxHeight: '32rem',
    overflow: 'auto',
  },
  '.cm-gutters': { backgroundColor: '#f6f8fa', color: '#59636e', borderRight: '1px solid #d1d9e0' },
});

/**
 * Creates an editor in parent (which gets a shadow root).  opts: {doc,
 * lang, label, onChange(text)}.  Returns {view, getText(), setText(text),
 * setLang(lang), focus()}.
 */
export function createEditor(parent, opts) {
  const root = parent.shadowRoot || parent.attachShadow({ mode: 'open' });
  const language = new Compartment();
  const langExt = (l) => (LANGS[l] || LANGS.python)();
  const view = new EditorView({
    root,
    parent: root,
    state: EditorState.create({
      doc: opts.doc || '',
      extensions: [
        basicSetup,
        keymap.of([indentWithTab]),
        theme,
        language.of(langExt(opts.lang)),
        EditorView.contentAttributes.of({ 'aria-label': opts.label || 'Code editor' }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged && opts.onChange) opts.onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    getText: () => view.state.doc.toString(),
    setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    setLang: (l) => view.dispatch({ effects: language.reconfigure(langExt(l)) }),
    focus: () => view.focus(),
  };
}
