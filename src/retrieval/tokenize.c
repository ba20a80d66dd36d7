/*
 * tokenize.c - the code-aware tokenizer of tutor/retrieval.h: words and
 * identifiers (split into parts and kept whole), code operators, a small
 * stop-word list and light suffix stemming.  The rules are in the header
 * and docs/retrieval.md.  Pure: no allocation, no state.
 */
#include <stdlib.h>
#include <string.h>

#include "tutor/retrieval.h"
#include "tutor/utf8.h"

#define WMAX (TU_RETR_TOKEN_MAX - 1)  /* bytes of a word kept */
#define PARTS_MAX WMAX

/* Character classes of the bytes of a word. */
enum cls { C_LOWER, C_UPPER, C_DIGIT, C_UNDER, C_OTHER, C_CONT };

/* A word as read: original bytes (cut at WMAX) and each byte's class. */
struct word {
	char b[WMAX + 1];
	unsigned char cls[WMAX + 1];
	size_t n;
};

/* Sorted for bsearch.  No Python or C keyword is here ("for", "if",
 * "in", "is", "not", "and", "or", "with", "as", "from" stay). */
static const char *const STOP[] = {
	"a", "about", "am", "an", "are", "at", "be", "been", "being", "by",
	"can", "could", "did", "do", "does", "doing", "had", "has", "have",
	"he", "her", "here", "his", "how", "i", "into", "it", "its", "me",
	"my", "of", "on", "our", "s", "she", "should", "so", "t", "than",
	"that", "the", "their", "them", "then", "there", "these", "they",
	"this", "those", "to", "too", "very", "was", "we", "were", "what",
	"when", "where", "which", "who", "whom", "why", "will", "would",
	"you", "your"
};

/* Longest first, so the first match is the longest. */
static const char *const OPS[] = {
	"**=", "//=", ">>=", "<<=",
	"==", "!=", "<=", ">=", "//", "**", "+=", "-=", "*=", "/=", "%=",
	"&=", "|=", "^=", "->", "=>", "::", ":=", "<<", ">>", "&&", "||",
	"++", "--", "[]", "()", "{}",
	"%"
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool is_stop(const char *w)
{
	return bsearch(&w, STOP, sizeof STOP / sizeof STOP[0], sizeof STOP[0],
		       cmp_str) != NULL;
}

/* ---- stemming ----------------------------------------------------------- */

static bool is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' ||
	       c == 'y';
}

static bool ends(const char *w, size_t n, const char *suf)
{
	size_t k = strlen(suf);

	return n >= k && memcmp(w + n - k, suf, k) == 0;
}

static bool has_vowel(const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (is_vowel(w[i]))
			return true;
	return false;
}

/* -ies -> -y; -sses, -xes, -ches, -shes lose -es; plural -s (not -ss,
 * -us, -is). */
static size_t stem_plural(char *w, size_t n)
{
	if (n >= 5 && ends(w, n, "ies")) {
		w[n - 3] = 'y';
		return n - 2;
	}
	if (ends(w, n, "sses") || (n >= 4 && ends(w, n, "xes")) ||
	    (n >= 5 && (ends(w, n, "ches") || ends(w, n, "shes"))))
		return n - 2;
	if (n >= 4 && w[n - 1] == 's' && !ends(w, n, "ss") &&
	    !ends(w, n, "us") && !ends(w, n, "is"))
		return n - 1;
	return n;
}

/* Porter's measure m of w[n] is 1 (one vowel run followed by
 * consonants, e.g. "stor", "us", "bas"). */
static bool measure_one(const char *w, size_t n)
{
	size_t i = 0, runs = 0;

	while (i < n) {
		while (i < n && !is_vowel(w[i]))
			i++;
		if (i == n)
			break;
		while (i < n && is_vowel(w[i]))
			i++;
		if (i < n)
			runs++;
		while (i < n && !is_vowel(w[i]))
			i++;
	}
	return runs == 1;
}

/* A short stem that lost a final e: measure 1 and ending consonant-vowel-
 * consonant (last not w, x, y), or two letters vowel-consonant. */
