/*
 * harness_c.c - generates harness.c, the C program that calls the
 * learner's function once per case (docs/judge.md, "C harness").
 *
 * The harness declares the prototype from the signature, then includes
 * solution.c (so a definition that does not match the signature is a
 * compile error, and a learner's main is renamed away), then runs the
 * cases in order with their inputs as literals.  Expected values are
 * never written.  After each case it prints one result line
 *   "\n@@<nonce> {\"i\":K,\"t\":SECONDS,\"v\":VALUE}\n"
 * and flushes, so the learner's own output of case K is whatever stdout
 * holds between result lines K-1 and K.  Pure: memory only.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "judge_internal.h"

static const char *c_scalar(enum tu__base b, bool ret)
{
	switch (b) {
	case TU__T_INT: return "long long";
	case TU__T_FLOAT: return "double";
	case TU__T_BOOL: return "bool";
	case TU__T_STR: return ret ? "char *" : "const char *";
	case TU__T_ANY: break;
	}
	return "void *";
}

/* Element type of an array literal / returned array. */
static const char *c_elem(enum tu__base b, bool ret)
{
	if (b == TU__T_STR)
		return ret ? "char *" : "const char *const";
	return c_scalar(b, ret);
}

static void put_prototype(FILE *f, const struct tu_problem *p)
{
	const struct tu__type *r = &p->returns;

	if (r->depth)
		fprintf(f, "%s *%s(", c_elem(r->base, true), p->func);
	else
		fprintf(f, "%s %s(", c_scalar(r->base, true), p->func);
	for (size_t i = 0; i < p->n_params; i++) {
		const struct tu__param *q = &p->params[i];

		if (i)
			fputs(", ", f);
		if (q->type.depth)
			fprintf(f, "const %s *%s, size_t %s_len",
				q->type.base == TU__T_STR ? "char *const"
				: c_scalar(q->type.base, false), q->name,
				q->name);
		else
			fprintf(f, "%s %s", c_scalar(q->type.base, false),
				q->name);
	}
	if (r->depth)
		fprintf(f, "%ssize_t *out_len", p->n_params ? ", " : "");
	else if (!p->n_params)
		fputs("void", f);
	fputs(")", f);
}

static void put_cstr(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '?')
			fputc(c, f);
		else
			fprintf(f, "\\%03o", c);
	}
	fputc('"', f);
}

static void put_scalar(FILE *f, enum tu__base b, const json_t *v)
{
	json_int_t i;

	switch (b) {
	case TU__T_INT:
		i = json_integer_value(v);
		if (i == LLONG_MIN)
			fputs("(-9223372036854775807LL - 1)", f);
		else
			fprintf(f, "%" JSON_INTEGER_FORMAT "LL", i);
		break;
	case TU__T_FLOAT:
		fprintf(f, "%.17g", json_number_value(v));
		break;
	case TU__T_BOOL:
		fputs(json_is_true(v) ? "true" : "false", f);
		break;
	case TU__T_STR:
		put_cstr(f, json_string_value(v));
		break;
	case TU__T_ANY:
		fputs("0", f);
		break;
	}
}

/* static const arrays for the list parameters of one case. */
static void put_arrays(FILE *f, const struct tu_problem *p,
		       const json_t *input)
{
	for (size_t i = 0; i < p->n_params; i++) {
		const struct tu__param *q = &p->params[i];
		const json_t *v = json_object_get(input, q->name);

		if (!q->type.depth)
			continue;
		fprintf(f, "\t\tstatic %s%s tu__h_p%zu[] = { ",
			q->type.base == TU__T_STR ? "" : "const ",
			c_elem(q->type.base, false), i);
		for (size_t k = 0; k < json_array_size(v); k++) {
			put_scalar(f, q->type.base, json_array_get(v, k));
			fputs(", ", f);
		}
		fputs(json_array_size(v) ? "};\n" : "0 };\n", f);
	}
}

static void put_call(FILE *f, const struct tu_problem *p,
		     const json_t *input)
{
	fprintf(f, "%s(", p->func);
	for (size_t i = 0; i < p->n_params; i++) {
		const struct tu__param *q = &p->params[i];
		const json_t *v = json_object_get(input, q->name);

		if (i)
			fputs(", ", f);
		if (q->type.depth)
			fprintf(f, "tu__h_p%zu, %zu", i, json_array_size(v));
		else
			put_scalar(f, q->type.base, v);
	}
	if (p->returns.depth)
		fprintf(f, "%s&tu__h_n", p->n_params ? ", " : "");
	fputs(")", f);
}

