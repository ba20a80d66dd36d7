/*
 * fake_server.c - the C side of tests/llm/fake_openai.py (fake_server.h).
 * Test support only: plain libcurl for the control requests, fork/exec
 * for the server.
 */
#include <curl/curl.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fake_server.h"

#ifndef TU_FAKE_OPENAI_PY
#define TU_FAKE_OPENAI_PY "tests/llm/fake_openai.py"
#endif

struct fs_buf {
	char *p;
	size_t n;
};

static size_t fs_write(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct fs_buf *b = ud;
	size_t n = size * nmemb;
	char *q = realloc(b->p, b->n + n + 1);

	if (!q)
		return 0;
	memcpy(q + b->n, ptr, n);
	b->p = q;
	b->n += n;
	b->p[b->n] = '\0';
	return n;
}

/* One control request; *out (may be NULL) gets the body (free()). */
static int fs_http(const struct tu_fake_server *fs, const char *path,
		   const char *post, char **out)
{
	char url[128];
	struct fs_buf b = { NULL, 0 };
	long code = 0;
	CURL *c = curl_easy_init();
	CURLcode rc;

	if (!c)
		return -1;
	snprintf(url, sizeof(url), "%s%s", fs->root_url, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, fs_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 10000L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (post)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, post);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK || code != 200) {
		free(b.p);
		return -1;
	}
	if (out)
		*out = b.p ? b.p : strdup("");
	else
		free(b.p);
	return 0;
}

static void fs_child(int fd)
{
	const char *py = getenv("TUTOR_FAKE_OPENAI");

	if (!py || !*py)
		py = TU_FAKE_OPENAI_PY;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (dup2(fd, STDOUT_FILENO) < 0)
		_exit(127);
	close(fd);
	execlp("python3", "python3", py, (char *)NULL);
	_exit(127);
}

/* Reads "PORT n\n" from fd within 10 s. */
static int fs_read_port(int fd)
{
	char line[64];
	size_t n = 0;
	struct pollfd p = { fd, POLLIN, 0 };
	int port = 0;

	while (n + 1 < sizeof(line)) {
		ssize_t r;

		if (poll(&p, 1, 10000) <= 0)
			return -1;
		r = read(fd, line + n, 1);
		if (r <= 0)
			return -1;
		if (line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	if (sscanf(line, "PORT %d", &port) != 1 || port <= 0)
		return -1;
	return port;
}

int tu_fake_start(struct tu_fake_server *fs)
{
	int pfd[2];

	memset(fs, 0, sizeof(*fs));
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (pipe(pfd) < 0)
		return -1;
	fs->pid = fork();
	if (fs->pid < 0) {
		fs->pid = 0;
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (fs->pid == 0) {
		close(pfd[0]);
		fs_child(pfd[1]);
	}
	close(pfd[1]);
	fs->port = fs_read_port(pfd[0]);
	close(pfd[0]);
	if (fs->port < 0) {
		tu_fake_stop(fs);
		return -1;
	}
	snprintf(fs->root_url, sizeof(fs->root_url), "http://127.0.0.1:%d",
		 fs->port);
	snprintf(fs->base_url, sizeof(fs->base_url), "http://127.0.0.1:%d/v1",
		 fs->port);
	return 0;
}

void tu_fake_stop(struct tu_fake_server *fs)
{
	if (fs->pid > 0) {
		kill(fs->pid, SIGTERM);
		while (waitpid(fs->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	fs->pid = 0;
}

int tu_fake_script(const struct tu_fake_server *fs, const char *json_text)
{
	return fs_http(fs, "/_script", json_text, NULL);
}

int tu_fake_reset(const struct tu_fake_server *fs)
{
	return fs_http(fs, "/_reset", "", NULL);
}

json_t *tu_fake_requests(const struct tu_fake_server *fs)
{
	char *body = NULL;
	json_t *j;

	if (fs_http(fs, "/_requests", NULL, &body) < 0)
		return NULL;
	j = json_loads(body, 0, NULL);
	free(body);
	if (j && !json_is_array(j)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

int tu_fake_request_count(const struct tu_fake_server *fs)
{
	json_t *j = tu_fake_requests(fs);
	int n;

	if (!j)
		return -1;
	n = (int)json_array_size(j);
	json_decref(j);
	return n;
}

json_t *tu_fake_request_json(const struct tu_fake_server *fs, size_t i)
{
	json_t *all = tu_fake_requests(fs);
	json_t *one = NULL;

	if (!all)
		return NULL;
	one = json_object_get(json_array_get(all, i), "json");
	if (one && !json_is_null(one))
		json_incref(one);
	else
		one = NULL;
	json_decref(all);
	return one;
}
