/*
 * review.c - the static source scan shared by the judge's signals and
 * review (scan.h), and the deterministic code review after AC
 * (tu_judge_review, tutor/judge_signals.h).
 *
 * The scan is a bounded, allocation-free pass over the learner's text:
 * a Python tokenizer grouping tokens into logical lines with their
 * indentation, and a C tokenizer tracking braces and parentheses.  Rules
 * look at token patterns only; they are conservative (a rule that is not
 * sure stays silent).  Rules and messages: docs/judge-signals.md.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "tutor/judge_signals.h"
#include "scan.h"

/* ------------------------------------------------------------ helpers */

void tu__copy(char *dst, size_t cap, const char *src, size_t n)
{
	size_t k = 0;

	if (cap == 0)
		return;
	if (src)
		for (; k < n && k + 1 < cap && src[k] != '\0'; k++)
			dst[k] = src[k];
	dst[k] = '\0';
}

void tu__scan_note(struct tu__scan *s, enum tu__note_kind kind, int line,
		   const char *fn, const char *detail, size_t detail_len)
{
	struct tu__note nt;

	memset(&nt, 0, sizeof(nt));
	nt.kind = kind;
	nt.line = line;
	tu__copy(nt.fn, sizeof(nt.fn), fn, fn ? strlen(fn) : 0);
	tu__copy(nt.detail, sizeof(nt.detail), detail, detail_len);
	for (size_t i = 0; i < s->n_notes; i++)
		if (s->notes[i].kind == kind && s->notes[i].line == line &&
		    strcmp(s->notes[i].detail, nt.detail) == 0)
			return;
	if (s->n_notes < TU__SCAN_MAX_NOTES)
		s->notes[s->n_notes++] = nt;
}

int tu__scan_recursive(const struct tu__scan *s, int min_calls,
		       bool unmemoised_only)
{
	for (size_t i = 0; i < s->n_fns; i++) {
		const struct tu__fn *f = &s->fns[i];

		if (f->self_calls >= min_calls && f->self_calls > 0 &&
		    !(unmemoised_only && f->memo))
			return (int)i;
	}
	return -1;
}

/* Length of the line break at s[i] ("\n", "\r\n", "\r"), 0 if none. */
static size_t nl_len(const char *s, size_t len, size_t i)
{
	if (i >= len)
		return 0;
	if (s[i] == '\n')
		return 1;
	if (s[i] == '\r')
		return (i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
	return 0;
}

static bool is_name_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '_' || c >= 0x80;
}

