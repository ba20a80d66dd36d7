/*
 * exercism_text.c - the importer's text rules: Exercism names to Python
 * names and tutor ids (snake_case, kebab-case), slug checks, one-line
 * cleaning for .ini values (no control characters, bounded, cut on UTF-8
 * boundaries), the exception classes a track's instructions name, and
 * the first item of a Markdown hints list.  Pure: no I/O, no state.
 */
#include <string.h>
#include "exercism_internal.h"

static const char *const py_keywords[] = {
	"False", "None", "True", "and", "as", "assert", "async", "await",
	"break", "class", "continue", "def", "del", "elif", "else", "except",
	"finally", "for", "from", "global", "if", "import", "in", "is",
	"lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
	"while", "with", "yield", NULL };

static bool is_upper(int c) { return c >= 'A' && c <= 'Z'; }
static bool is_lower(int c) { return c >= 'a' && c <= 'z'; }
static bool is_digit(int c) { return c >= '0' && c <= '9'; }
static bool is_alpha(int c) { return is_upper(c) || is_lower(c); }
static bool is_word(int c) { return is_alpha(c) || is_digit(c) || c == '_'; }

static bool is_keyword(const char *s)
{
	for (size_t i = 0; py_keywords[i]; i++)
		if (strcmp(s, py_keywords[i]) == 0)
			return true;
	return false;
}

/* Appends c to out[0..*n) when it fits (one byte kept for the NUL). */
static bool put(char *out, size_t cap, size_t *n, char c)
{
	if (*n + 1 >= cap)
		return false;
	out[(*n)++] = c;
	return true;
}

bool tu__ex_snake(const char *in, char *out, size_t cap)
{
	size_t n = 0;
	bool ok = cap > 0;

	if (ok && is_digit((unsigned char)in[0]))
		ok = put(out, cap, &n, '_');
	for (size_t i = 0; ok && in[i]; i++) {
		unsigned char c = (unsigned char)in[i];

		if ((c & 0xC0) == 0x80)  /* one '_' per non-ASCII character */
			continue;
		if (is_upper(c) && n > 0 && out[n - 1] != '_')
			ok = put(out, cap, &n, '_');
		if (ok)
			ok = put(out, cap, &n, is_upper(c) ?
				 (char)(c - 'A' + 'a') : is_word(c) ? (char)c
				 : '_');
	}
	if (ok) {
		out[n] = '\0';
		if (is_keyword(out))
			ok = put(out, cap, &n, '_');
	}
	if (!ok || n == 0) {
		if (cap > 0)
			out[0] = '\0';
		return false;
	}
	out[n] = '\0';
	return true;
}

bool tu__ex_kebab(const char *in, char *out, size_t cap)
{
	size_t start = 0, end;

	if (!tu__ex_snake(in, out, cap))
		return false;
	end = strlen(out);
	while (start < end && out[start] == '_')
		start++;
	while (end > start && out[end - 1] == '_')
		end--;
	if (start == end) {
		out[0] = '\0';
		return false;
	}
	memmove(out, out + start, end - start);
	out[end - start] = '\0';
	for (char *p = out; *p; p++)
		if (*p == '_')
			*p = '-';
	return true;
}

bool tu__ex_is_slug(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= TU_ID_MAX || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '-' && s[i + 1] == '-')
			return false;
		if (!is_lower((unsigned char)s[i]) &&
		    !is_digit((unsigned char)s[i]) && s[i] != '-')
			return false;
	}
	return true;
}