static void put_case(FILE *f, const struct tu_problem *p, size_t k,
		     const json_t *input)
{
	const struct tu__type *r = &p->returns;

	fputs("\t{\n", f);
	put_arrays(f, p, input);
	fprintf(f, "\t\tdouble tu__h_t = tu__h_now();\n"
		"\t\ttu__h_case_begin(%zu);\n", k);
	if (r->depth) {
		fprintf(f, "\t\tsize_t tu__h_n = (size_t)-1;\n\t\t%s *tu__h_r = ",
			c_elem(r->base, true));
	} else {
		fprintf(f, "\t\t%s tu__h_r = ", c_scalar(r->base, true));
	}
	put_call(f, p, input);
	fprintf(f, ";\n\t\ttu__h_case_end();\n"
		"\t\ttu__h_t = tu__h_now() - tu__h_t;\n"
		"\t\ttu__h_emit(%zu, tu__h_t, tu__h_r%s);\n\t}\n", k,
		r->depth ? ", tu__h_n" : "");
}

/* Support code common to all harnesses. */
static const char prelude[] =
	"#include <math.h>\n#include <stdio.h>\n#include <stdlib.h>\n"
	"#include <string.h>\n#include <time.h>\n\n"
	"void tu__h_case_begin(size_t i);\nvoid tu__h_case_end(void);\n\n"
	"static double tu__h_now(void)\n{\n\tstruct timespec ts;\n"
	"\ttimespec_get(&ts, TIME_UTC);\n"
	"\treturn (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;\n}\n\n"
	"static void tu__h_str(const char *s)\n{\n"
	"\tif (!s) { fputs(\"null\", stdout); return; }\n"
	"\tputchar('\"');\n\tfor (; *s; s++) {\n"
	"\t\tunsigned char c = (unsigned char)*s;\n"
	"\t\tif (c == '\"' || c == '\\\\') printf(\"\\\\%c\", c);\n"
	"\t\telse if (c < 0x20 || c == 0x7f) printf(\"\\\\u%04x\", c);\n"
	"\t\telse putchar(c);\n\t}\n\tputchar('\"');\n}\n\n"
	"static void tu__h_real(double d)\n{\n"
	"\tif (isnan(d)) fputs(\"\\\"nan\\\"\", stdout);\n"
	"\telse if (isinf(d)) fputs(d > 0 ? \"\\\"inf\\\"\" : \"\\\"-inf\\\"\", stdout);\n"
	"\telse {\n\t\tchar b[40];\n\t\tsnprintf(b, sizeof(b), \"%.17g\", d);\n"
	"\t\tfputs(b, stdout);\n"
	"\t\tif (!strpbrk(b, \".e\")) fputs(\".0\", stdout);\n\t}\n}\n\n"
	"static void tu__h_head(size_t i, double t)\n{\n"
	"\tprintf(\"\\n@@%s {\\\"i\\\":%zu,\\\"t\\\":%.6f,\", TU__H_NONCE, i, t);\n}\n\n"
	"static void tu__h_tail(void)\n{\n\tfputs(\"}\\n\", stdout);\n"
	"\tfflush(stdout);\n}\n\n"
	"static void tu__h_bad(size_t i, double t, const char *msg)\n{\n"
	"\ttu__h_head(i, t);\n\tprintf(\"\\\"err\\\":\\\"BadReturn\\\",\\\"msg\\\":\");\n"
	"\ttu__h_str(msg);\n\ttu__h_tail();\n}\n\n";

/* How one element / the scalar result is printed, by base type. */
static const char *put_expr(enum tu__base b)
{
	switch (b) {
	case TU__T_INT: return "printf(\"%lld\", X)";
	case TU__T_FLOAT: return "tu__h_real(X)";
	case TU__T_BOOL: return "fputs((X) ? \"true\" : \"false\", stdout)";
	case TU__T_STR: return "tu__h_str(X)";
	case TU__T_ANY: break;
	}
	return "fputs(\"null\", stdout)";
}

/* Writes expr with every X replaced by arg. */
static void put_subst(FILE *f, const char *expr, const char *arg)
{
	for (; *expr; expr++) {
		if (*expr == 'X')
			fputs(arg, f);
		else
			fputc(*expr, f);
	}
}