static bool short_stem(const char *w, size_t n)
{
	char z = w[n - 1];

	if (is_vowel(z) || z == 'w' || z == 'x')
		return false;
	if (n == 2)
		return is_vowel(w[0]);
	return n >= 3 && measure_one(w, n) && is_vowel(w[n - 2]) &&
	       !is_vowel(w[n - 3]);
}

/* -ing / -ed when a vowel remains; then, like Porter's step 1b, -at,
 * -bl, -iz and short stems get their e back ("stored" -> store, "used"
 * -> use) or a final double consonant (not l, s, z) loses one letter
 * when 3 or more letters stay ("stopped" -> stop). */
static size_t stem_verb(char *w, size_t n)
{
	size_t m = n;

	if (n >= 5 && ends(w, n, "ing") && has_vowel(w, n - 3))
		m = n - 3;
	else if (n >= 4 && ends(w, n, "ed") && !ends(w, n, "eed") &&
		 has_vowel(w, n - 2))
		m = n - 2;
	if (m == n)
		return n;
	if (ends(w, m, "at") || ends(w, m, "bl") || ends(w, m, "iz") ||
	    short_stem(w, m)) {
		w[m] = 'e';
		return m + 1;
	}
	if (m >= 4 && w[m - 1] == w[m - 2] && !is_vowel(w[m - 1]) &&
	    w[m - 1] != 'l' && w[m - 1] != 's' && w[m - 1] != 'z')
		m--;
	return m;
}

/* Stems the ASCII lower-case word w[n] in place; returns its length. */
static size_t stem(char *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (w[i] < 'a' || w[i] > 'z')
			return n;
	n = stem_plural(w, n);
	n = stem_verb(w, n);
	w[n] = '\0';
	return n;
}

/* ---- characters --------------------------------------------------------- */

static uint32_t decode(const unsigned char *s, size_t len)
{
	uint32_t cp = len == 2 ? s[0] & 0x1fu : len == 3 ? s[0] & 0x0fu :
		      s[0] & 0x07u;

	for (size_t i = 1; i < len; i++)
		cp = (cp << 6) | (s[i] & 0x3fu);
	return cp;
}

/* Non-ASCII punctuation and symbols: word separators. */
static bool sep_cp(uint32_t cp)
{
	return cp <= 0xbf || cp == 0xd7 || cp == 0xf7 ||
	       (cp >= 0x2000 && cp <= 0x2bff) ||
	       (cp >= 0x3000 && cp <= 0x303f) ||
	       (cp >= 0xfe30 && cp <= 0xfe4f) ||
	       (cp >= 0xff01 && cp <= 0xff0f);
}

static enum cls ascii_cls(unsigned char c)
{
	if (c >= 'a' && c <= 'z')
		return C_LOWER;
	if (c >= 'A' && c <= 'Z')
		return C_UPPER;
	if (c >= '0' && c <= '9')
		return C_DIGIT;
	return c == '_' ? C_UNDER : C_CONT;
}

/*
 * The character at s (n >= 1 bytes left): its length in *len (1 for an
 * invalid byte) and whether it belongs to a word (class in *c).
 */
static bool word_char(const unsigned char *s, size_t n, size_t *len,
		      enum cls *c)
{
	if (s[0] < 0x80) {
		*len = 1;
		*c = ascii_cls(s[0]);
		return *c != C_CONT;
	}
	*len = tu_utf8_seq(s, n < 4 ? n : 4);
	if (*len == 0) {
		*len = 1;
		return false;
	}
	*c = C_OTHER;
	return !sep_cp(decode(s, *len));
}

/* Reads the word starting at s[i]; returns the index after it. */
static size_t read_word(const unsigned char *s, size_t n, size_t i,
			struct word *w)
{
	size_t len;
	enum cls c;

	w->n = 0;
	while (i < n && word_char(s + i, n - i, &len, &c)) {
		if (w->n + len <= WMAX) {
			memcpy(w->b + w->n, s + i, len);
			w->cls[w->n] = (unsigned char)c;
			for (size_t k = 1; k < len; k++)
				w->cls[w->n + k] = C_CONT;
			w->n += len;
		}
		i += len;
	}
	return i;
}

/* ---- words -------------------------------------------------------------- */