static bool is_name_char(unsigned char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

static bool tok_is(const char *p, size_t n, const char *word)
{
	size_t wn = strlen(word);

	return n == wn && memcmp(p, word, n) == 0;
}

/* True when word is one of the NULL-terminated list. */
static bool tok_in(const char *p, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (tok_is(p, n, *list))
			return true;
	return false;
}

/* Length of the operator at s[i]: the longest of ops (3, 2 chars), else 1. */
static size_t op_len(const char *s, size_t len, size_t i,
		     const char *const *ops)
{
	for (; *ops; ops++) {
		size_t n = strlen(*ops);

		if (i + n <= len && memcmp(s + i, *ops, n) == 0)
			return n;
	}
	return 1;
}

/* ----------------------------------------------------- Python lexer */

enum { PT_NAME = 1, PT_NUM, PT_STR, PT_OP };

struct py_tok {
	const char *p;
	size_t n;
	int line;
	unsigned char kind;
	bool fstr;
};

#define PY_LINE_TOKS 256

/* One logical line: its tokens (at most PY_LINE_TOKS kept) and indent. */
struct py_line {
	struct py_tok t[PY_LINE_TOKS];
	size_t n;
	int indent;
	int line;
	int last_line;
};

struct py_lex {
	const char *s;
	size_t len;
	size_t pos;
	int line;
	int depth;
};

static const char *const py_ops[] = {
	"**=", "//=", ">>=", "<<=", "...", "->", ":=", "==", "!=", "<=", ">=",
	"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "**", "//",
	"<<", ">>", NULL
};

static void py_push(struct py_line *ln, const char *p, size_t n, int line,
		    unsigned char kind, bool fstr)
{
	struct py_tok *t;

	if (ln->n >= PY_LINE_TOKS)
		return;
	t = &ln->t[ln->n++];
	t->p = p;
	t->n = n;
	t->line = line;
	t->kind = kind;
	t->fstr = fstr;
}

/* True when s[i..] starts a triple quote of q. */
static bool py_triple(const struct py_lex *lx, size_t i, char q)
{
	return i + 2 < lx->len && lx->s[i] == q && lx->s[i + 1] == q &&
	       lx->s[i + 2] == q;
}

/* Skips a string literal starting at the quote at lx->pos; an unclosed
 * single-quoted string ends at the line break, a triple-quoted one at EOF. */
static void py_skip_string(struct py_lex *lx)
{
	char q = lx->s[lx->pos];
	bool triple = py_triple(lx, lx->pos, q);
	size_t nl;

	lx->pos += triple ? 3 : 1;
	while (lx->pos < lx->len) {
		if (lx->s[lx->pos] == '\\' && lx->pos + 1 < lx->len) {
			nl = nl_len(lx->s, lx->len, lx->pos + 1);
			lx->line += nl ? 1 : 0;
			lx->pos += 1 + (nl ? nl : 1);
			continue;
		}
		nl = nl_len(lx->s, lx->len, lx->pos);
		if (nl) {
			if (!triple)
				return;
			lx->line++;
			lx->pos += nl;
			continue;
		}
		if (lx->s[lx->pos] == q &&
		    (!triple || py_triple(lx, lx->pos, q))) {
			lx->pos += triple ? 3 : 1;
			return;
		}
		lx->pos++;
	}
}

/* A name, or a string when the name is a string prefix (r, b, f, u, rb...)
 * followed by a quote. */
static void py_name_or_string(struct py_lex *lx, struct py_line *ln)
{
	size_t b = lx->pos, e = b;
	int line = lx->line;
	bool prefix = true, fstr = false;

	while (e < lx->len && is_name_char((unsigned char)lx->s[e])) {
		char c = lx->s[e];

		fstr |= c == 'f' || c == 'F';
		prefix &= strchr("rRbBuUfF", c) != NULL;
		e++;
	}
	if (prefix && e - b <= 2 && e < lx->len &&
	    (lx->s[e] == '\'' || lx->s[e] == '"')) {
		lx->pos = e;
		py_skip_string(lx);
		py_push(ln, lx->s + b, lx->pos - b, line, PT_STR, fstr);
		return;
	}
	lx->pos = e;
	py_push(ln, lx->s + b, e - b, line, PT_NAME, false);
}

static void py_number(struct py_lex *lx, struct py_line *ln)
{
	size_t b = lx->pos, e = b;

	while (e < lx->len && (is_name_char((unsigned char)lx->s[e]) ||
			       lx->s[e] == '.')) {
		if ((lx->s[e] == 'e' || lx->s[e] == 'E') && e + 1 < lx->len &&
		    (lx->s[e + 1] == '+' || lx->s[e + 1] == '-'))
			e++;
		e++;
	}
	lx->pos = e;
	py_push(ln, lx->s + b, e - b, lx->line, PT_NUM, false);
}

static void py_op(struct py_lex *lx, struct py_line *ln)
{
	size_t n = op_len(lx->s, lx->len, lx->pos, py_ops);
	char c = lx->s[lx->pos];

	if (c == '(' || c == '[' || c == '{')
		lx->depth++;
	else if ((c == ')' || c == ']' || c == '}') && lx->depth > 0)
		lx->depth--;
	py_push(ln, lx->s + lx->pos, n, lx->line, PT_OP, false);
	lx->pos += n;
}

/* At the start of a logical line: measures the indentation (tabs to the
 * next multiple of 8).  Returns false after consuming a blank or
 * comment-only line (or at EOF). */
static bool py_indent(struct py_lex *lx, struct py_line *ln)
{
	int col = 0;
	size_t p = lx->pos, nl;

	for (; p < lx->len; p++) {
		if (lx->s[p] == ' ')
			col++;
		else if (lx->s[p] == '\t')
			col = (col / 8 + 1) * 8;
		else if (lx->s[p] == '\f')
			col = 0;
		else
			break;
	}
	if (p < lx->len && lx->s[p] == '#')
		while (p < lx->len && !nl_len(lx->s, lx->len, p))
			p++;
	lx->pos = p;
	if (p >= lx->len)
		return false;
	nl = nl_len(lx->s, lx->len, p);
	if (nl) {
		lx->pos += nl;
		lx->line++;
		return false;
	}
	ln->indent = col;
	ln->line = lx->line;
	return true;
}

/* One lexing step inside a logical line; true when the line ended. */
static bool py_step(struct py_lex *lx, struct py_line *ln)
{
	unsigned char c = (unsigned char)lx->s[lx->pos];
	size_t nl = nl_len(lx->s, lx->len, lx->pos);

	if (nl) {
		ln->last_line = lx->line;
		lx->pos += nl;
		lx->line++;
		return lx->depth == 0;
	}
	if (c == ' ' || c == '\t' || c == '\f') {
		lx->pos++;
	} else if (c == '#') {
		while (lx->pos < lx->len && !nl_len(lx->s, lx->len, lx->pos))
			lx->pos++;
	} else if (c == '\\' && nl_len(lx->s, lx->len, lx->pos + 1)) {
		lx->pos += 1 + nl_len(lx->s, lx->len, lx->pos + 1);
		lx->line++;
	} else if (c == '\'' || c == '"') {
		size_t b = lx->pos;
		int line = lx->line;

		py_skip_string(lx);
		py_push(ln, lx->s + b, lx->pos - b, line, PT_STR, false);
	} else if (is_name_start(c)) {
		py_name_or_string(lx, ln);
	} else if ((c >= '0' && c <= '9') ||
		   (c == '.' && lx->pos + 1 < lx->len &&
		    lx->s[lx->pos + 1] >= '0' && lx->s[lx->pos + 1] <= '9')) {
		py_number(lx, ln);
	} else {
		py_op(lx, ln);
	}
	return false;
}

/* Reads the next non-blank logical line; false at EOF. */
static bool py_read_line(struct py_lex *lx, struct py_line *ln)
{
	bool bol = true;

	ln->n = 0;
	while (lx->pos < lx->len) {
		if (bol) {
			if (!py_indent(lx, ln))
				continue;
			bol = false;
		}
		if (py_step(lx, ln)) {
			if (ln->n > 0)
				return true;
			bol = true;
		}
	}
	ln->last_line = lx->line;
	return ln->n > 0;
}

/* -------------------------------------------------- Python analysis */

#define PY_NAMES 128
#define PY_BLOCKS 32
#define PY_FNCTX 9
#define PY_COND 4
#define PY_INLINE 8

enum {
	NF_ASSIGNED = 1, NF_READ = 2, NF_PARAM = 4, NF_NOREPORT = 8,
	NF_LIST = 16, NF_SUBSTORE = 32, NF_LOOKUP = 64, NF_MUTDEF = 128
};

struct py_name {
	const char *p;
	size_t n;
	unsigned flags;
	int line;
};

/* The names of one function being scanned (fx[0] is the module). */
struct py_fnctx {
	int fn;			/* index in out->fns, -1 for the module */
	struct py_name names[PY_NAMES];
	size_t n_names;
	bool dynamic;		/* locals()/vars()/eval/exec: no unused rule */
};

enum { PB_DEF = 0, PB_FOR, PB_WHILE };

struct py_block {
	int kind;
	int indent;
	int line;
	int last_line;		/* PB_DEF: last body line so far */
	int fx;			/* PB_DEF: its fnctx, -1 if none */
	char key[TU__SCAN_NAME];	/* PB_FOR: the input it walks */
	const char *cond[PY_COND];	/* PB_WHILE: names in the condition */
	size_t cond_n[PY_COND];
	int n_cond;
	bool cond_call;		/* condition calls something: not judged */
	bool updated;		/* a condition name may change in the body */
	bool exits;		/* break/return/raise/yield in the body */
};

struct py_ctx {
	struct tu__scan *out;
	struct py_line ln;
	struct py_block blocks[PY_BLOCKS];
	size_t n_blocks;
	struct py_fnctx fx[PY_FNCTX];
	size_t n_fx;
	bool pending_memo;	/* a cache decorator precedes the next def */
};

static const char *const py_keywords[] = {
	"False", "None", "True", "and", "as", "assert", "async", "await",
	"break", "class", "continue", "def", "del", "elif", "else", "except",
	"finally", "for", "from", "global", "if", "import", "in", "is",
	"lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
	"while", "with", "yield", NULL
};

/* Calls that cannot change a loop condition's variables. */
static const char *const py_pure_calls[] = {
	"print", "len", "range", "int", "str", "float", "abs", "min", "max",
	"sum", "sorted", "list", "dict", "set", "tuple", "isinstance",
	"enumerate", "zip", "map", "filter", "any", "all", "round", "ord",
	"chr", "repr", "bool", "reversed", "type", NULL
};

static const struct py_tok *pt(const struct py_ctx *c, size_t i)
{
	return &c->ln.t[i];
}

static bool pt_is(const struct py_ctx *c, size_t i, size_t b,
		  const char *s)
{
	return i < b && tok_is(pt(c, i)->p, pt(c, i)->n, s) &&
	       pt(c, i)->kind != PT_STR;
}

static bool pt_ident(const struct py_ctx *c, size_t i, size_t b)
{
	return i < b && pt(c, i)->kind == PT_NAME &&
	       !tok_in(pt(c, i)->p, pt(c, i)->n, py_keywords);
}

static int pt_open(const struct py_tok *t)
{
	if (t->kind != PT_OP || t->n != 1)
		return 0;
	if (strchr("([{", t->p[0]))
		return 1;
	return strchr(")]}", t->p[0]) ? -1 : 0;
}

/* First token in [a, b) at bracket depth 0 equal to s, or b. */
static size_t pt_find(const struct py_ctx *c, size_t a, size_t b,
		      const char *s)
{
	int d = 0;

	for (size_t i = a; i < b; i++) {
		if (d == 0 && pt_is(c, i, b, s))
			return i;
		d += pt_open(pt(c, i));
		if (d < 0)
			return b;
	}
	return b;
}

/* Index of the bracket closing the one at i, or b. */
static size_t pt_match(const struct py_ctx *c, size_t i, size_t b)
{
	int d = 0;

	for (; i < b; i++) {
		d += pt_open(pt(c, i));
		if (d == 0)
			return i;
	}
	return b;
}

static struct py_fnctx *py_top(struct py_ctx *c)
{
	return &c->fx[c->n_fx - 1];
}

static int py_cur_fn(const struct py_ctx *c)
{
	return c->n_fx > 1 ? c->fx[c->n_fx - 1].fn : -1;
}

static const char *py_cur_fn_name(const struct py_ctx *c)
{
	int fn = py_cur_fn(c);

	return fn >= 0 ? c->out->fns[fn].name : "";
}

static struct py_name *py_find(struct py_fnctx *f, const struct py_tok *t)
{
	for (size_t i = 0; i < f->n_names; i++)
		if (f->names[i].n == t->n &&
		    memcmp(f->names[i].p, t->p, t->n) == 0)
			return &f->names[i];
	return NULL;
}

/* The entry for t in f, created when missing (NULL when f is full). */
static struct py_name *py_entry(struct py_fnctx *f, const struct py_tok *t)
{
	struct py_name *e = py_find(f, t);

	if (e || f->n_names >= PY_NAMES)
		return e;
	e = &f->names[f->n_names++];
	e->p = t->p;
	e->n = t->n;
	e->flags = 0;
	e->line = 0;
	return e;
}

/* Sets flags on t in the current function (and, for reads, in every
 * enclosing one: closures read their parents' names). */
static void py_flag(struct py_ctx *c, const struct py_tok *t, unsigned fl)
{
	struct py_name *e = py_entry(py_top(c), t);

	if (e) {
		e->flags |= fl;
		if ((fl & NF_ASSIGNED) && e->line == 0)
			e->line = t->line;
	}
	if (fl & NF_READ)
		for (size_t i = 1; i + 1 < c->n_fx; i++) {
			e = py_entry(&c->fx[i], t);
			if (e)
				e->flags |= NF_READ;
		}
}

/* Does the innermost binding of t say it holds a list? */
static bool py_is_list(struct py_ctx *c, const struct py_tok *t)
{
	for (size_t i = c->n_fx; i-- > 0;) {
		struct py_name *e = py_find(&c->fx[i], t);

		if (e && (e->flags & (NF_ASSIGNED | NF_PARAM)))
			return (e->flags & NF_LIST) != 0;
	}
	return false;
}

/* The open blocks of the current function, innermost first: calls fn
 * for each until a def block.  Returns the def block's index or -1. */
static struct py_block *py_inner_loop(struct py_ctx *c, size_t k)
{
	size_t seen = 0;

	for (size_t i = c->n_blocks; i-- > 0;) {
		if (c->blocks[i].kind == PB_DEF)
			return NULL;
		if (seen++ == k)
			return &c->blocks[i];
	}
	return NULL;
}

/* A name in the body may change the variables of enclosing while
 * conditions. */
static void py_update(struct py_ctx *c, const struct py_tok *t)
{
	struct py_block *b;

	for (size_t k = 0; (b = py_inner_loop(c, k)) != NULL; k++) {
		if (b->kind != PB_WHILE)
			continue;
		for (int j = 0; j < b->n_cond; j++)
			if (b->cond_n[j] == t->n &&
			    memcmp(b->cond[j], t->p, t->n) == 0)
				b->updated = true;
	}
}

/* return/raise/yield leave every loop of the function; break only the
 * innermost. */
static void py_exit_loops(struct py_ctx *c, bool innermost_only)
{
	struct py_block *b;

	for (size_t k = 0; (b = py_inner_loop(c, k)) != NULL; k++) {
		b->exits = true;
		if (innermost_only)
			return;
	}
}

/* A call in a loop body may change globals in a while condition. */
static void py_call_in_body(struct py_ctx *c, const struct py_tok *t)
{
	struct py_block *b;

	if (tok_in(t->p, t->n, py_pure_calls))
		return;
	for (size_t k = 0; (b = py_inner_loop(c, k)) != NULL; k++)
		if (b->kind == PB_WHILE && b->n_cond > 0)
			b->updated = true;
}

static bool py_in_loop(struct py_ctx *c)
{
	return py_inner_loop(c, 0) != NULL;
}

/* The input a for-iterable [a, b) walks: X for "X", "X[..]", "a.b",
 * "enumerate(X)", "reversed(X)", "range(.. len(X) ..)"; "" otherwise. */
static void py_key(const struct py_ctx *c, size_t a, size_t b, char *key,
		   size_t cap)
{
	size_t e;

	key[0] = '\0';
	if (a >= b)
		return;
	if (pt_ident(c, a, b) && pt_is(c, a + 1, b, "(")) {
		size_t close = pt_match(c, a + 1, b);

		if (pt_is(c, a, b, "enumerate") || pt_is(c, a, b, "reversed")) {
			py_key(c, a + 2, close, key, cap);
			return;
		}
		if (!pt_is(c, a, b, "range"))
			return;
		for (size_t i = a + 2; i + 3 < close; i++)
			if (pt_is(c, i, b, "len") && pt_is(c, i + 1, b, "(") &&
			    pt_ident(c, i + 2, b) && pt_is(c, i + 3, b, ")"))
				tu__copy(key, cap, pt(c, i + 2)->p,
					 pt(c, i + 2)->n);
		return;
	}
	if (!pt_ident(c, a, b))
		return;
	e = a + 1;
	while (e + 1 < b && pt_is(c, e, b, ".") && pt_ident(c, e + 1, b))
		e += 2;
	if (e < b && !(pt_is(c, e, b, "[") && pt_match(c, e, b) == b - 1))
		return;
	tu__copy(key, cap, pt(c, a)->p,
		 (size_t)(pt(c, e - 1)->p + pt(c, e - 1)->n - pt(c, a)->p));
}

/* Is key walked by an open loop of the current function? */
static bool py_key_open(struct py_ctx *c, const char *key)
{
	struct py_block *b;

	if (!key[0])
		return false;
	for (size_t k = 0; (b = py_inner_loop(c, k)) != NULL; k++)
		if (b->kind == PB_FOR && strcmp(b->key, key) == 0)
			return true;
	return false;
}

static void py_note(struct py_ctx *c, enum tu__note_kind kind, int line,
		    const char *detail)
{
	tu__scan_note(c->out, kind, line, py_cur_fn_name(c), detail,
		      strlen(detail));
}

static void py_stmt(struct py_ctx *c, size_t a, size_t b);

static void py_self_call(struct py_ctx *c, const struct py_tok *t)
{
	int fn = py_cur_fn(c);
	struct tu__fn *f;

	if (fn < 0)
		return;
	f = &c->out->fns[fn];
	if (!tok_is(t->p, t->n, f->name))
		return;
	f->self_calls++;
	if (f->self_call_line == 0)
		f->self_call_line = t->line;
}

/* Names inside the {...} fields of an f-string are reads. */
static void py_fstring(struct py_ctx *c, const struct py_tok *t)
{
	int d = 0;

	for (size_t i = 0; i < t->n; i++) {
		char ch = t->p[i];
		struct py_tok w;

		if (ch == '{' || ch == '}') {
			d += ch == '{' ? 1 : -1;
			d = d < 0 ? 0 : d;
			continue;
		}
		if (d == 0 || !is_name_start((unsigned char)ch) ||
		    (i > 0 && (is_name_char((unsigned char)t->p[i - 1]) ||
			       t->p[i - 1] == '.')))
			continue;
		w = *t;
		w.p = t->p + i;
		for (w.n = 0; i + w.n < t->n &&
			      is_name_char((unsigned char)t->p[i + w.n]); w.n++)
			;
		w.kind = PT_NAME;
		if (!tok_in(w.p, w.n, py_keywords))
			py_flag(c, &w, NF_READ);
	}
}

struct py_inl {
	int depth;
	char key[TU__SCAN_NAME];
};

/* The "in" of a comprehension at token i: records the inline loop and
 * checks it against the loops around it. */
static void py_inline_for(struct py_ctx *c, size_t i, size_t b, int depth,
			  struct py_inl *inl, size_t *n_inl)
{
	size_t j = i + 1;
	int d = 0;
	char key[TU__SCAN_NAME];

	for (; j < b; j++) {
		d += pt_open(pt(c, j));
		if (d < 0 || (d == 0 && (pt_is(c, j, b, "for") ||
					 pt_is(c, j, b, "if"))))
			break;
	}
	py_key(c, i + 1, j, key, sizeof(key));
	if (key[0]) {
		bool nested = py_key_open(c, key);

		for (size_t k = 0; k < *n_inl; k++)
			nested |= strcmp(inl[k].key, key) == 0;
		if (nested)
			py_note(c, TU__NOTE_NESTED_LOOP, pt(c, i)->line, key);
	}
	if (*n_inl < PY_INLINE) {
		inl[*n_inl].depth = depth;
		memcpy(inl[*n_inl].key, key, sizeof(key));
		(*n_inl)++;
	}
}

/* "x in NAME" outside a for header: a membership test. */
static void py_membership(struct py_ctx *c, size_t i, size_t b, bool looped)
{
	const struct py_tok *t;
	char name[TU__SCAN_NAME];

	if (!pt_ident(c, i + 1, b) || pt_is(c, i + 2, b, ".") ||
	    pt_is(c, i + 2, b, "(") || pt_is(c, i + 2, b, "["))
		return;
	t = pt(c, i + 1);
	py_flag(c, t, NF_LOOKUP);
	if (!looped || !py_is_list(c, t))
		return;
	tu__copy(name, sizeof(name), t->p, t->n);
	py_note(c, TU__NOTE_MEMBERSHIP, t->line, name);
}

/* A name token in an expression: self-calls, reads, possible updates. */
static void py_name(struct py_ctx *c, size_t i, size_t a, size_t b,
		    int depth)
{
	const struct py_tok *t = pt(c, i);
	bool call = pt_is(c, i + 1, b, "(");

	if (i > a && pt_is(c, i - 1, b, ".")) {
		if (call && i >= a + 2 && pt_is(c, i - 2, b, "self"))
			py_self_call(c, t);
		return;
	}
	if (call) {
		py_self_call(c, t);
		py_call_in_body(c, t);
		if (pt_is(c, i, b, "exit") || pt_is(c, i, b, "quit"))
			py_exit_loops(c, false);
	}
	if (pt_is(c, i, b, "locals") || pt_is(c, i, b, "vars") ||
	    pt_is(c, i, b, "eval") || pt_is(c, i, b, "exec"))
		py_top(c)->dynamic = true;
	if (pt_is(c, i + 1, b, ":=")) {
		py_flag(c, t, NF_ASSIGNED | NF_NOREPORT);
		py_update(c, t);
		return;
	}
	py_flag(c, t, NF_READ);
	if (pt_is(c, i + 1, b, ".")) {
		py_update(c, t);
		if (pt_is(c, i + 2, b, "append") || pt_is(c, i + 2, b, "extend") ||
		    pt_is(c, i + 2, b, "insert"))
			py_flag(c, t, NF_LIST);
		if (pt_is(c, i + 2, b, "get"))
			py_flag(c, t, NF_LOOKUP);
	}
	if (depth > 0 && i > a &&
	    (pt_is(c, i - 1, b, "(") || pt_is(c, i - 1, b, ",")))
		py_update(c, t);
}

/* Reads and rules over an expression [a, b). */
static void py_expr(struct py_ctx *c, size_t a, size_t b)
{
	struct py_inl inl[PY_INLINE];
	size_t n_inl = 0;
	int depth = 0, for_depth = -1;

	for (size_t i = a; i < b; i++) {
		const struct py_tok *t = pt(c, i);
		int o = pt_open(t);

		if (o) {
			depth += o;
			while (n_inl > 0 && inl[n_inl - 1].depth > depth)
				n_inl--;
		} else if (t->kind == PT_STR && t->fstr) {
			py_fstring(c, t);
		} else if (pt_is(c, i, b, "for")) {
			for_depth = depth;
		} else if (pt_is(c, i, b, "in") && for_depth == depth) {
			py_inline_for(c, i, b, depth, inl, &n_inl);
			for_depth = -1;
		} else if (pt_is(c, i, b, "in")) {
			py_membership(c, i, b, n_inl > 0 || py_in_loop(c));
		} else if (pt_is(c, i, b, "yield")) {
			py_exit_loops(c, false);
		} else if (pt_ident(c, i, b)) {
			py_name(c, i, a, b, depth);
		}
	}
}

/* Does the value [a, b) make a list? */
static bool py_value_is_list(const struct py_ctx *c, size_t a, size_t b)
{
	if (pt_is(c, a, b, "["))
		return true;
	if ((pt_is(c, a, b, "list") || pt_is(c, a, b, "sorted")) &&
	    pt_is(c, a + 1, b, "("))
		return true;
	return pt_ident(c, a, b) && pt_is(c, a + 1, b, ".") &&
	       pt_is(c, a + 2, b, "split") && pt_is(c, a + 3, b, "(");
}

/* Names bound by a tuple/list target, each alone between separators. */
static void py_tuple_target(struct py_ctx *c, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++) {
		bool alone = (i == a || pt_is(c, i - 1, b, ",") ||
			      pt_is(c, i - 1, b, "(") ||
			      pt_is(c, i - 1, b, "[") ||
			      pt_is(c, i - 1, b, "*")) &&
			     (i + 1 == b || pt_is(c, i + 1, b, ",") ||
			      pt_is(c, i + 1, b, ")") ||
			      pt_is(c, i + 1, b, "]"));

		if (!pt_ident(c, i, b))
			continue;
		if (alone) {
			py_flag(c, pt(c, i), NF_ASSIGNED | NF_NOREPORT);
			py_update(c, pt(c, i));
		} else {
			py_flag(c, pt(c, i), NF_READ);
		}
	}
}

