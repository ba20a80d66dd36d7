/*
 * prompts.c - the prompt files under prompts/ (docs/llm.md, "Prompts"):
 * loading, checking and rendering.
 *
 * A prompt file is UTF-8 text of at most 64 KiB: the first line is
 * "version: N" (N >= 1); then the system part; then, optionally, a line
 * "--- user ---" and the user part (without it the whole text is one
 * user message).  {{name}} (spaces inside the braces allowed) is
 * replaced by the value tutor passes; each use knows a fixed set of
 * names, and a file using any other name, or an unclosed "{{", is
 * refused when the assistant is created, naming the file and line.
 * Learner text arrives in the values already quoted (tu_assist_quote);
 * values are inserted verbatim, never re-scanned for placeholders.
 *
 * What it is not: it decides nothing about what goes into a value.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assist_internal.h"
#include "tutor/utf8.h"

static const char *const HINT_NAMES[] = {
	"problem_title", "statement", "lang", "level", "level_name", "band",
	"failing_test", "code", "authored_hint", NULL
};
static const char *const REVIEW_NAMES[] = {
	"problem_title", "statement", "lang", "code", "findings", "topics",
	NULL
};
static const char *const NARRATIVE_NAMES[] = {
	"persona", "bucket", "item_title", "item_summary", "topics", "why",
	"last_item", "last_result", NULL
};
static const char *const GOALS_NAMES[] = {
	"text", "existing", "topics", "metrics", NULL
};
static const char *const ASK_NAMES[] = {
	"question", "problem_title", "statement", "code", "actions",
	"next_hint", NULL
};
static const char *const PLAN_STEP_NAMES[] = {
	"question", "step_id", "objective", "instruction", "expected_output",
	"depends", "problem_title", "statement", "persona", "band", NULL
};
static const char *const PLAN_DECOMPOSE_NAMES[] = {
	"question", "about_me", "tags", "level", "persona", "tools", NULL
};
static const char *const PLAN_STEPS_NAMES[] = {
	"question", "about_me", "tags", "level", "persona", "tools",
	"decomposition", "previous", "violations", NULL
};

/* Each slot's file name (without .md) and placeholders, by slot. */
static const struct {
	const char *file;
	const char *const *names;
} SLOTS[TU__PROMPTS] = {
	[TU_USE_HINT] = { "hint", HINT_NAMES },
	[TU_USE_REVIEW] = { "review", REVIEW_NAMES },
	[TU_USE_NARRATIVE] = { "narrative", NARRATIVE_NAMES },
	[TU_USE_GOALS] = { "goals", GOALS_NAMES },
	[TU_USE_ASK] = { "ask", ASK_NAMES },
	[TU_USE_PLAN] = { "plan_steps", PLAN_STEPS_NAMES },
	[TU_USE_PLAN_STEP] = { "plan_step", PLAN_STEP_NAMES },
	[TU__PROMPT_PLAN_DECOMPOSE] = { "plan_decompose",
					PLAN_DECOMPOSE_NAMES },
};

const char *const *tu__as_prompt_names(unsigned slot)
{
	return slot < TU__PROMPTS ? SLOTS[slot].names : NULL;
}

/* ---- placeholders ------------------------------------------------------ */

static bool name_char(char c, bool first)
{
	return (c >= 'a' && c <= 'z') || c == '_' ||
	       (!first && c >= '0' && c <= '9');
}

/*
 * Parses the placeholder starting at s ("{{"): its name into name[cap]
 * and its length into *len.  False when it is not closed or the name is
 * not [a-z_][a-z0-9_]*.
 */
static bool placeholder(const char *s, char *name, size_t cap, size_t *len)
{
	size_t i = 2, n = 0;

	while (s[i] == ' ')
		i++;
	while (name_char(s[i], n == 0) && n + 1 < cap)
		name[n++] = s[i++];
	name[n] = '\0';
	while (s[i] == ' ')
		i++;
	if (n == 0 || s[i] != '}' || s[i + 1] != '}')
		return false;
	*len = i + 2;
	return true;
}