static void emit(tu_retr_token_fn fn, void *ctx, char *t, size_t n,
		 size_t *count)
{
	t[n] = '\0';
	fn(ctx, t, n);
	(*count)++;
}

/* Class of the character starting at byte i of w (a continuation byte
 * reports the class of its lead). */
static enum cls cls_at(const struct word *w, size_t i)
{
	while (i > 0 && w->cls[i] == C_CONT)
		i--;
	return (enum cls)w->cls[i];
}

/* True when a new part starts at byte i (> a) of w[a, b). */
static bool part_break(const struct word *w, size_t i, size_t b)
{
	enum cls p = cls_at(w, i - 1), c = (enum cls)w->cls[i];

	if (c == C_CONT)
		return false;
	if ((p == C_DIGIT) != (c == C_DIGIT))
		return true;
	if (p == C_LOWER && c == C_UPPER)
		return true;
	return p == C_UPPER && c == C_UPPER && i + 1 < b &&
	       w->cls[i + 1] == C_LOWER;
}

/* Splits w[a, b) (no leading or trailing '_') into parts, without the
 * underscores: their starts in ps[] and ends in pe[]; returns how many. */
static size_t split(const struct word *w, size_t a, size_t b,
		    size_t *ps, size_t *pe)
{
	size_t n = 0;
	bool in = false;

	for (size_t i = a; i < b; i++) {
		enum cls c = (enum cls)w->cls[i];

		if (c == C_CONT)
			continue;
		if (c == C_UNDER) {
			if (in)
				pe[n - 1] = i;
			in = false;
		} else if (!in || part_break(w, i, b)) {
			if (in)
				pe[n - 1] = i;
			ps[n++] = i;
			in = true;
		}
	}
	if (in)
		pe[n - 1] = b;
	return n;
}

static void lower_copy(char *dst, const char *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = src[i] >= 'A' && src[i] <= 'Z' ?
			 (char)(src[i] - 'A' + 'a') : src[i];
}

/* Emits the tokens of one word; returns how many. */
static size_t emit_word(struct word *w, tu_retr_token_fn fn, void *ctx)
{
	size_t a = 0, b = w->n, np, count = 0;
	size_t ps[PARTS_MAX], pe[PARTS_MAX];
	char t[TU_RETR_TOKEN_MAX];

	while (a < b && w->cls[a] == C_UNDER)
		a++;
	while (b > a && w->cls[b - 1] == C_UNDER)
		b--;
	if (a == b)
		return 0;
	np = split(w, a, b, ps, pe);
	lower_copy(t, w->b + a, b - a);
	t[b - a] = '\0';
	if (np == 1) {
		if (!is_stop(t))
			emit(fn, ctx, t, stem(t, b - a), &count);
		return count;
	}
	emit(fn, ctx, t, b - a, &count);
	for (size_t k = 0; k < np; k++) {
		size_t n = pe[k] - ps[k];

		lower_copy(t, w->b + ps[k], n);
		t[n] = '\0';
		emit(fn, ctx, t, stem(t, n), &count);
	}
	return count;
}

/* Length of the operator at s (n bytes left), 0 when none. */
static size_t match_op(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof OPS / sizeof OPS[0]; i++) {
		size_t k;

		if (OPS[i][0] != s[0])
			continue;
		k = strlen(OPS[i]);
		if (k <= n && memcmp(s, OPS[i], k) == 0)
			return k;
	}
	return 0;
}

size_t tu_retr_tokenize(const char *text, size_t n, tu_retr_token_fn fn,
			void *ctx)
{
	const unsigned char *s = (const unsigned char *)text;
	struct word w;
	size_t i = 0, count = 0, len, op;
	char t[TU_RETR_TOKEN_MAX];
	enum cls c;

	while (text && fn && i < n) {
		if (word_char(s + i, n - i, &len, &c)) {
			i = read_word(s, n, i, &w);
			count += emit_word(&w, fn, ctx);
			continue;
		}
		op = s[i] < 0x80 ? match_op(text + i, n - i) : 0;
		if (op) {
			memcpy(t, text + i, op);
			emit(fn, ctx, t, op, &count);
			i += op;
			continue;
		}
		i += len;
	}
	return count;
}