/* One assignment target [a, b) with value [va, vb); aug for "+=" etc. */
static void py_target(struct py_ctx *c, size_t a, size_t b, size_t va,
		      size_t vb, bool aug)
{
	const struct py_tok *t = pt(c, a);
	struct py_name *e;

	if (b == a + 1 && pt_ident(c, a, b)) {
		py_flag(c, t, NF_ASSIGNED | (aug ? NF_READ : 0u));
		py_update(c, t);
		e = py_find(py_top(c), t);
		if (e && !aug && py_value_is_list(c, va, vb))
			e->flags |= NF_LIST;
		else if (e && !aug)
			e->flags &= ~(unsigned)NF_LIST;
		return;
	}
	if (pt_ident(c, a, b) && pt_is(c, a + 1, b, "[")) {
		py_flag(c, t, NF_READ | NF_SUBSTORE);
		py_update(c, t);
		py_expr(c, a + 1, b);
		return;
	}
	if (pt_ident(c, a, b) && pt_is(c, a + 1, b, ".")) {
		py_update(c, t);
		py_expr(c, a, b);
		return;
	}
	if (pt_find(c, a, b, ",") < b || pt_is(c, a, b, "(") ||
	    pt_is(c, a, b, "[")) {
		py_tuple_target(c, a, b);
		return;
	}
	py_expr(c, a, b);
}