static void put_emit(FILE *f, const struct tu_problem *p)
{
	const struct tu__type *r = &p->returns;
	bool str = r->base == TU__T_STR;

	if (!r->depth) {
		fprintf(f, "static void tu__h_emit(size_t i, double t, %s r)\n"
			"{\n\ttu__h_head(i, t);\n\tfputs(\"\\\"v\\\":\", stdout);\n\t",
			c_scalar(r->base, true));
		put_subst(f, put_expr(r->base), "r");
		fprintf(f, ";\n\ttu__h_tail();\n%s}\n\n",
			str ? "\tfree(r);\n" : "");
		return;
	}
	fprintf(f, "static void tu__h_emit(size_t i, double t, %s *r, size_t n)\n"
		"{\n\tif (n == (size_t)-1) { tu__h_bad(i, t, \"the function did "
		"not set *out_len\"); return; }\n"
		"\tif (!r && n) { tu__h_bad(i, t, \"returned NULL with *out_len > 0\"); return; }\n"
		"\tif (n > 10000000) { tu__h_bad(i, t, \"*out_len is implausibly large\"); return; }\n"
		"\ttu__h_head(i, t);\n\tfputs(\"\\\"v\\\":[\", stdout);\n"
		"\tfor (size_t k = 0; k < n; k++) {\n\t\tif (k) putchar(',');\n\t\t",
		c_elem(r->base, true));
	put_subst(f, put_expr(r->base), "r[k]");
	fprintf(f, ";\n%s\t}\n\tputchar(']');\n\ttu__h_tail();\n\tfree(r);\n}\n\n",
		str ? "\t\tfree(r[k]);\n" : "");
}

static bool signature_c_ok(const struct tu_problem *p)
{
	if (!tu__type_c_ok(&p->returns))
		return false;
	for (size_t i = 0; i < p->n_params; i++)
		if (!tu__type_c_ok(&p->params[i].type))
			return false;
	return true;
}

enum tu_status tu__harness_c(const struct tu_problem *p,
			     json_t *const *in, size_t n,
			     const char *nonce, char **out,
			     struct tu_err *err)
{
	size_t len = 0;
	FILE *f;

	*out = NULL;
	if (p->kind != TU__KIND_FUNCTION || !signature_c_ok(p))
		return tu_err_set(err, TU_EINVAL, "%s: the signature has no C "
				  "form (type any or nested lists)", p->file);
	f = open_memstream(out, &len);
	if (!f)
		return tu_err_set(err, TU_ENOMEM, "out of memory (harness)");
	fprintf(f, "/* harness.c: generated by tutor judge */\n"
		"#include <stdbool.h>\n#include <stddef.h>\n\n");
	put_prototype(f, p);
	fprintf(f, ";\n\n#define main tu__learner_main\n#include \"solution.c\"\n"
		"#undef main\n\n#define TU__H_NONCE \"%s\"\n", nonce);
	fputs(prelude, f);
	put_emit(f, p);
	fputs("int main(void)\n{\n\t(void)tu__h_bad;\n\t(void)tu__h_real;\n"
	      "\t(void)tu__h_str;\n", f);
	for (size_t k = 0; k < n; k++)
		put_case(f, p, k, in[k]);
	fputs("\treturn 0;\n}\n", f);
	if (fclose(f) != 0 || !*out) {
		free(*out);
		*out = NULL;
		return tu_err_set(err, TU_ENOMEM, "out of memory (harness)");
	}
	return TU_OK;
}

/*
 * timer.c: the per-case time limit, a separate translation unit so that
 * its POSIX feature macro does not change how solution.c compiles.  The
 * limit is CPU time, but the only timer the sandbox lets a program set is
 * ITIMER_REAL, and any signal cuts a sleep() short.  So the timer fires
 * first after 2 x limit + 0.5 s of wall time: a case that has used its
 * CPU budget, or hardly any CPU (it sleeps or waits), has exceeded the
 * limit; a case that computes on a loaded machine gets the rest of its
 * budget, up to 3 x limit + 1 s of wall time.  On expiry it writes the
 * case's "tle" record and exits, so the later cases are not run.
 */
