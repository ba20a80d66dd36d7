/*
 * cmd_llm.c - `tutor llm status|test`: is an LLM configured, does it
 * answer, how much was used today; one structured call end to end.
 *
 * status prints the configuration without the key (only whether one is
 * set), probes the server with a short GET (<base>/models, else
 * <root>/health) and reads today's usage counts from the store, when
 * there is one.  test makes one structured-output call through the client
 * (tutor/llm.h) and prints which path served it; it is an administrator's
 * check and is not counted against the learners' budgets.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <curl/curl.h>
#include <jansson.h>

#include "assist_cli.h"
#include "commands.h"

#define PROBE_TIMEOUT_MS 3000L
#define PROBE_CONNECT_MS 2000L
#define PROBE_BODY_MAX 65536u

static void llm_usage(FILE *out)
{
	fputs("usage: tutor llm status\n"
	      "       tutor llm test\n\n"
	      "status prints the LLM configuration (base URL, model, "
	      "whether an API key\nis set, never the key), probes the server "
	      "(GET <base>/models, else\n<root>/health; 3-second timeout) and "
	      "shows today's usage (requests and\ntokens, UTC day) of the "
	      "learner and of everyone, from the store.  test\nmakes one "
	      "structured-output call and prints which path served it\n"
	      "(json_schema, json_object or text); it is not counted against "
	      "budgets.\n\n"
	      "Configuration (docs/llm.md): the [llm] section of "
	      "$XDG_CONFIG_HOME/tutor/\nconfig.ini (base_url, model, "
	      "api_key_env = the NAME of the variable that\nholds the key, "
	      "timeouts), then the environment (TUTOR_LLM_BASE_URL,\n"
	      "TUTOR_LLM_MODEL, TUTOR_LLM_API_KEY, TUTOR_LLM_TIMEOUT_S), "
	      "then --llm-url and\n--llm-model.  There is no option for the "
	      "key.\n\n"
	      "Exit status: 0 when no LLM is configured or the server "
	      "answered (test: the\nmodel answered with valid JSON), 1 when it "
	      "did not or the config is\nmalformed, 2 for a usage error.\n\n"
	      CLI_COMMON_HELP
	      "  -h, --help         show this help\n", out);
}

/* ---- the probe -----------------------------------------------------------*/

struct probe {
	char url[TU_LLM_URL_MAX + 16];
	long http;                 /* 0: no HTTP answer */
	char error[CURL_ERROR_SIZE];
	bool ok;
};

static size_t discard(char *p, size_t size, size_t n, void *ud)
{
	size_t *seen = ud;

	(void)p;
	*seen += size * n;
	return *seen > PROBE_BODY_MAX ? 0 : size * n;
}

/* GET url with the key (if any) in the Authorization header. */
static void probe_get(struct probe *p, const char *key)
{
	char auth[TU_LLM_KEY_MAX + 32];
	struct curl_slist *h = NULL;
	CURL *c = curl_easy_init();
	size_t seen = 0;
	CURLcode rc;

	p->http = 0;
	p->error[0] = '\0';
	if (!c) {
		snprintf(p->error, sizeof(p->error), "cannot start libcurl");
		return;
	}
	if (key[0]) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", key);
		h = curl_slist_append(NULL, auth);
		memset(auth, 0, sizeof(auth));
	}
	curl_easy_setopt(c, CURLOPT_URL, p->url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, PROBE_TIMEOUT_MS);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, PROBE_CONNECT_MS);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, p->error);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &seen);
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &p->http);
	else if (!p->error[0])
		snprintf(p->error, sizeof(p->error), "%s",
			 curl_easy_strerror(rc));
	p->ok = rc == CURLE_OK && p->http >= 200 && p->http < 300;
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
}

/* <base>/models, else <root>/health (root: base without a final /v1). */
static void probe(const struct tu_llm_config *c, struct probe *p)
{
	size_t n = strlen(c->base_url);

	while (n > 0 && c->base_url[n - 1] == '/')
		n--;
	snprintf(p->url, sizeof(p->url), "%.*s/models", (int)n, c->base_url);
	probe_get(p, c->api_key);
	if (p->ok)
		return;
	if (n >= 3 && strncmp(c->base_url + n - 3, "/v1", 3) == 0)
		n -= 3;
	snprintf(p->url, sizeof(p->url), "%.*s/health", (int)n, c->base_url);
	probe_get(p, c->api_key);
}

static void probe_text(const struct probe *p, char *buf, size_t cap)
{
	if (p->ok)
		snprintf(buf, cap, "answers (GET %s: HTTP %ld)", p->url,
			 p->http);
	else if (p->http)
		snprintf(buf, cap, "does not answer (GET %s: HTTP %ld%s)",
			 p->url, p->http, p->http == 401 || p->http == 403
			 ? "; check the API key" : "");
	else
		snprintf(buf, cap, "does not answer (GET %s: %s)", p->url,
			 p->error);
}