static const char *const py_aug_ops[] = {
	"+=", "-=", "*=", "/=", "//=", "%=", "**=", ">>=", "<<=", "&=", "|=",
	"^=", "@=", NULL
};

/* An assignment statement (plain, chained, annotated or augmented), or
 * a bare expression. */
static void py_assignment(struct py_ctx *c, size_t a, size_t b)
{
	size_t last = b, s = a;
	int d = 0;

	for (size_t i = a; i < b; i++) {
		if (d == 0 && pt(c, i)->kind == PT_OP &&
		    tok_in(pt(c, i)->p, pt(c, i)->n, py_aug_ops)) {
			py_target(c, a, i, i + 1, b, true);
			py_expr(c, i + 1, b);
			return;
		}
		d += pt_open(pt(c, i));
	}
	for (size_t e = pt_find(c, a, b, "="); e < b;
	     e = pt_find(c, e + 1, b, "="))
		last = e;
	if (last == b) {
		py_expr(c, a, b);
		return;
	}
	for (size_t e = pt_find(c, a, b, "="); e <= last;
	     e = pt_find(c, e + 1, b, "=")) {
		size_t colon = pt_find(c, s, e, ":");

		py_target(c, s, colon, last + 1, b, false);
		s = e + 1;
		if (e == last)
			break;
	}
	py_expr(c, last + 1, b);
}

/* One simple statement [a, b). */
static void py_simple(struct py_ctx *c, size_t a, size_t b)
{
	if (a >= b)
		return;
	if (pt_is(c, a, b, "global") || pt_is(c, a, b, "nonlocal") ||
	    pt_is(c, a, b, "del")) {
		for (size_t i = a + 1; i < b; i++)
			if (pt_ident(c, i, b)) {
				py_flag(c, pt(c, i), NF_READ);
				py_update(c, pt(c, i));
			}
		return;
	}
	if (pt_is(c, a, b, "import") || pt_is(c, a, b, "from"))
		return;
	if (pt_is(c, a, b, "break")) {
		py_exit_loops(c, true);
		return;
	}
	if (pt_is(c, a, b, "return") || pt_is(c, a, b, "raise")) {
		py_exit_loops(c, false);
		py_expr(c, a + 1, b);
		return;
	}
	py_assignment(c, a, b);
}

static const char *const py_mutable_ctors[] = {
	"list", "dict", "set", "bytearray", "defaultdict", "deque",
	"OrderedDict", "Counter", NULL
};

/* One parameter [a, b) of the def being entered. */
static void py_param(struct py_ctx *c, size_t a, size_t b)
{
	unsigned fl = NF_PARAM;
	size_t colon, eq;

	while (a < b && (pt_is(c, a, b, "*") || pt_is(c, a, b, "**") ||
			 pt_is(c, a, b, "/")))
		a++;
	if (!pt_ident(c, a, b))
		return;
	colon = pt_find(c, a + 1, b, ":");
	eq = pt_find(c, a + 1, b, "=");
	if (colon + 1 < b && (pt_is(c, colon + 1, b, "list") ||
			      pt_is(c, colon + 1, b, "List")))
		fl |= NF_LIST;
	if (eq + 1 < b &&
	    (pt_is(c, eq + 1, b, "[") || pt_is(c, eq + 1, b, "{") ||
	     (pt(c, eq + 1)->kind == PT_NAME &&
	      tok_in(pt(c, eq + 1)->p, pt(c, eq + 1)->n, py_mutable_ctors) &&
	      pt_is(c, eq + 2, b, "("))))
		fl |= NF_MUTDEF;
	py_flag(c, pt(c, a), fl);
}

static struct py_block *py_push_block(struct py_ctx *c, int kind)
{
	struct py_block *bl;

	if (c->n_blocks >= PY_BLOCKS)
		return NULL;
	bl = &c->blocks[c->n_blocks++];
	memset(bl, 0, sizeof(*bl));
	bl->kind = kind;
	bl->indent = c->ln.indent;
	bl->line = c->ln.line;
	bl->last_line = c->ln.last_line;
	bl->fx = -1;
	return bl;
}

/* "def NAME(params) [-> T]: [body]" at a. */
static void py_def(struct py_ctx *c, size_t a, size_t b)
{
	size_t close, colon;
	struct py_block *bl;
	struct tu__scan *o = c->out;
	int fn = -1;

	if (!pt_ident(c, a + 1, b) || !pt_is(c, a + 2, b, "(")) {
		py_expr(c, a + 1, b);
		return;
	}
	close = pt_match(c, a + 2, b);
	colon = pt_find(c, close, b, ":");
	if (o->n_fns < TU__SCAN_MAX_FNS) {
		struct tu__fn *f = &o->fns[o->n_fns];

		memset(f, 0, sizeof(*f));
		tu__copy(f->name, sizeof(f->name), pt(c, a + 1)->p,
			 pt(c, a + 1)->n);
		f->line = pt(c, a)->line;
		f->end_line = c->ln.last_line;
		f->memo = c->pending_memo;
		fn = (int)o->n_fns++;
	}
	c->pending_memo = false;
	bl = py_push_block(c, PB_DEF);
	if (bl && c->n_fx < PY_FNCTX) {
		struct py_fnctx *f = &c->fx[c->n_fx];

		f->fn = fn;
		f->n_names = 0;
		f->dynamic = false;
		bl->fx = (int)c->n_fx++;
		for (size_t s = a + 3, e; s < close; s = e + 1) {
			e = pt_find(c, s, close, ",");
			py_param(c, s, e);
		}
	}
	if (colon + 1 < b)
		py_stmt(c, colon + 1, b);
}

/* "for TARGETS in ITER: [body]" at a. */
static void py_for(struct py_ctx *c, size_t a, size_t b)
{
	size_t k = pt_find(c, a + 1, b, "in"), colon;
	char key[TU__SCAN_NAME];
	struct py_block *bl;

	for (size_t i = a + 1; i < k; i++)
		if (pt_ident(c, i, b)) {
			py_flag(c, pt(c, i), NF_ASSIGNED | NF_NOREPORT);
			py_update(c, pt(c, i));
		}
	colon = k < b ? pt_find(c, k + 1, b, ":") : b;
	py_key(c, k + 1, colon, key, sizeof(key));
	if (py_key_open(c, key))
		py_note(c, TU__NOTE_NESTED_LOOP, pt(c, a)->line, key);
	if (k < b)
		py_expr(c, k + 1, colon);
	bl = py_push_block(c, PB_FOR);
	if (bl)
		memcpy(bl->key, key, sizeof(key));
	if (colon + 1 < b)
		py_stmt(c, colon + 1, b);
}

/* "while COND: [body]" at a. */
static void py_while(struct py_ctx *c, size_t a, size_t b)
{
	size_t colon = pt_find(c, a + 1, b, ":");
	struct py_block nb;

	memset(&nb, 0, sizeof(nb));
	for (size_t i = a + 1; i < colon; i++) {
		if (!pt_ident(c, i, b) || pt_is(c, i - 1, b, "."))
			continue;
		if (pt_is(c, i + 1, b, "(")) {
			nb.cond_call |= !pt_is(c, i, b, "len");
		} else if (nb.n_cond < PY_COND) {
			nb.cond[nb.n_cond] = pt(c, i)->p;
			nb.cond_n[nb.n_cond++] = pt(c, i)->n;
		} else {
			nb.cond_call = true;
		}
	}
	py_expr(c, a + 1, colon);
	{
		struct py_block *bl = py_push_block(c, PB_WHILE);

		if (bl) {
			memcpy(bl->cond, nb.cond, sizeof(nb.cond));
			memcpy(bl->cond_n, nb.cond_n, sizeof(nb.cond_n));
			bl->n_cond = nb.n_cond;
			bl->cond_call = nb.cond_call;
		}
	}
	if (colon + 1 < b)
		py_stmt(c, colon + 1, b);
}