static const char timer_src[] =
	"/* timer.c: generated by tutor judge */\n"
	"#define _POSIX_C_SOURCE 200809L\n"
	"#include <signal.h>\n#include <stddef.h>\n#include <string.h>\n"
	"#include <sys/time.h>\n#include <time.h>\n#include <unistd.h>\n\n"
	"void tu__h_case_begin(size_t i);\nvoid tu__h_case_end(void);\n\n"
	"static volatile sig_atomic_t tu__t_case = -1;\n"
	"static struct timespec tu__t_cpu0, tu__t_wall0;\n\n"
	"static double tu__t_since(clockid_t c, const struct timespec *t0)\n{\n"
	"\tstruct timespec ts;\n\tclock_gettime(c, &ts);\n"
	"\treturn (double)(ts.tv_sec - t0->tv_sec) +\n"
	"\t       (double)(ts.tv_nsec - t0->tv_nsec) * 1e-9;\n}\n\n"
	"static void tu__t_arm(double s)\n{\n\tstruct itimerval it;\n"
	"\tmemset(&it, 0, sizeof(it));\n\tif (s < 0.001) s = 0.001;\n"
	"\tit.it_value.tv_sec = (time_t)s;\n"
	"\tit.it_value.tv_usec = (suseconds_t)((s - (double)(time_t)s) * 1e6);\n"
	"\tsetitimer(ITIMER_REAL, &it, NULL);\n}\n\n"
	"static void tu__t_alarm(int sig)\n{\n"
	"\tdouble cpu = tu__t_since(CLOCK_PROCESS_CPUTIME_ID, &tu__t_cpu0);\n"
	"\tdouble wall = tu__t_since(CLOCK_MONOTONIC, &tu__t_wall0);\n"
	"\tchar buf[160], num[24];\n\tsize_t n = 0, d = 0;\n"
	"\tlong k = (long)tu__t_case;\n\n\t(void)sig;\n"
	"\tif (k < 0)\n\t\treturn;\n"
	"\tif (cpu < TU__T_LIMIT && cpu > 0.25 * TU__T_LIMIT &&\n"
	"\t    wall < 3 * TU__T_LIMIT + 1) {\n"
	"\t\ttu__t_arm(TU__T_LIMIT - cpu);\n\t\treturn;\n\t}\n"
	"\tdo { num[d++] = (char)('0' + k % 10); k /= 10; } while (k);\n"
	"\tmemcpy(buf, \"\\n@@\" TU__T_NONCE \" {\\\"i\\\":\", "
	"sizeof(\"\\n@@\" TU__T_NONCE \" {\\\"i\\\":\") - 1);\n"
	"\tn = sizeof(\"\\n@@\" TU__T_NONCE \" {\\\"i\\\":\") - 1;\n"
	"\twhile (d)\n\t\tbuf[n++] = num[--d];\n"
	"\tmemcpy(buf + n, \",\\\"tle\\\":true}\\n\", 13);\n"
	"\tn += 13;\n\tif (write(1, buf, n) < 0)\n\t\t_exit(1);\n\t_exit(0);\n}\n\n"
	"void tu__h_case_begin(size_t i)\n{\n\tstatic int installed;\n\n"
	"\tif (!installed) {\n\t\tstruct sigaction sa;\n\n"
	"\t\tmemset(&sa, 0, sizeof(sa));\n\t\tsa.sa_handler = tu__t_alarm;\n"
	"\t\tsigemptyset(&sa.sa_mask);\n\t\tsigaction(SIGALRM, &sa, NULL);\n"
	"\t\tinstalled = 1;\n\t}\n"
	"\tclock_gettime(CLOCK_PROCESS_CPUTIME_ID, &tu__t_cpu0);\n"
	"\tclock_gettime(CLOCK_MONOTONIC, &tu__t_wall0);\n"
	"\ttu__t_case = (sig_atomic_t)i;\n\ttu__t_arm(2 * TU__T_LIMIT + 0.5);\n}\n\n"
	"void tu__h_case_end(void)\n{\n\tstruct itimerval it;\n\n"
	"\tmemset(&it, 0, sizeof(it));\n\tsetitimer(ITIMER_REAL, &it, NULL);\n"
	"\ttu__t_case = -1;\n}\n";

enum tu_status tu__harness_c_timer(const char *nonce, double limit_s,
				   char **out, struct tu_err *err)
{
	size_t cap = sizeof(timer_src) + 200;

	*out = malloc(cap);
	if (!*out)
		return tu_err_set(err, TU_ENOMEM, "out of memory (timer)");
	snprintf(*out, cap, "#define TU__T_NONCE \"%s\"\n#define TU__T_LIMIT "
		 "%.6f\n%s", nonce, limit_s, timer_src);
	return TU_OK;
}
