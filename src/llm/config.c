/*
 * config.c - the LLM settings: defaults, the [llm] section of tutor's
 * config file, and the TUTOR_LLM_* environment (tutor/llm.h).
 *
 * The file syntax is a small strict INI: "[section]" lines, "key = value"
 * lines, blank lines and comments starting with '#' or ';'; a value may
 * be wrapped in double quotes.  Every line of the file must have that
 * syntax; keys of other sections are left to their owners, keys of [llm]
 * must be known and appear once.  Errors are "FILE:LINE: why" or
 * "VARIABLE: why".  The API key is never read from the file: api_key_env
 * names the environment variable that holds it.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/utf8.h"
#include "llm_internal.h"

#define FILE_MAX (64u * 1024u)
#define LINE_MAX_LEN 1024
#define TIMEOUT_S_MAX 3600.0

void tu_llm_config_default(struct tu_llm_config *c)
{
	memset(c, 0, sizeof(*c));
	c->connect_timeout_ms = 5000;
	c->timeout_ms = 60000;
	c->max_retries = 3;
	c->backoff_base_ms = 500;
	c->backoff_max_ms = 20000;
	c->max_response_bytes = TU_LLM_RESPONSE_MAX_DEFAULT;
	c->temperature = 0.2;
	c->max_tokens = 600;
	c->seed = 42;
	c->stream = false;
}

bool tu_llm_configured(const struct tu_llm_config *c)
{
	return c && c->base_url[0] != '\0';
}

/* -------------------------------------------------------------- values */

/* Where a value comes from, for messages: "file:12" or "VARIABLE". */
struct src {
	char where[TU_ERR_MSG_MAX / 2];
};

static enum tu_status set_str(char *dst, size_t cap, const char *v,
			      const struct src *s, const char *what,
			      struct tu_err *err)
{
	size_t n = strlen(v);

	if (n >= cap)
		return tu_err_set(err, TU_ERANGE, "%s: %s longer than %zu bytes",
				  s->where, what, cap - 1);
	memcpy(dst, v, n + 1);
	return TU_OK;
}

static enum tu_status set_url(struct tu_llm_config *c, const char *v,
			      const struct src *s, struct tu_err *err)
{
	if (v[0] && strncmp(v, "http://", 7) != 0 &&
	    strncmp(v, "https://", 8) != 0)
		return tu_err_set(err, TU_EPARSE, "%s: base_url must start "
				  "with http:// or https://", s->where);
	if (strpbrk(v, " \t"))
		return tu_err_set(err, TU_EPARSE, "%s: base_url contains a "
				  "space", s->where);
	return set_str(c->base_url, sizeof(c->base_url), v, s, "base_url",
		       err);
}

/* A number in [lo, hi]; TU_EPARSE when not a number. */
static enum tu_status get_num(const char *v, double lo, double hi,
			      const struct src *s, const char *what,
			      double *out, struct tu_err *err)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(v, &end);
	if (!v[0] || *end || errno || !isfinite(d))
		return tu_err_set(err, TU_EPARSE, "%s: %s: expected a number, "
				  "got \"%.40s\"", s->where, what, v);
	if (d < lo || d > hi)
		return tu_err_set(err, TU_ERANGE, "%s: %s: %g is outside "
				  "[%g, %g]", s->where, what, d, lo, hi);
	*out = d;
	return TU_OK;
}

static enum tu_status get_int(const char *v, double lo, double hi,
			      const struct src *s, const char *what,
			      uint32_t *out, struct tu_err *err)
{
	double d;
	enum tu_status rc = get_num(v, lo, hi, s, what, &d, err);

	if (rc == TU_OK && floor(d) != d)
		rc = tu_err_set(err, TU_EPARSE, "%s: %s: expected an integer, "
				"got \"%.40s\"", s->where, what, v);
	if (rc == TU_OK)
		*out = (uint32_t)d;
	return rc;
}

static enum tu_status get_seconds(const char *v, const struct src *s,
				  const char *what, uint32_t *ms,
				  struct tu_err *err)
{
	double d;
	enum tu_status rc = get_num(v, 0.001, TIMEOUT_S_MAX, s, what, &d,
				    err);

	if (rc == TU_OK)
		*ms = (uint32_t)lround(d * 1000.0);
	return rc;
}

static bool env_name_ok(const char *v)
{
	if (!(v[0] == '_' || (v[0] >= 'A' && v[0] <= 'Z') ||
	      (v[0] >= 'a' && v[0] <= 'z')))
		return false;
	for (size_t i = 1; v[i]; i++)
		if (!(v[i] == '_' || (v[i] >= 'A' && v[i] <= 'Z') ||
		      (v[i] >= 'a' && v[i] <= 'z') ||
		      (v[i] >= '0' && v[i] <= '9')))
			return false;
	return strlen(v) <= 128;
}