static const char *const py_headers[] = {
	"if", "elif", "else", "try", "except", "finally", "with", "class",
	NULL
};

/* A statement [a, b): compound header (with its body when on the same
 * line), decorator, or simple statements separated by ';'. */
static void py_stmt(struct py_ctx *c, size_t a, size_t b)
{
	if (a >= b)
		return;
	if (pt_is(c, a, b, "async"))
		a++;
	if (pt_is(c, a, b, "@")) {
		for (size_t i = a + 1; i < b; i++)
			if (pt(c, i)->kind == PT_NAME &&
			    (memmem(pt(c, i)->p, pt(c, i)->n, "cache", 5) ||
			     memmem(pt(c, i)->p, pt(c, i)->n, "memo", 4)))
				c->pending_memo = true;
		py_expr(c, a + 1, b);
	} else if (pt_is(c, a, b, "def")) {
		py_def(c, a, b);
	} else if (pt_is(c, a, b, "for")) {
		py_for(c, a, b);
	} else if (pt_is(c, a, b, "while")) {
		py_while(c, a, b);
	} else if (pt(c, a)->kind == PT_NAME &&
		   tok_in(pt(c, a)->p, pt(c, a)->n, py_headers)) {
		size_t colon = pt_find(c, a + 1, b, ":");

		if (!pt_is(c, a, b, "class"))
			py_expr(c, a + 1, colon);
		if (colon < b)
			py_stmt(c, colon + 1, b);
	} else {
		for (size_t s = a, e; s < b; s = e + 1) {
			e = pt_find(c, s, b, ";");
			py_simple(c, s, e);
		}
	}
}

/* Closes the function of def block bl: extent, memo, unused names,
 * mutable defaults. */
static void py_close_fn(struct py_ctx *c, const struct py_block *bl)
{
	struct py_fnctx *f = py_top(c);

	for (size_t i = 0; i < f->n_names; i++) {
		struct py_name *e = &f->names[i];
		unsigned memo = NF_SUBSTORE | NF_LOOKUP;

		if (f->fn >= 0 && (e->flags & memo) == memo)
			c->out->fns[f->fn].memo = true;
		if ((e->flags & NF_MUTDEF) && (e->flags & memo) != memo)
			tu__scan_note(c->out, TU__NOTE_MUTABLE_DEFAULT,
				      bl->line, py_cur_fn_name(c), e->p, e->n);
		if ((e->flags & NF_ASSIGNED) && !f->dynamic &&
		    !(e->flags & (NF_READ | NF_PARAM | NF_NOREPORT)) &&
		    e->p[0] != '_')
			tu__scan_note(c->out, TU__NOTE_UNUSED, e->line,
				      py_cur_fn_name(c), e->p, e->n);
	}
	if (f->fn >= 0)
		c->out->fns[f->fn].end_line = bl->last_line;
	c->n_fx--;
}

/* A while loop whose condition cannot change and that has no way out. */
static void py_close_while(struct py_ctx *c, const struct py_block *bl)
{
	char names[64] = "";
	size_t used = 0;

	if (bl->exits || bl->cond_call || bl->updated)
		return;
	for (int j = 0; j < bl->n_cond && used + bl->cond_n[j] + 3 < 64; j++) {
		if (used)
			names[used++] = ',';
		memcpy(names + used, bl->cond[j], bl->cond_n[j]);
		used += bl->cond_n[j];
		names[used] = '\0';
	}
	py_note(c, TU__NOTE_INFINITE_LOOP, bl->line,
		bl->n_cond ? names : "True");
}

static void py_pop(struct py_ctx *c)
{
	struct py_block bl = c->blocks[--c->n_blocks];

	if (bl.kind == PB_WHILE)
		py_close_while(c, &bl);
	else if (bl.kind == PB_DEF && bl.fx >= 0)
		py_close_fn(c, &bl);
}

void tu__scan_python(const char *src, size_t len, struct tu__scan *out)
{
	struct py_ctx c;
	struct py_lex lx = { src, len, 0, 1, 0 };

	memset(&c, 0, sizeof(c));
	c.out = out;
	c.fx[0].fn = -1;
	c.n_fx = 1;
	while (py_read_line(&lx, &c.ln)) {
		while (c.n_blocks > 0 &&
		       c.blocks[c.n_blocks - 1].indent >= c.ln.indent)
			py_pop(&c);
		py_stmt(&c, 0, c.ln.n);
		for (size_t i = 0; i < c.n_blocks; i++)
			if (c.blocks[i].kind == PB_DEF)
				c.blocks[i].last_line = c.ln.last_line;
	}
	while (c.n_blocks > 0)
		py_pop(&c);
	out->n_lines = lx.line;
}

/* ---------------------------------------------------------- C lexer */

enum { CT_NAME = 1, CT_NUM, CT_STR, CT_OP };

struct c_tok {
	const char *p;
	size_t n;
	int line;
	unsigned char kind;
};

struct c_lex {
	const char *s;
	size_t len;
	size_t pos;
	int line;
	bool bol;		/* only blanks since the last line break */
};

static const char *const c_ops[] = {
	"<<=", ">>=", "...", "->", "++", "--", "<<", ">>", "<=", ">=", "==",
	"!=", "&&", "||", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
	"##", NULL
};

/* Skips to the end of the line (honouring backslash continuations). */
static void c_skip_line(struct c_lex *lx)
{
	while (lx->pos < lx->len) {
		size_t nl = nl_len(lx->s, lx->len, lx->pos);

		if (nl)
			return;
		if (lx->s[lx->pos] == '\\' &&
		    nl_len(lx->s, lx->len, lx->pos + 1)) {
			lx->pos += 1 + nl_len(lx->s, lx->len, lx->pos + 1);
			lx->line++;
			continue;
		}
		lx->pos++;
	}
}

/* Skips blanks, line breaks, comments and preprocessor lines; false at
 * EOF. */
static bool c_skip_space(struct c_lex *lx)
{
	while (lx->pos < lx->len) {
		const char *s = lx->s + lx->pos;
		size_t nl = nl_len(lx->s, lx->len, lx->pos);

		if (nl) {
			lx->pos += nl;
			lx->line++;
			lx->bol = true;
		} else if (*s == ' ' || *s == '\t' || *s == '\f' ||
			   *s == '\v') {
			lx->pos++;
		} else if (*s == '/' && lx->pos + 1 < lx->len && s[1] == '/') {
			c_skip_line(lx);
		} else if (*s == '/' && lx->pos + 1 < lx->len && s[1] == '*') {
			for (lx->pos += 2; lx->pos < lx->len; lx->pos++) {
				if (lx->s[lx->pos] == '\n')
					lx->line++;
				if (lx->s[lx->pos] == '*' &&
				    lx->pos + 1 < lx->len &&
				    lx->s[lx->pos + 1] == '/')
					break;
			}
			lx->pos = lx->pos + 2 < lx->len ? lx->pos + 2 : lx->len;
		} else if (*s == '#' && lx->bol) {
			c_skip_line(lx);
		} else {
			return true;
		}
	}
	return false;
}

/* String or character literal at the quote; ends at the line break when
 * unterminated. */
static void c_skip_quoted(struct c_lex *lx)
{
	char q = lx->s[lx->pos++];

	while (lx->pos < lx->len && !nl_len(lx->s, lx->len, lx->pos)) {
		char ch = lx->s[lx->pos++];

		if (ch == '\\' && lx->pos < lx->len &&
		    !nl_len(lx->s, lx->len, lx->pos))
			lx->pos++;
		else if (ch == q)
			return;
	}
}

static bool c_next(struct c_lex *lx, struct c_tok *t)
{
	unsigned char ch;
	size_t b;

	if (!c_skip_space(lx))
		return false;
	lx->bol = false;
	b = lx->pos;
	ch = (unsigned char)lx->s[b];
	t->line = lx->line;
	if (ch == '"' || ch == '\'') {
		c_skip_quoted(lx);
		t->kind = CT_STR;
	} else if (is_name_start(ch) || (ch >= '0' && ch <= '9')) {
		while (lx->pos < lx->len &&
		       (is_name_char((unsigned char)lx->s[lx->pos]) ||
			(ch <= '9' && lx->s[lx->pos] == '.')))
			lx->pos++;
		t->kind = ch <= '9' ? CT_NUM : CT_NAME;
	} else {
		lx->pos += op_len(lx->s, lx->len, lx->pos, c_ops);
		t->kind = CT_OP;
	}
	t->p = lx->s + b;
	t->n = lx->pos - b;
	return true;
}

/* ------------------------------------------------------- C analysis */

#define C_RING 8
#define C_PARENS 32
#define C_LOOPS 16
#define C_ALLOCS 16
#define C_MEMO 8
#define C_COND 4

struct c_loop {
	int depth;		/* braced: body depth; else statement depth */
	bool braced;
	bool is_while;
	bool const_true;	/* while (1), for (;;) */
	int line;
	char key[TU__SCAN_NAME];
	char cond[C_COND][TU__SCAN_NAME];
	int n_cond;
	bool cond_call, updated, exits;
};

struct c_alloc {
	char name[TU__SCAN_NAME];
	int line;
	bool freed, escaped;
};