static bool known(const char *const *names, const char *name)
{
	for (size_t i = 0; names[i]; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

/* Line number of offset off in text (1-based), for messages. */
static int line_of(const char *text, size_t off)
{
	int line = 1;

	for (size_t i = 0; i < off && text[i]; i++)
		line += text[i] == '\n';
	return line;
}

/* Checks every placeholder of tmpl (which starts at line first_line). */
static enum tu_status check_template(const struct tu__as_prompt *p,
				     const char *tmpl, int first_line,
				     const char *const *names,
				     struct tu_err *err)
{
	char name[TU__PROMPT_NAME_MAX];
	size_t len;

	for (const char *s = strstr(tmpl, "{{"); s; s = strstr(s, "{{")) {
		int line = first_line + line_of(tmpl, (size_t)(s - tmpl)) - 1;

		if (!placeholder(s, name, sizeof name, &len))
			return tu_err_set(err, TU_EPARSE, "%s:%d: a \"{{\" "
					  "that does not start a {{name}} "
					  "placeholder", p->path, line);
		if (!known(names, name))
			return tu_err_set(err, TU_EPARSE, "%s:%d: unknown "
					  "placeholder {{%s}} for the %s "
					  "prompt", p->path, line, name,
					  p->name);
		s += len;
	}
	return TU_OK;
}

/* ---- loading ----------------------------------------------------------- */

static enum tu_status read_file(const char *path, char **out,
				struct tu_err *err)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	size_t n;
	size_t bad = 0;

	if (!fp)
		return tu_err_set(err, TU_EIO, "%s: cannot read the prompt: %s",
				  path, strerror(errno));
	buf = malloc(TU__PROMPT_FILE_MAX + 1);
	if (!buf) {
		fclose(fp);
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", path);
	}
	n = fread(buf, 1, TU__PROMPT_FILE_MAX + 1, fp);
	fclose(fp);
	buf[n > TU__PROMPT_FILE_MAX ? TU__PROMPT_FILE_MAX : n] = '\0';
	if (n > TU__PROMPT_FILE_MAX) {
		free(buf);
		return tu_err_set(err, TU_ERANGE, "%s: prompt over %u bytes",
				  path, TU__PROMPT_FILE_MAX);
	}
	if (!tu_utf8_valid(buf, n, &bad)) {
		int line = line_of(buf, bad);

		free(buf);
		return tu_err_set(err, TU_EPARSE, "%s:%d: not UTF-8 text "
				  "(byte %zu)", path, line, bad);
	}
	*out = buf;
	return TU_OK;
}

/* Parses "version: N" at the start of text; *rest after its line. */
static enum tu_status parse_version(struct tu__as_prompt *p, const char *text,
				    const char **rest, struct tu_err *err)
{
	const char *s = text;
	char *end;
	unsigned long v;

	if (strncmp(s, "version:", 8) != 0)
		return tu_err_set(err, TU_EPARSE, "%s:1: the first line must "
				  "be \"version: N\"", p->path);
	s += 8;
	while (*s == ' ' || *s == '\t')
		s++;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (end == s || errno || v < 1 || v > 1000000 || *s == '-')
		return tu_err_set(err, TU_EPARSE, "%s:1: the version must be a "
				  "whole number from 1 to 1000000", p->path);
	while (*end == ' ' || *end == '\t' || *end == '\r')
		end++;
	if (*end != '\n' && *end != '\0')
		return tu_err_set(err, TU_EPARSE, "%s:1: text after the "
				  "version number", p->path);
	p->version = (uint32_t)v;
	*rest = *end ? end + 1 : end;
	return TU_OK;
}

/* Finds the separator line in body: its start, or NULL. */
static const char *find_separator(const char *body)
{
	size_t n = strlen(TU__USER_SEPARATOR);

	for (const char *s = body; s; s = strchr(s, '\n')) {
		if (*s == '\n')
			s++;
		if (strncmp(s, TU__USER_SEPARATOR, n) == 0 &&
		    (s[n] == '\n' || s[n] == '\0' ||
		     (s[n] == '\r' && s[n + 1] == '\n')))
			return s;
	}
	return NULL;
}

/* Splits body into p->system / p->user (copies). */
static enum tu_status split_parts(struct tu__as_prompt *p, const char *body,
				  struct tu_err *err)
{
	const char *sep = find_separator(body);
	const char *user = body;

	if (sep) {
		p->system = strndup(body, (size_t)(sep - body));
		user = strchr(sep, '\n');
		user = user ? user + 1 : sep + strlen(sep);
		if (!p->system)
			return tu_err_set(err, TU_ENOMEM, "%s: out of memory",
					  p->path);
	}
	p->user = strdup(user);
	if (!p->user)
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory",
				  p->path);
	return TU_OK;
}