/* api_key_env: the key comes from the named variable (unset: no key). */
static enum tu_status set_key_env(struct tu_llm_config *c, const char *v,
				  const struct src *s, struct tu_err *err)
{
	const char *key;

	if (!env_name_ok(v))
		return tu_err_set(err, TU_EPARSE, "%s: api_key_env must be the "
				  "name of an environment variable", s->where);
	key = getenv(v);
	if (key && strlen(key) >= sizeof(c->api_key))
		return tu_err_set(err, TU_ERANGE, "%s: the variable named by "
				  "api_key_env is longer than %zu bytes",
				  s->where, sizeof(c->api_key) - 1);
	snprintf(c->api_key, sizeof(c->api_key), "%s", key ? key : "");
	return TU_OK;
}

static enum tu_status set_bool(bool *out, const char *v, const struct src *s,
			       const char *what, struct tu_err *err)
{
	if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0) {
		*out = v[0] == 't';
		return TU_OK;
	}
	return tu_err_set(err, TU_EPARSE, "%s: %s: expected true or false",
			  s->where, what);
}

static enum tu_status set_key(struct tu_llm_config *c, const char *k,
			      const char *v, const struct src *s,
			      struct tu_err *err)
{
	double t;
	enum tu_status rc;

	if (strcmp(k, "base_url") == 0)
		return set_url(c, v, s, err);
	if (strcmp(k, "model") == 0)
		return set_str(c->model, sizeof(c->model), v, s, "model", err);
	if (strcmp(k, "api_key_env") == 0)
		return set_key_env(c, v, s, err);
	if (strcmp(k, "connect_timeout_s") == 0)
		return get_seconds(v, s, k, &c->connect_timeout_ms, err);
	if (strcmp(k, "timeout_s") == 0)
		return get_seconds(v, s, k, &c->timeout_ms, err);
	if (strcmp(k, "retries") == 0)
		return get_int(v, 0, 10, s, k, &c->max_retries, err);
	if (strcmp(k, "max_tokens") == 0)
		return get_int(v, 1, 1000000, s, k, &c->max_tokens, err);
	if (strcmp(k, "stream") == 0)
		return set_bool(&c->stream, v, s, k, err);
	if (strcmp(k, "temperature") == 0) {
		rc = get_num(v, 0.0, 2.0, s, k, &t, err);
		if (rc == TU_OK)
			c->temperature = t;
		return rc;
	}
	if (strcmp(k, "seed") == 0) {
		rc = get_num(v, 0.0, 2147483647.0, s, k, &t, err);
		if (rc == TU_OK)
			c->seed = (int64_t)t;
		return rc;
	}
	return tu_err_set(err, TU_EPARSE, "%s: unknown key \"%.40s\" in [llm]",
			  s->where, k);
}

/* ---------------------------------------------------------------- file */

static const char *const keys[] = {
	"base_url", "model", "api_key_env", "connect_timeout_s", "timeout_s",
	"retries", "max_tokens", "stream", "temperature", "seed", NULL
};

struct parse {
	struct tu_llm_config *c;
	const char *path;
	size_t line;
	bool in_llm;
	unsigned seen;                 /* bit i: keys[i] already set */
	struct tu_err *err;
};

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static enum tu_status section_line(struct parse *p, char *s)
{
	char *end = strchr(s, ']');

	if (!end || *trim(end + 1))
		return tu_err_set(p->err, TU_EPARSE, "%s:%zu: expected "
				  "\"[section]\"", p->path, p->line);
	*end = '\0';
	p->in_llm = strcmp(trim(s + 1), "llm") == 0;
	return TU_OK;
}

static enum tu_status key_line(struct parse *p, char *s)
{
	char *eq = strchr(s, '='), *k, *v;
	struct src src;
	size_t i, n;

	if (!eq)
		return tu_err_set(p->err, TU_EPARSE, "%s:%zu: expected "
				  "\"key = value\"", p->path, p->line);
	*eq = '\0';
	k = trim(s);
	v = trim(eq + 1);
	n = strlen(v);
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v[n - 1] = '\0';
		v++;
	}
	if (!k[0])
		return tu_err_set(p->err, TU_EPARSE, "%s:%zu: empty key",
				  p->path, p->line);
	if (!p->in_llm)
		return TU_OK;
	for (i = 0; keys[i] && strcmp(keys[i], k) != 0; i++)
		;
	if (keys[i] && (p->seen & (1u << i)))
		return tu_err_set(p->err, TU_EPARSE, "%s:%zu: \"%s\" set twice",
				  p->path, p->line, k);
	p->seen |= keys[i] ? 1u << i : 0;
	snprintf(src.where, sizeof(src.where), "%.200s:%zu", p->path, p->line);
	return set_key(p->c, k, v, &src, p->err);
}