struct c_ctx {
	struct tu__scan *out;
	struct c_tok ring[C_RING];	/* last tokens, ring[n_seen % C_RING] */
	size_t n_seen;
	struct c_tok nx;		/* lookahead, kind 0 at EOF */
	int brace, paren;
	char call[C_PARENS][TU__SCAN_NAME];	/* callee per open '(' */
	/* top level */
	int fn;			/* function being scanned, -1 outside */
	bool in_fn;
	char cand[TU__SCAN_NAME];
	int cand_line, cand_paren;
	bool cand_open, cand_ready, cand_int;
	bool decl_int, decl_mod, decl_star;
	/* loop and if headers */
	int hdr;		/* 0, 'f' for, 'w' while, 'i' if */
	int hdr_paren, hdr_semi, hdr_cond_toks;
	bool want_key, want_arg;
	struct c_loop pend;
	struct c_loop loops[C_LOOPS];
	size_t n_loops;
	struct c_alloc allocs[C_ALLOCS];
	size_t n_allocs;
	char substore[C_MEMO][TU__SCAN_NAME];
	char memoread[C_MEMO][TU__SCAN_NAME];
	size_t n_substore, n_memoread;
	char sub_base[C_PARENS][TU__SCAN_NAME];	/* name before each '[' */
	int n_sub;
	char closed_base[TU__SCAN_NAME];	/* of the last ']' */
};

static const char *const c_keywords[] = {
	"if", "for", "while", "switch", "return", "sizeof", "do", "else",
	"case", "goto", "break", "continue", "int", "char", "long", "short",
	"unsigned", "signed", "double", "float", "void", "struct", "union",
	"enum", "const", "static", "volatile", "NULL", "true", "false",
	"_Bool", "bool", "size_t", NULL
};

/* Calls that neither take ownership of a pointer nor change a loop's
 * condition variables. */
static const char *const c_borrowing[] = {
	"memset", "memcpy", "memmove", "memcmp", "strcpy", "strncpy",
	"strcat", "strncat", "strlen", "strcmp", "strncmp", "strchr",
	"strrchr", "strstr", "printf", "fprintf", "sprintf", "snprintf",
	"puts", "fputs", "putchar", "qsort", "bsearch", "sizeof", "realloc",
	"abs", "labs", "assert", NULL
};

static const char *const c_allocators[] = {
	"malloc", "calloc", "realloc", "strdup", "strndup", NULL
};

/* The k-th previous token (1 = the one just before cur), NULL if none. */
static const struct c_tok *c_prev(const struct c_ctx *c, size_t k)
{
	if (k == 0 || k > c->n_seen || k > C_RING)
		return NULL;
	return &c->ring[(c->n_seen - k) % C_RING];
}

static bool ct_is(const struct c_tok *t, const char *s)
{
	return t && t->kind && t->kind != CT_STR && tok_is(t->p, t->n, s);
}

static bool ct_ident(const struct c_tok *t)
{
	return t && t->kind == CT_NAME && !tok_in(t->p, t->n, c_keywords);
}

static void ct_copy(char *dst, const struct c_tok *t)
{
	tu__copy(dst, TU__SCAN_NAME, t->p, t->n);
}

static bool ct_eq(const struct c_tok *t, const char *name)
{
	return t && t->kind == CT_NAME && tok_is(t->p, t->n, name);
}

static const char *c_fn_name(const struct c_ctx *c)
{
	return c->fn >= 0 ? c->out->fns[c->fn].name : "";
}

static void c_note(struct c_ctx *c, enum tu__note_kind kind, int line,
		   const char *detail)
{
	tu__scan_note(c->out, kind, line, c_fn_name(c), detail,
		      strlen(detail));
}