/* ---- usage from the store ------------------------------------------------*/

struct usage {
	bool have_store, have_learner;
	char learner[TU_ID_MAX];
	int64_t day;
	struct tu_store_usage mine, all;
};

static void usage_read(struct cli_env *e, const struct cli_common *o,
		       struct usage *u)
{
	const char *id = o->learner ? o->learner : getenv("TUTOR_LEARNER");
	char cur[TU_STORE_SETTING_MAX] = "";
	struct tu_learner_row row;

	memset(u, 0, sizeof(*u));
	u->day = e->now >= 0 ? e->now / 86400 : -((-e->now + 86399) / 86400);
	if (!e->store)
		return;
	u->have_store = tu_store_llm_usage_get(e->store, TU_STORE_USAGE_GLOBAL,
					       u->day, &u->all, NULL) == TU_OK;
	if ((!id || !*id) && tu_store_setting_get(e->store, "current_learner",
						  cur, sizeof(cur), NULL) == 0)
		id = cur;
	if (!id || !*id || tu_store_learner_get(e->store, id, &row, NULL))
		return;
	snprintf(u->learner, sizeof(u->learner), "%s", row.id);
	u->have_learner = tu_store_llm_usage_get(e->store, u->learner, u->day,
						 &u->mine, NULL) == TU_OK;
}

/* ---- status --------------------------------------------------------------*/

static void status_text(const struct tu_llm_config *c, const struct probe *p,
			const struct usage *u)
{
	struct tu_assist_config lim;
	char line[TU_LLM_URL_MAX + CURL_ERROR_SIZE + 64];

	tu_assist_config_default(&lim);
	if (!tu_llm_configured(c)) {
		printf("LLM: not configured (the deterministic texts serve); "
		       "set TUTOR_LLM_BASE_URL,\n     base_url in the config "
		       "file, or pass --llm-url\n");
	} else {
		probe_text(p, line, sizeof(line));
		printf("LLM: %s\nmodel: %s\nAPI key: %s\ntimeouts: connect "
		       "%u ms, total %u ms, %u retries\nserver: %s\n",
		       c->base_url, c->model[0] ? c->model : "(none)",
		       c->api_key[0] ? "set (from the environment)" : "not set",
		       c->connect_timeout_ms, c->timeout_ms, c->max_retries,
		       line);
	}
	if (!u->have_store) {
		printf("usage: no store yet\n");
		return;
	}
	if (u->have_learner)
		printf("usage today, learner %s: %llu requests, %llu tokens "
		       "(limits %u, %u)\n", u->learner,
		       (unsigned long long)u->mine.requests,
		       (unsigned long long)u->mine.tokens,
		       lim.learner_requests_day, lim.learner_tokens_day);
	printf("usage today, everyone: %llu requests, %llu tokens (limits "
	       "%u, %u)\n", (unsigned long long)u->all.requests,
	       (unsigned long long)u->all.tokens, lim.global_requests_day,
	       lim.global_tokens_day);
}

static json_t *usage_json(const struct tu_store_usage *s)
{
	return json_pack("{s:I, s:I}", "requests", (json_int_t)s->requests,
			 "tokens", (json_int_t)s->tokens);
}

static void status_json(const struct tu_llm_config *c, const struct probe *p,
			const struct usage *u)
{
	json_t *pr = NULL, *us = NULL, *o;
	char *s;

	if (tu_llm_configured(c))
		pr = json_pack("{s:s, s:b, s:I, s:s}", "url", p->url, "ok",
			       p->ok, "http_status", (json_int_t)p->http,
			       "error", p->error);
	if (u->have_store)
		us = json_pack("{s:I, s:s?, s:o*, s:o}", "day",
			       (json_int_t)u->day, "learner",
			       u->have_learner ? u->learner : NULL, "mine",
			       u->have_learner ? usage_json(&u->mine) : NULL,
			       "all", usage_json(&u->all));
	o = json_pack("{s:b, s:s, s:s, s:b, s:o*, s:o*}", "configured",
		      tu_llm_configured(c), "base_url", c->base_url, "model",
		      c->model, "api_key_set", c->api_key[0] != '\0', "probe",
		      pr, "usage", us);
	s = o ? json_dumps(o, JSON_COMPACT) : NULL;
	printf("%s\n", s ? s : "null");
	free(s);
	json_decref(o);
}

static int llm_status(struct cli_env *e, const struct cli_common *o)
{
	struct tu_llm_config c;
	struct probe p;
	struct usage u;

	memset(&p, 0, sizeof(p));
	if (cli_llm_config(e, &c))
		return 1;
	if (tu_llm_configured(&c))
		probe(&c, &p);
	usage_read(e, o, &u);
	if (e->json)
		status_json(&c, &p, &u);
	else
		status_text(&c, &p, &u);
	memset(c.api_key, 0, sizeof(c.api_key));
	return !tu_llm_configured(&c) || p.ok ? 0 : 1;
}