size_t tu__ex_utf8_cut(const char *s, size_t len, size_t max)
{
	size_t n = max;

	if (len <= max)
		return len;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

void tu__ex_one_line(struct tu__ex_buf *out, const char *in, size_t len,
		     size_t max)
{
	struct tu__ex_buf t;
	bool blank = false;

	tu__ex_buf_init(&t, len + 1);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];

		if (c <= ' ' || c == 0x7f) {
			blank = true;
			continue;
		}
		if (blank && t.len > 0)
			tu__ex_buf_add(&t, " ", 1);
		blank = false;
		tu__ex_buf_add(&t, in + i, 1);
	}
	if (t.failed) {
		out->failed = true;
	} else if (t.len <= max) {
		tu__ex_buf_add(out, tu__ex_buf_str(&t), t.len);
	} else {
		size_t n = tu__ex_utf8_cut(t.s, t.len, max > 3 ? max - 3 : 0);

		while (n > 0 && t.s[n - 1] == ' ')
			n--;
		tu__ex_buf_add(out, t.s, n);
		tu__ex_buf_puts(out, "...");
	}
	tu__ex_buf_release(&t);
}

/* Length of the word [A-Z][A-Za-z]*Error at s (s[-1] not a word
 * character), 0 when s does not start one. */
static size_t error_word(const char *s)
{
	size_t n = 0;

	if (!is_upper((unsigned char)s[0]))
		return 0;
	while (is_alpha((unsigned char)s[n]))
		n++;
	if (is_word((unsigned char)s[n]) || n < 6 ||
	    strncmp(s + n - 5, "Error", 5) != 0)
		return 0;
	return n;
}

size_t tu__ex_error_classes(const char *text, char first[TU_ID_MAX])
{
	size_t count = 0;

	first[0] = '\0';
	for (size_t i = 0; text[i] && count < 2; i++) {
		size_t n;

		if (i > 0 && is_word((unsigned char)text[i - 1]))
			continue;
		n = error_word(text + i);
		if (n == 0 || n >= TU_ID_MAX)
			continue;
		if (count == 0) {
			memcpy(first, text + i, n);
			first[n] = '\0';
			count = 1;
		} else if (strlen(first) != n || strncmp(first, text + i, n)) {
			count = 2;
		}
		i += n - 1;
	}
	return count;
}

/* The offset of the text after a list bullet ("- ", "* ", "+ ") that
 * starts line s (after blanks), or 0 when s is not an item. */
static size_t bullet(const char *s)
{
	size_t i = strspn(s, " \t");

	if ((s[i] == '-' || s[i] == '*' || s[i] == '+') &&
	    (s[i + 1] == ' ' || s[i + 1] == '\t'))
		return i + 1 + strspn(s + i + 1, " \t");
	return 0;
}

static bool line_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

/* Appends s[0..n) with Markdown links ([t](u), [t][r], ![t](u)) reduced
 * to their text t. */
static void unlink_md(struct tu__ex_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *close = s[i] == '[' ?
			memchr(s + i, ']', n - i) : NULL;
		size_t j = close ? (size_t)(close - s) : 0;
		const char *end = NULL;

		if (close && j + 1 < n && (s[j + 1] == '(' || s[j + 1] == '['))
			end = memchr(s + j + 1, s[j + 1] == '(' ? ')' : ']',
				     n - j - 1);
		if (!end) {
			if (!(s[i] == '!' && i + 1 < n && s[i + 1] == '['))
				tu__ex_buf_add(b, s + i, 1);
			continue;
		}
		tu__ex_buf_add(b, s + i + 1, j - i - 1);
		i = (size_t)(end - s);
	}
}

bool tu__ex_first_item(const char *md, struct tu__ex_buf *out, size_t max)
{
	struct tu__ex_buf item;
	const char *p = md;
	bool found = false;

	tu__ex_buf_init(&item, strlen(md) + 1);
	while (*p) {
		size_t n = strcspn(p, "\n"), b = bullet(p);
		const char *next = p[n] ? p + n + 1 : p + n;

		if (found && (line_blank(p, n) || b ||
			      p[strspn(p, " \t")] == '#'))
			break;
		if (found || b) {
			tu__ex_buf_add(&item, " ", 1);
			unlink_md(&item, p + b, n - b);
			found = true;
		}
		p = next;
	}
	found = found && !item.failed;
	if (found) {
		size_t before = out->len;

		tu__ex_one_line(out, item.s, item.len, max);
		found = out->len > before;
	}
	tu__ex_buf_release(&item);
	return found;
}