static bool c_in_list(char list[][TU__SCAN_NAME], size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

static void c_add_name(char list[][TU__SCAN_NAME], size_t *n, size_t cap,
		       const char *s)
{
	if (!s[0] || *n >= cap || c_in_list(list, *n, s))
		return;
	tu__copy(list[(*n)++], TU__SCAN_NAME, s, strlen(s));
}

/* A for/while loop ends: the infinite-loop rule. */
static void c_close_loop(struct c_ctx *c)
{
	struct c_loop *l = &c->loops[--c->n_loops];
	char names[64] = "";

	if (l->exits || !(l->const_true || (l->is_while && l->n_cond > 0 &&
					    !l->cond_call && !l->updated)))
		return;
	for (int j = 0; j < l->n_cond; j++)
		if (strlen(names) + strlen(l->cond[j]) + 2 < sizeof(names)) {
			if (names[0])
				strcat(names, ",");
			strcat(names, l->cond[j]);
		}
	c_note(c, TU__NOTE_INFINITE_LOOP, l->line, names[0] ? names : "1");
}

/* The function's closing brace: extent, memo, allocations kept. */
static void c_close_fn(struct c_ctx *c, int line)
{
	while (c->n_loops > 0)
		c_close_loop(c);
	if (c->fn >= 0) {
		struct tu__fn *f = &c->out->fns[c->fn];

		f->end_line = line;
		for (size_t i = 0; i < c->n_substore; i++)
			f->memo |= c_in_list(c->memoread, c->n_memoread,
					     c->substore[i]);
	}
	for (size_t i = 0; i < c->n_allocs; i++)
		if (!c->allocs[i].freed && !c->allocs[i].escaped)
			c_note(c, TU__NOTE_MISSING_FREE, c->allocs[i].line,
			       c->allocs[i].name);
	c->in_fn = false;
	c->fn = -1;
}

/* '{' at depth 0 after "NAME(...)": a function body starts. */
static void c_open_fn(struct c_ctx *c)
{
	struct tu__scan *o = c->out;

	c->in_fn = true;
	c->fn = -1;
	c->n_loops = c->n_allocs = c->n_substore = c->n_memoread = 0;
	c->n_sub = 0;
	c->hdr = 0;
	if (o->n_fns >= TU__SCAN_MAX_FNS)
		return;
	memset(&o->fns[o->n_fns], 0, sizeof(o->fns[0]));
	memcpy(o->fns[o->n_fns].name, c->cand, TU__SCAN_NAME);
	o->fns[o->n_fns].line = c->cand_line;
	o->fns[o->n_fns].plain_int = c->cand_int;
	c->fn = (int)o->n_fns++;
}

/* Declarations at file scope: return types and function candidates. */
static void c_top(struct c_ctx *c, const struct c_tok *t)
{
	if (ct_is(t, "{") && c->brace == 0 && c->paren == 0 &&
	    c->cand_ready) {
		c_open_fn(c);
		c->brace = 1;
		return;
	}
	c->cand_ready = false;
	if (ct_is(t, "{"))
		c->brace++;
	else if (ct_is(t, "}") && c->brace > 0)
		c->brace--;
	if (c->brace > 0 || c->paren > 0)
		return;
	if (ct_is(t, ";") || ct_is(t, "}") || ct_is(t, "=")) {
		c->decl_int = c->decl_mod = c->decl_star = false;
	} else if (ct_is(t, "int")) {
		c->decl_int = true;
	} else if (ct_is(t, "long") || ct_is(t, "short") ||
		   ct_is(t, "unsigned") || ct_is(t, "char") ||
		   ct_is(t, "signed")) {
		c->decl_mod = true;
	} else if (ct_is(t, "*")) {
		c->decl_star = true;
	} else if (ct_ident(t) && ct_is(&c->nx, "(")) {
		ct_copy(c->cand, t);
		c->cand_line = t->line;
		c->cand_open = true;
		c->cand_int = c->decl_int && !c->decl_mod && !c->decl_star;
	}
}

/* Parentheses anywhere: callee names, and the end of a header or a
 * function's parameter list. */
static void c_paren(struct c_ctx *c, const struct c_tok *t);

/* cur is NAME naming an allocated local: freed, handed on, or neither. */
static void c_alloc_use(struct c_ctx *c, const struct c_tok *t)
{
	const struct c_tok *p1 = c_prev(c, 1), *p2 = c_prev(c, 2);
	struct c_alloc *a = NULL;
	char name[TU__SCAN_NAME];

	ct_copy(name, t);
	for (size_t i = 0; i < c->n_allocs; i++)
		if (strcmp(c->allocs[i].name, name) == 0)
			a = &c->allocs[i];
	if (!a)
		return;
	if (ct_is(p1, "return") || (ct_is(p1, "(") && ct_is(p2, "return")) ||
	    ct_is(p1, "&") ||
	    (ct_is(p1, "=") && (ct_is(&c->nx, ";") || ct_is(&c->nx, ","))))
		a->escaped = true;
	else if (c->paren > 0 && (ct_is(p1, "(") || ct_is(p1, ",")) &&
		 (ct_is(&c->nx, ")") || ct_is(&c->nx, ","))) {
		const char *callee = c->call[c->paren - 1 < C_PARENS ?
					     c->paren - 1 : C_PARENS - 1];

		if (strcmp(callee, "free") == 0)
			a->freed = true;
		else if (!tok_in(callee, strlen(callee), c_borrowing))
			a->escaped = true;
	}
}

/* "x = [cast] malloc(" with x a plain local: remember x. */
static void c_alloc_site(struct c_ctx *c, const struct c_tok *t)
{
	size_t k = 1;
	const struct c_tok *name, *before;

	if (ct_is(c_prev(c, k), ")")) {
		while (k < C_RING && c_prev(c, k) && !ct_is(c_prev(c, k), "("))
			k++;
		k++;
	}
	if (!ct_is(c_prev(c, k), "="))
		return;
	name = c_prev(c, k + 1);
	before = c_prev(c, k + 2);
	if (!ct_ident(name) || ct_is(before, ".") || ct_is(before, "->"))
		return;
	if (ct_is(before, "*")) {
		const struct c_tok *b2 = c_prev(c, k + 3);

		if (!b2 || !(b2->kind == CT_NAME || ct_is(b2, ",") ||
			     ct_is(b2, "*")))
			return;
	}
	for (size_t i = 0; i < c->n_allocs; i++)
		if (ct_eq(name, c->allocs[i].name))
			return;
	if (c->n_allocs < C_ALLOCS) {
		ct_copy(c->allocs[c->n_allocs].name, name);
		c->allocs[c->n_allocs].line = t->line;
		c->allocs[c->n_allocs].freed = false;
		c->allocs[c->n_allocs].escaped = false;
		c->n_allocs++;
	}
}

/* A name in a function body that may change while-loop conditions. */
static void c_update(struct c_ctx *c, const struct c_tok *t)
{
	char name[TU__SCAN_NAME];

	ct_copy(name, t);
	for (size_t i = 0; i < c->n_loops; i++)
		for (int j = 0; j < c->loops[i].n_cond; j++)
			if (strcmp(c->loops[i].cond[j], name) == 0)
				c->loops[i].updated = true;
}

static bool c_assign_op(const struct c_tok *t)
{
	static const char *const ops[] = {
		"=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=",
		">>=", "++", "--", NULL
	};

	return t && t->kind == CT_OP && tok_in(t->p, t->n, ops);
}

/* Inside a for/while/if header: the loop's key and condition names. */
static void c_header_name(struct c_ctx *c, const struct c_tok *t)
{
	bool call = ct_is(&c->nx, "(");
	bool in_cond = c->hdr == 'w' || (c->hdr == 'f' && c->hdr_semi == 1);
	char name[TU__SCAN_NAME];

	ct_copy(name, t);
	if (c->hdr == 'i' && ct_is(&c->nx, "["))
		c_add_name(c->memoread, &c->n_memoread, C_MEMO, name);
	if (!in_cond || c->hdr == 'i')
		return;
	if (c->want_key && ct_ident(t) && !call) {
		ct_copy(c->pend.key, t);
		c->want_key = false;
	}
	if (c->hdr != 'w' || ct_is(c_prev(c, 1), ".") ||
	    ct_is(c_prev(c, 1), "->") || !ct_ident(t))
		return;
	if (call)
		c->pend.cond_call = true;
	else if (c->pend.n_cond < C_COND)
		ct_copy(c->pend.cond[c->pend.n_cond++], t);
	else
		c->pend.cond_call = true;
}

/* A header's ')' : the loop starts (or, before ';', was a do-while). */
static void c_header_done(struct c_ctx *c)
{
	bool nested = false;

	if (c->hdr == 'i' || ct_is(&c->nx, ";") || c->n_loops >= C_LOOPS) {
		c->hdr = 0;
		return;
	}
	c->pend.is_while = c->hdr == 'w';
	c->pend.const_true |= c->hdr == 'f' && c->hdr_cond_toks == 0;
	c->pend.braced = ct_is(&c->nx, "{");
	c->pend.depth = c->brace + (c->pend.braced ? 1 : 0);
	for (size_t i = 0; i < c->n_loops && c->pend.key[0]; i++)
		nested |= strcmp(c->loops[i].key, c->pend.key) == 0;
	if (nested)
		c_note(c, TU__NOTE_NESTED_LOOP, c->pend.line, c->pend.key);
	c->loops[c->n_loops++] = c->pend;
	c->hdr = 0;
}

static void c_paren(struct c_ctx *c, const struct c_tok *t)
{
	const struct c_tok *p1 = c_prev(c, 1);

	if (ct_is(t, "(")) {
		if (c->paren < C_PARENS) {
			c->call[c->paren][0] = '\0';
			if (ct_ident(p1))
				ct_copy(c->call[c->paren], p1);
		}
		c->paren++;
		return;
	}
	if (c->paren > 0)
		c->paren--;
	if (!c->in_fn && c->paren == 0 && c->cand_open && c->brace == 0) {
		c->cand_open = false;
		c->cand_ready = ct_is(&c->nx, "{");
	}
	if (c->in_fn && c->hdr && c->paren == c->hdr_paren)
		c_header_done(c);
}

/* "for (" / "while (" / "if (" at t. */
static void c_header_start(struct c_ctx *c, const struct c_tok *t)
{
	c->hdr = ct_is(t, "for") ? 'f' : ct_is(t, "while") ? 'w' : 'i';
	c->hdr_paren = c->paren;
	c->hdr_semi = 0;
	c->hdr_cond_toks = 0;
	c->want_key = false;
	memset(&c->pend, 0, sizeof(c->pend));
	c->pend.line = t->line;
}

/* A token in a loop header at the header's own parenthesis level. */
static void c_header_tok(struct c_ctx *c, const struct c_tok *t)
{
	static const char *const cmp[] = { "<", "<=", ">", ">=", "!=", NULL };
	bool in_cond = c->hdr == 'w' || (c->hdr == 'f' && c->hdr_semi == 1);

	if (ct_is(t, ")") && c->paren == c->hdr_paren + 1)
		return;
	if (c->hdr == 'f' && ct_is(t, ";") && c->paren == c->hdr_paren + 1) {
		c->hdr_semi++;
		return;
	}
	if (!in_cond || c->hdr == 'i')
		return;
	if (c->hdr == 'w')
		c->pend.const_true = c->hdr_cond_toks == 0 &&
				     (ct_is(t, "1") || ct_is(t, "true"));
	c->hdr_cond_toks++;
	if (t->kind == CT_OP && tok_in(t->p, t->n, cmp))
		c->want_key = true;
}

/* return/goto/break/exit leave loops (break only the innermost). */
static void c_exits(struct c_ctx *c, const struct c_tok *t)
{
	if (ct_is(t, "break")) {
		if (c->n_loops > 0)
			c->loops[c->n_loops - 1].exits = true;
		return;
	}
	if (ct_is(t, "return") || ct_is(t, "goto") ||
	    ((ct_is(t, "exit") || ct_is(t, "abort") || ct_is(t, "longjmp")) &&
	     ct_is(&c->nx, "(")))
		for (size_t i = 0; i < c->n_loops; i++)
			c->loops[i].exits = true;
}

/* A name inside a function body. */
static void c_body_name(struct c_ctx *c, const struct c_tok *t)
{
	const struct c_tok *p1 = c_prev(c, 1);
	bool call = ct_is(&c->nx, "(");

	if (call && (ct_is(t, "for") || ct_is(t, "while") || ct_is(t, "if"))) {
		c_header_start(c, t);
		return;
	}
	c_exits(c, t);
	if (c->hdr)
		c_header_name(c, t);
	if (call && tok_in(t->p, t->n, c_allocators))
		c_alloc_site(c, t);
	if (call && c->fn >= 0 && ct_eq(t, c->out->fns[c->fn].name) &&
	    !ct_is(p1, ".") && !ct_is(p1, "->")) {
		c->out->fns[c->fn].self_calls++;
		if (c->out->fns[c->fn].self_call_line == 0)
			c->out->fns[c->fn].self_call_line = t->line;
	}
	if (call && !tok_in(t->p, t->n, c_borrowing))
		for (size_t i = 0; i < c->n_loops; i++)
			if (c->loops[i].n_cond > 0)
				c->loops[i].updated = true;
	if (ct_is(p1, "++") || ct_is(p1, "--") || ct_is(p1, "&") ||
	    c_assign_op(&c->nx) ||
	    (c->paren > 0 && (ct_is(p1, "(") || ct_is(p1, ","))))
		c_update(c, t);
	c_alloc_use(c, t);
}

/* A token inside a function body. */
static void c_body(struct c_ctx *c, const struct c_tok *t)
{
	if (c->hdr && c->paren >= c->hdr_paren + 1)
		c_header_tok(c, t);
	if (ct_is(t, "(") || ct_is(t, ")")) {
		c_paren(c, t);
	} else if (ct_is(t, "{")) {
		c->brace++;
	} else if (ct_is(t, "}")) {
		c->brace--;
		while (c->n_loops > 0 &&
		       c->loops[c->n_loops - 1].depth >= c->brace + 1 -
		       (c->loops[c->n_loops - 1].braced ? 0 : 1))
			c_close_loop(c);
		if (c->brace <= 0) {
			c->brace = 0;
			c_close_fn(c, t->line);
		}
	} else if (ct_is(t, ";") && c->paren == 0) {
		while (c->n_loops > 0 && !c->loops[c->n_loops - 1].braced &&
		       c->loops[c->n_loops - 1].depth == c->brace)
			c_close_loop(c);
	} else if (ct_is(t, "[")) {
		if (c->n_sub < C_PARENS) {
			c->sub_base[c->n_sub][0] = '\0';
			if (ct_ident(c_prev(c, 1)))
				ct_copy(c->sub_base[c->n_sub], c_prev(c, 1));
			else if (ct_is(c_prev(c, 1), "]"))
				memcpy(c->sub_base[c->n_sub], c->closed_base,
				       TU__SCAN_NAME);
			c->n_sub++;
		}
	} else if (ct_is(t, "]")) {
		c->closed_base[0] = '\0';
		if (c->n_sub > 0)
			memcpy(c->closed_base, c->sub_base[--c->n_sub],
			       TU__SCAN_NAME);
	} else if (ct_is(t, "=") && ct_is(c_prev(c, 1), "]")) {
		c_add_name(c->substore, &c->n_substore, C_MEMO,
			   c->closed_base);
	} else if (t->kind == CT_NAME) {
		c_body_name(c, t);
	}
}

void tu__scan_c(const char *src, size_t len, struct tu__scan *out)
{
	struct c_ctx c;
	struct c_lex lx = { src, len, 0, 1, true };
	struct c_tok t;

	memset(&c, 0, sizeof(c));
	c.out = out;
	c.fn = -1;
	if (!c_next(&lx, &t))
		return;
	for (bool more = true; more;) {
		more = c_next(&lx, &c.nx);
		if (!more)
			memset(&c.nx, 0, sizeof(c.nx));
		if (ct_is(&t, "int") && !ct_is(c_prev(&c, 1), "long") &&
		    !ct_is(c_prev(&c, 1), "short") &&
		    !ct_is(c_prev(&c, 1), "unsigned") && !ct_is(&c.nx, "long"))
			out->has_plain_int = true;
		if (c.in_fn)
			c_body(&c, &t);
		else if (ct_is(&t, "(") || ct_is(&t, ")"))
			c_paren(&c, &t);
		else
			c_top(&c, &t);
		c.ring[c.n_seen++ % C_RING] = t;
		t = c.nx;
	}
	if (c.in_fn)
		c_close_fn(&c, lx.line);
	out->n_lines = lx.line;
}

/* ------------------------------------------------------- entry point */

void tu__scan_source(enum tu_lang lang, const char *src, size_t len,
		     struct tu__scan *out)
{
	memset(out, 0, sizeof(*out));
	out->lang = lang;
	if (!src)
		return;
	if (len > TU_JUDGE_MAX_SOURCE)
		len = TU_JUDGE_MAX_SOURCE;
	if (lang == TU_LANG_C)
		tu__scan_c(src, len, out);
	else
		tu__scan_python(src, len, out);
}

/* Skips one quote mark (ASCII ' or UTF-8 curly) at s; its length or 0. */
static size_t quote_len(const char *s, bool open)
{
	if (*s == '\'')
		return 1;
	if ((unsigned char)s[0] == 0xe2 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] == (open ? 0x98 : 0x99))
		return 3;
	return 0;
}