/* ---- test ----------------------------------------------------------------*/

static const char TEST_SCHEMA[] =
	"{\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"boolean\"},"
	"\"says\":{\"type\":\"string\",\"maxLength\":200}},"
	"\"required\":[\"ok\",\"says\"],\"additionalProperties\":false}";

static void test_print(const struct cli_env *e, const struct tu_llm_reply *r)
{
	json_t *o;
	char *s;

	if (!e->json) {
		printf("the model answered via %s (%u request(s), %u "
		       "repair(s), %u prompt + %u completion tokens):\n%s\n",
		       tu_llm_path_name(r->path), r->requests, r->repairs,
		       r->usage.prompt_tokens, r->usage.completion_tokens,
		       r->content ? r->content : "");
		return;
	}
	o = json_pack("{s:s, s:I, s:I, s:I, s:I, s:s}", "path",
		      tu_llm_path_name(r->path), "requests",
		      (json_int_t)r->requests, "repairs",
		      (json_int_t)r->repairs, "prompt_tokens",
		      (json_int_t)r->usage.prompt_tokens, "completion_tokens",
		      (json_int_t)r->usage.completion_tokens, "content",
		      r->content ? r->content : "");
	s = o ? json_dumps(o, JSON_COMPACT) : NULL;
	printf("%s\n", s ? s : "null");
	free(s);
	json_decref(o);
}

static int llm_test(struct cli_env *e)
{
	static const struct tu_llm_message msgs[] = {
		{ "system", "You check that a tutoring program can reach you. "
			    "Answer with one JSON object and nothing else." },
		{ "user", "Reply with {\"ok\": true, \"says\": \"<a greeting "
			  "of at most five words>\"}." },
	};
	struct tu_err err = TU_ERR_INIT;
	struct tu_llm_client *cl = NULL;
	struct tu_llm_request req;
	struct tu_llm_reply reply;
	struct tu_llm_config c;
	int rc = 1;

	if (cli_llm_config(e, &c))
		return 1;
	if (!tu_llm_configured(&c)) {
		cli_error("llm test: no LLM configured: set "
			  "TUTOR_LLM_BASE_URL, base_url in the config file, or "
			  "pass --llm-url");
		return 1;
	}
	memset(&req, 0, sizeof(req));
	req.messages = msgs;
	req.n_messages = 2;
	req.schema_name = "tutor_llm_test";
	req.schema_json = TEST_SCHEMA;
	req.max_tokens = 100;
	req.temperature = -1.0;
	tu_llm_reply_init(&reply);
	if (tu_llm_client_new(&c, &cl, &err) ||
	    tu_llm_structured(cl, &req, &reply, &err)) {
		cli_error("llm test: %s", err.msg);
	} else {
		test_print(e, &reply);
		rc = 0;
	}
	tu_llm_reply_release(&reply);
	tu_llm_client_free(cl);
	memset(c.api_key, 0, sizeof(c.api_key));
	return rc;
}

/* ---- the command ---------------------------------------------------------*/

static int parse(int argc, char **argv, struct cli_common *o)
{
	static const struct option longs[] = {
		{ "help", no_argument, NULL, 'h' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		if (cli_common_opt(o, c, optarg))
			continue;
		if (c == 'h') {
			llm_usage(stdout);
			return 0;
		}
		cli_error("llm: unknown or incomplete option '%s'; see 'tutor "
			  "llm --help'", argv[optind - 1]);
		return EXIT_USAGE;
	}
	return -1;
}

/* The store when there is one (status reads usage from it); the clock. */
static int open_env(struct cli_env *e, const struct cli_common *o)
{
	char db[4096];
	struct stat sb;

	cli_db_path(o->db, db, sizeof(db));
	if (stat(db, &sb) == 0)
		return cli_env_open(e, o, 0);
	/* no store: only the options matter (no usage to show) */
	memset(e, 0, sizeof(*e));
	e->json = o->json;
	e->llm_url = o->llm_url;
	e->llm_model = o->llm_model;
	return 0;
}

int cmd_llm(int argc, char **argv)
{
	struct cli_common o;
	struct cli_env e;
	const char *sub;
	int rc;

	memset(&o, 0, sizeof(o));
	rc = parse(argc, argv, &o);
	if (rc >= 0)
		return rc;
	sub = optind < argc ? argv[optind] : "";
	if ((strcmp(sub, "status") != 0 && strcmp(sub, "test") != 0) ||
	    argc - optind != 1) {
		cli_error("llm: expected 'status' or 'test'; see 'tutor llm "
			  "--help'");
		return EXIT_USAGE;
	}
	rc = open_env(&e, &o);
	if (rc == 0)
		rc = strcmp(sub, "status") == 0 ? llm_status(&e, &o)
						: llm_test(&e);
	cli_env_close(&e);
	return rc;
}