static enum tu_status parse_line(struct parse *p, char *s, size_t n)
{
	if (n > LINE_MAX_LEN)
		return tu_err_set(p->err, TU_EPARSE, "%s:%zu: line longer than "
				  "%d bytes", p->path, p->line, LINE_MAX_LEN);
	s = trim(s);
	if (!s[0] || s[0] == '#' || s[0] == ';')
		return TU_OK;
	if (s[0] == '[')
		return section_line(p, s);
	return key_line(p, s);
}

static enum tu_status parse_text(struct parse *p, char *text, size_t len)
{
	size_t bad;
	char *s = text;

	if (memchr(text, '\0', len) || !tu_utf8_valid(text, len, &bad))
		return tu_err_set(p->err, TU_EPARSE, "%s: not UTF-8 text",
				  p->path);
	while (s < text + len) {
		char *nl = memchr(s, '\n', (size_t)(text + len - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(text + len - s);
		enum tu_status rc;

		s[n] = '\0';
		p->line++;
		rc = parse_line(p, s, n);
		if (rc != TU_OK)
			return rc;
		s += n + 1;
	}
	return TU_OK;
}

/* Reads the whole file into a NUL-terminated buffer; *missing when it
 * does not exist. */
static enum tu_status read_file(const char *path, char **out, size_t *len,
				bool *missing, struct tu_err *err)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	*missing = false;
	*out = NULL;
	if (!f) {
		*missing = errno == ENOENT;
		return tu_err_set(err, TU_EIO, "%s: cannot open: %s", path,
				  strerror(errno));
	}
	buf = malloc(FILE_MAX + 1);
	*len = buf ? fread(buf, 1, FILE_MAX + 1, f) : 0;
	if (!buf || ferror(f) || *len > FILE_MAX) {
		fclose(f);
		free(buf);
		return tu_err_set(err, buf ? TU_EIO : TU_ENOMEM,
				  "%s: unreadable or over %u bytes", path,
				  FILE_MAX);
	}
	fclose(f);
	buf[*len] = '\0';
	*out = buf;
	return TU_OK;
}

static void default_path(char *out, size_t cap)
{
	const char *x = getenv("XDG_CONFIG_HOME"), *h = getenv("HOME");

	out[0] = '\0';
	if (x && x[0] == '/')
		snprintf(out, cap, "%.400s/tutor/config.ini", x);
	else if (h && h[0])
		snprintf(out, cap, "%.400s/.config/tutor/config.ini", h);
}

static enum tu_status load_file(struct tu_llm_config *c, const char *path,
				struct tu_err *err)
{
	char dflt[512];
	struct parse p = { c, path, 0, false, 0, err };
	char *text = NULL;
	size_t len = 0;
	bool missing;
	enum tu_status rc;

	if (!path) {
		default_path(dflt, sizeof(dflt));
		if (!dflt[0])
			return TU_OK;
		p.path = dflt;
	}
	rc = read_file(p.path, &text, &len, &missing, err);
	if (rc != TU_OK && missing && !path) {
		tu_err_clear(err);
		return TU_OK;
	}
	if (rc == TU_OK)
		rc = parse_text(&p, text, len);
	free(text);
	return rc;
}

/* --------------------------------------------------------- environment */

static enum tu_status load_env(struct tu_llm_config *c, struct tu_err *err)
{
	const char *v;
	struct src s;
	enum tu_status rc = TU_OK;

	if ((v = getenv("TUTOR_LLM_BASE_URL"))) {
		snprintf(s.where, sizeof(s.where), "TUTOR_LLM_BASE_URL");
		rc = set_url(c, v, &s, err);
	}
	if (rc == TU_OK && (v = getenv("TUTOR_LLM_MODEL"))) {
		snprintf(s.where, sizeof(s.where), "TUTOR_LLM_MODEL");
		rc = set_str(c->model, sizeof(c->model), v, &s, "model", err);
	}
	if (rc == TU_OK && (v = getenv("TUTOR_LLM_API_KEY"))) {
		snprintf(s.where, sizeof(s.where), "TUTOR_LLM_API_KEY");
		rc = strlen(v) < sizeof(c->api_key)
		     ? set_str(c->api_key, sizeof(c->api_key), v, &s, "key", err)
		     : tu_err_set(err, TU_ERANGE, "TUTOR_LLM_API_KEY: longer "
				  "than %zu bytes", sizeof(c->api_key) - 1);
	}
	if (rc == TU_OK && (v = getenv("TUTOR_LLM_TIMEOUT_S"))) {
		snprintf(s.where, sizeof(s.where), "TUTOR_LLM_TIMEOUT_S");
		rc = get_seconds(v, &s, "timeout", &c->timeout_ms, err);
	}
	return rc;
}

enum tu_status tu_llm_config_load(struct tu_llm_config *c, const char *path,
				  struct tu_err *err)
{
	enum tu_status rc;

	tu_llm_config_default(c);
	rc = load_file(c, path, err);
	if (rc == TU_OK)
		rc = load_env(c, err);
	if (rc != TU_OK)
		tu_llm_config_default(c);   /* nothing half-loaded */
	return rc;
}