bool tu__diag_next(const char *text, size_t *pos, const char *needle,
		   int *line, char *quoted, size_t cap)
{
	size_t len = text ? strnlen(text, TU__DIAG_MAX) : 0;

	while (text && *pos < len) {
		size_t b = *pos, e = b;

		while (e < len && text[e] != '\n')
			e++;
		*pos = e < len ? e + 1 : e;
		if (!memmem(text + b, e - b, needle, strlen(needle)))
			continue;
		*line = tu__diag_line(text + b, e - b);
		quoted[0] = '\0';
		for (size_t i = b, q; i < e; i++) {
			if ((q = quote_len(text + i, true)) == 0)
				continue;
			for (size_t j = i + q; j < e; j++)
				if (quote_len(text + j, false)) {
					tu__copy(quoted, cap, text + i + q,
						 j - i - q);
					return true;
				}
			break;
		}
		return true;
	}
	return false;
}

int tu__diag_line(const char *s, size_t n)
{
	/* "file.c:12:5: ..." : the first ":digits:" or ":digits" field. */
	for (size_t i = 0; i + 1 < n; i++) {
		long v = 0;
		size_t j = i + 1;

		if (s[i] != ':' || s[j] < '0' || s[j] > '9')
			continue;
		while (j < n && s[j] >= '0' && s[j] <= '9' && v < 10000000)
			v = v * 10 + (s[j++] - '0');
		if (j >= n || s[j] == ':' || s[j] == ' ')
			return (int)v;
	}
	return 0;
}

/* ------------------------------------------------------- code review */

struct review_out {
	struct tu_review_finding *out;
	size_t *n;
	size_t cap;
	size_t added;
};

static void review_add(struct review_out *r, const char *rule, int line,
		       const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void review_add(struct review_out *r, const char *rule, int line,
		       const char *fmt, ...)
{
	struct tu_review_finding f;
	va_list ap;

	if (*r->n >= r->cap)
		return;
	memset(&f, 0, sizeof(f));
	tu__copy(f.rule, sizeof(f.rule), rule, strlen(rule));
	f.line = line;
	va_start(ap, fmt);
	vsnprintf(f.message, sizeof(f.message), fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < *r->n; i++)
		if (strcmp(r->out[i].rule, f.rule) == 0 &&
		    r->out[i].line == line &&
		    strcmp(r->out[i].message, f.message) == 0)
			return;
	r->out[(*r->n)++] = f;
	r->added++;
}

/* "f()" for a note inside function f, "the top level" otherwise. */
static const char *in_fn(const struct tu__note *nt, char *buf, size_t cap)
{
	if (!nt->fn[0])
		return "the top level";
	snprintf(buf, cap, "%s()", nt->fn);
	return buf;
}

static void review_note(struct review_out *r, const struct tu__note *nt)
{
	char where[TU__SCAN_NAME + 4];

	switch (nt->kind) {
	case TU__NOTE_NESTED_LOOP:
		review_add(r, "nested-loop-same-input", nt->line,
			   "a loop over '%s' runs inside another loop over '%s' in %s, so the work grows with the square of its length; could one pass with a set, a dict or sorting do the same?",
			   nt->detail, nt->detail, in_fn(nt, where, sizeof(where)));
		break;
	case TU__NOTE_MEMBERSHIP:
		review_add(r, "quadratic-membership", nt->line,
			   "'in %s' inside a loop scans the whole list each time; a set answers membership tests in constant time",
			   nt->detail);
		break;
	case TU__NOTE_UNUSED:
		review_add(r, "unused-variable", nt->line,
			   "'%s' in %s is assigned but never read; remove it or use it",
			   nt->detail, in_fn(nt, where, sizeof(where)));
		break;
	case TU__NOTE_MUTABLE_DEFAULT:
		review_add(r, "mutable-default-argument", nt->line,
			   "parameter '%s' of %s has a mutable default, created once and shared by every call; default to None and create a fresh one inside",
			   nt->detail, in_fn(nt, where, sizeof(where)));
		break;
	case TU__NOTE_MISSING_FREE:
		review_add(r, "missing-free", nt->line,
			   "memory allocated to '%s' in %s is never freed or handed back; free it on every path out of the function",
			   nt->detail, in_fn(nt, where, sizeof(where)));
		break;
	case TU__NOTE_INFINITE_LOOP:
		break;
	}
}

/* C: unused / uninitialised variables as gcc reported them. */
static void review_gcc(struct review_out *r, const char *diag)
{
	static const char *const unused[] = {
		"-Wunused-variable", "-Wunused-but-set-variable", NULL
	};
	static const char *const uninit[] = {
		"-Wuninitialized", "-Wmaybe-uninitialized", NULL
	};
	char name[TU__SCAN_NAME];
	int line;

	for (size_t k = 0; unused[k]; k++)
		for (size_t pos = 0; tu__diag_next(diag, &pos, unused[k], &line,
						   name, sizeof(name));)
			review_add(r, "unused-variable", line,
				   "'%s' is set but never used (gcc %s); remove it or use it",
				   name, unused[k]);
	for (size_t k = 0; uninit[k]; k++)
		for (size_t pos = 0; tu__diag_next(diag, &pos, uninit[k], &line,
						   name, sizeof(name));)
			review_add(r, "uninitialized-variable", line,
				   "'%s' may be read before it is given a value (gcc %s); initialise it where it is declared",
				   name, uninit[k]);
}

size_t tu_judge_review(const struct tu_signal_input *in,
		       struct tu_review_finding *out, size_t *n, size_t cap)
{
	struct tu__scan scan;
	struct review_out r;
	static const enum tu__note_kind order[] = {
		TU__NOTE_NESTED_LOOP, TU__NOTE_MEMBERSHIP, TU__NOTE_UNUSED,
		TU__NOTE_MUTABLE_DEFAULT, TU__NOTE_MISSING_FREE
	};

	if (!in || !out || !n || *n >= cap)
		return 0;
	r.out = out;
	r.n = n;
	r.cap = cap - *n > TU_REVIEW_MAX ? *n + TU_REVIEW_MAX : cap;
	r.added = 0;
	tu__scan_source(in->lang, in->source, in->source_len, &scan);
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		for (size_t i = 0; i < scan.n_notes; i++)
			if (scan.notes[i].kind == order[k])
				review_note(&r, &scan.notes[i]);
	for (size_t i = 0; i < scan.n_fns; i++) {
		const struct tu__fn *f = &scan.fns[i];
		int lines = f->end_line - f->line + 1;

		if (lines > TU__LONG_FUNCTION)
			review_add(&r, "long-function", f->line,
				   "%s() is %d lines long; splitting it into smaller helpers with clear names makes each part easier to read and test",
				   f->name, lines);
	}
	if (in->lang == TU_LANG_C && in->compiler_diagnostics)
		review_gcc(&r, in->compiler_diagnostics);
	if (in->runtime_stderr &&
	    (strstr(in->runtime_stderr, "LeakSanitizer: detected memory leaks") ||
	     strstr(in->runtime_stderr, "definitely lost")))
		review_add(&r, "missing-free", 0,
			   "the run reported leaked memory: every malloc needs a matching free once the memory is no longer needed");
	return r.added;
}
