/* fuzz_plan_json.c - libFuzzer target for study-plan JSON (tutor/plan.h;
 * plans come from files, the dataset and, later, LLM replies): any bytes
 * are parsed and validated without a crash or leak; whatever was read is
 * written back, and the text written parses again to the same JSON; the
 * scorers run on it and give values in range. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_scores(const struct tu_plan *p,
			 const struct tu_plan_report *r)
{
	struct tu_plan_struct_score ss;
	struct tu_plan_ped_score ps;
	struct tu_plan_tier1 t1;
	struct tu_plan_prec pr;
	double g;

	tu_plan_struct_score(p, p, &ss);
	if (!(ss.r_struct >= 0.0 && ss.r_struct <= 1.0 + 1e-9))
		abort();
	tu_plan_prec_init(&pr);
	tu_plan_prec_add(&pr, p);
	tu_plan_ped_score(p, &pr, &ps);
	if (!(ps.r_ped >= 0.0 && ps.r_ped <= 1.0))
		abort();
	tu_plan_tier1(p, r, &t1);
	g = tu_plan_pers_grounding(p, &p->input);
	if (!isnan(g) && (g < 0.0 || g > 1.0))
		abort();
	if (!isnan(tu_plan_text_sim(p, p)) && tu_plan_text_sim(p, p) != 1.0)
		abort();
}

static void roundtrip(const struct tu_plan *p)
{
	struct tu_plan q;
	char *s1 = NULL, *s2 = NULL;
	size_t n1 = 0;

	if (tu_plan_write(p, JSON_COMPACT, &s1, &n1, NULL) != TU_OK)
		return;
	tu_plan_init(&q);
	tu_plan_parse(s1, n1, &q, NULL, NULL);
	if (tu_plan_write(&q, JSON_COMPACT, &s2, NULL, NULL) == TU_OK &&
	    strcmp(s1, s2) != 0)
		abort();
	free(s1);
	free(s2);
	tu_plan_release(&q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tu_plan p;
	struct tu_plan_report r;

	tu_plan_init(&p);
	tu_plan_report_init(&r);
	tu_plan_check((const char *)data, size, &p, &r, NULL);
	if (r.n > r.errors + r.warnings)
		abort();
	check_scores(&p, &r);
	roundtrip(&p);
	tu_plan_release(&p);
	tu_plan_report_release(&r);
	return 0;
}