enum tu_status tu__as_prompt_load(const char *dir, unsigned slot,
			       struct tu__as_prompt *p, struct tu_err *err)
{
	const char *const *names = tu__as_prompt_names(slot);
	const char *body = NULL;
	char *text = NULL;
	enum tu_status st;
	int user_line;

	memset(p, 0, sizeof(*p));
	if (!names)
		return tu_err_set(err, TU_EINVAL, "prompt slot %u unknown",
				  slot);
	tu__as_copy(p->name, sizeof p->name, SLOTS[slot].file);
	if ((size_t)snprintf(p->path, sizeof p->path, "%s/%s.md", dir,
			     p->name) >= sizeof p->path)
		return tu_err_set(err, TU_ERANGE, "prompts dir '%.64s...': "
				  "path too long", dir);
	st = read_file(p->path, &text, err);
	if (!st)
		st = parse_version(p, text, &body, err);
	if (!st)
		st = split_parts(p, body, err);
	if (!st && p->system)
		st = check_template(p, p->system, 2, names, err);
	user_line = 2 + (p->system ? line_of(p->system, strlen(p->system)) : 0);
	if (!st)
		st = check_template(p, p->user, user_line, names, err);
	free(text);
	if (st)
		tu__as_prompt_release(p);
	return st;
}

void tu__as_prompt_release(struct tu__as_prompt *p)
{
	free(p->system);
	free(p->user);
	p->system = NULL;
	p->user = NULL;
}

/* ---- rendering --------------------------------------------------------- */

static const struct tu__as_var *find_var(const struct tu__as_var *vars, size_t n,
				      const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(vars[i].name, name) == 0)
			return &vars[i];
	return NULL;
}

enum tu_status tu__as_prompt_render(const struct tu__as_prompt *p, const char *tmpl,
				 const struct tu__as_var *vars, size_t n_vars,
				 char **out, struct tu_err *err)
{
	char name[TU__PROMPT_NAME_MAX];
	struct tu__as_buf b;
	const char *s = tmpl, *at;
	size_t len;

	tu__as_buf_init(&b, TU__PROMPT_RENDER_MAX);
	while ((at = strstr(s, "{{")) != NULL) {
		const struct tu__as_var *v;

		tu__as_buf_put(&b, s, (size_t)(at - s));
		if (!placeholder(at, name, sizeof name, &len) ||
		    !(v = find_var(vars, n_vars, name))) {
			tu__as_buf_release(&b);
			return tu_err_set(err, TU_EINVAL, "%s: placeholder "
					  "{{%s}} has no value", p->path,
					  name);
		}
		tu__as_buf_str(&b, v->value ? v->value : "(none)");
		s = at + len;
	}
	tu__as_buf_str(&b, s);
	if (b.truncated && !b.failed) {
		tu__as_buf_release(&b);
		return tu_err_set(err, TU_ERANGE, "%s: the rendered prompt is "
				  "over %u bytes", p->path,
				  TU__PROMPT_RENDER_MAX);
	}
	*out = tu__as_buf_take(&b);
	if (!*out)
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", p->path);
	return TU_OK;
}
