/*
 * report.c - the simulated-cohort evaluation's Markdown report: a header
 * with the setup, the acceptance claims, then one section per experiment
 * run, with tables (every figure a mean over seeds with its 95 % t
 * interval) and links to the charts (charts.c).
 *
 * What it is not: no I/O (write.c) and no statistics (summary.c).  The
 * text depends only on the summary: no time, host or path.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define CI_TEXT 96

static bool ran(const struct tu_simeval_summary *s, enum tu_simeval_exp e)
{
	return (s->experiments & TU_SIMEVAL_BIT(e)) != 0;
}

/* Appends " | " and the interval, with the number of seeds it is over
 * when the figure was undefined on some ("0.5000 (1 of 5 seeds)"). */
static void cell(struct se_buf *b, const struct tu_simeval_summary *s,
		 const struct tu_ci *ci, enum se_fmt f)
{
	char t[CI_TEXT];

	se_fmt_ci(t, sizeof(t), ci, f);
	se_buf_printf(b, " | %s", t);
	if (ci->n > 0 && ci->n < s->seeds)
		se_buf_printf(b, " (%zu of %u seeds)", ci->n, s->seeds);
}

/* The interval of b - a from a - b. */
static struct tu_ci neg(const struct tu_ci *c)
{
	struct tu_ci r = *c;

	r.mean = -c->mean;
	r.lo = -c->hi;
	r.hi = -c->lo;
	return r;
}

static const char *target(bool met)
{
	return met ? "met" : "not met";
}

/* ---- header and claims ------------------------------------------- */

static void header(struct se_buf *b, const struct tu_simeval_summary *s)
{
	const struct tu_sim_config *c = &s->sim;

	se_buf_printf(b, "# Simulated-cohort evaluation\n\n"
		      "Course `%s` (%zu topics); %u simulated learners per "
		      "run, %u days; %u seeds (%llu to %llu).\n\n",
		      s->course, s->n_topics, c->learners, s->days, s->seeds,
		      (unsigned long long)s->first_seed,
		      (unsigned long long)(s->first_seed + s->seeds - 1));
	se_buf_printf(b, "Every figure is the mean over the seeds with its "
		      "95 %% Student t interval in brackets (over the per-seed "
		      "values, t with seeds - 1 degrees of freedom); a "
		      "difference between conditions is the mean and interval "
		      "of the paired per-seed differences (same seeds).  "
		      "Shares and rates are in percent.  Definitions: "
		      "docs/eval-sim.md.\n\n");
	if (s->seeds < TU_SIMEVAL_SEEDS_DEFAULT)
		se_buf_printf(b, "**Fewer than %u seeds: these intervals do "
			      "not support claims.**\n\n",
			      TU_SIMEVAL_SEEDS_DEFAULT);
	se_buf_printf(b, "Simulator: level mix %.2f/%.2f/%.2f "
		      "(beginner/intermediate/advanced), style mix "
		      "%.2f/%.2f/%.2f/%.2f (momentum/consolidator/explorer/"
		      "struggler), hints %s, held-out share %.2f, max attempts "
		      "%u, drop base %.3f, priors: %s.\n\n",
		      c->level_mix[0], c->level_mix[1], c->level_mix[2],
		      c->style_mix[0], c->style_mix[1], c->style_mix[2],
		      c->style_mix[3], c->hints ? "on" : "off", c->holdout,
		      c->max_attempts, c->drop_base, c->priors.source);
	se_buf_printf(b, "Conditions run (each once per seed, shared by the "
		      "experiments):");
	for (int k = 0; k < TU_SIMEVAL_CONDS; k++)
		if (s->conds & TU_COND_BIT(k))
			se_buf_printf(b, " %s",
				      tu_simeval_cond_name(
					      (enum tu_simeval_cond)k));
	se_buf_printf(b, ".\n");
}

static void claims(struct se_buf *b, const struct tu_simeval_summary *s)
{
	static const char *const verdict[] = { "SKIP", "PASS", "FAIL" };
	static const enum se_fmt f[TU_SIMEVAL_CLAIMS] = {
		SE_PCT, SE_PCT, SE_PCT
	};
	bool any = false;

	for (int i = 0; i < TU_SIMEVAL_CLAIMS; i++)
		any = any || s->claims[i].verdict != TU_VERDICT_SKIP;
	if (!any)
		return;
	se_buf_printf(b, "\n## Acceptance claims\n\n| claim | figure | "
		      "verdict |\n|---|---|---|\n");
	for (int i = 0; i < TU_SIMEVAL_CLAIMS; i++) {
		if (s->claims[i].verdict == TU_VERDICT_SKIP)
			continue;
		se_buf_printf(b, "| %s",
			      tu_simeval_claim_text((enum tu_simeval_claim_id)i));
		cell(b, s, &s->claims[i].value, f[i]);
		se_buf_printf(b, " | %s |\n", verdict[s->claims[i].verdict]);
	}
}

/* ---- 1 gain ------------------------------------------------------ */

static void sec_gain(struct se_buf *b, const struct tu_simeval_summary *s)
{
	static const enum tu_simeval_metric overall[TU_SIMEVAL_GAINS] = {
		TU_SM_TRUE_GAIN, TU_SM_HELD_GAIN, TU_SM_EST_GAIN
	};
	const struct tu_ci *m = s->m[TU_COND_FULL];

	se_buf_printf(b, "\n## 1. gain: mastery gain by initial skill level\n\n"
		      "Full system.  True gain: share of topics known at the "
		      "end minus at the start (the simulator's truth); "
		      "held-out: expected success on the held-out problems, "
		      "end minus start; estimate: tutor's mean topic mastery, "
		      "end minus start.  IntelliCode reports a 5.04 %% mean "
		      "gain over 10 learners (its Fig. 4).\n\n"
		      "| level | learners | true gain (%%) | held-out gain (%%) | "
		      "estimated gain (%%) |\n|---|---|---|---|---|\n");
	for (int lv = 0; lv < TU_SIM_LEVELS; lv++) {
		se_buf_printf(b, "| %s",
			      tu_sim_level_name((enum tu_sim_level)lv));
		se_buf_printf(b, " | %.0f", s->level_n[lv].mean);
		for (int k = 0; k < TU_SIMEVAL_GAINS; k++)
			cell(b, s, &s->level_gain[k][lv], SE_PCT);
		se_buf_printf(b, " |\n");
	}
	se_buf_printf(b, "| overall | %u", s->sim.learners);
	for (int k = 0; k < TU_SIMEVAL_GAINS; k++)
		cell(b, s, &m[overall[k]], SE_PCT);
	se_buf_printf(b, " |\n\n![gain by level](gain.svg)\n");
}

/* ---- 2 hints ----------------------------------------------------- */

static void sec_hints(struct se_buf *b, const struct tu_simeval_summary *s)
{
	static const enum tu_simeval_metric ms[] = {
		TU_SM_SOLVE_RATE, TU_SM_ATTEMPT_OK, TU_SM_HINTED_OK
	};
	static const char *const names[] = {
		"problem solve rate", "per-attempt success",
		"success on hinted problems"
	};

	se_buf_printf(b, "\n## 2. hints: hints on against hints off\n\n"
		      "The same seeds with learners allowed to ask for hints "
		      "and not (a true ablation; IntelliCode Fig. 5).  Rates "
		      "are pooled over the cohort of a run.\n\n"
		      "| figure | hints on (%%) | hints off (%%) | on - off "
		      "(%%, paired) |\n|---|---|---|---|\n");
	for (size_t i = 0; i < sizeof(ms) / sizeof(ms[0]); i++) {
		struct tu_ci d = neg(&s->diff[TU_COND_NO_HINTS][ms[i]]);

		se_buf_printf(b, "| %s", names[i]);
		cell(b, s, &s->m[TU_COND_FULL][ms[i]], SE_PCT);
		cell(b, s, &s->m[TU_COND_NO_HINTS][ms[i]], SE_PCT);
		cell(b, s, &d, SE_PCT);
		se_buf_printf(b, " |\n");
	}
	se_buf_printf(b, "\nWith hints, problems that got a hint were "
		      "solved at the rate in the third row, next to the "
		      "overall solve rate in the first (IntelliCode: 89.1 %% "
		      "with hints against 52.4 %% overall).\n\n"
		      "![hints on and off](hints.svg)\n");
}

/* ---- 3 coverage -------------------------------------------------- */

static void sec_coverage(struct se_buf *b,
			 const struct tu_simeval_summary *s)
{
	const struct tu_ci *m = s->m[TU_COND_FULL];

	se_buf_printf(b, "\n## 3. coverage: topics practised\n\n"
		      "Full system, after %u days.  Cohort coverage: share of "
		      "the course's %zu topics at least one learner practised; "
		      "per-learner: mean share each learner practised; CV: "
		      "standard deviation over mean of the per-topic attempt "
		      "counts (IntelliCode Fig. 6).\n\n"
		      "| figure | value |\n|---|---|\n| cohort coverage (%%)",
		      s->days, s->n_topics);
	cell(b, s, &m[TU_SM_COV_COHORT], SE_PCT);
	se_buf_printf(b, " |\n| mean per-learner coverage (%%)");
	cell(b, s, &m[TU_SM_COV_LEARNER], SE_PCT);
	se_buf_printf(b, " |\n| CV of per-topic counts");
	cell(b, s, &m[TU_SM_TOPIC_CV], SE_NUM4);
	se_buf_printf(b, " |\n\nTarget: cohort coverage >= 90 %%: %s.\n\n"
		      "Most practised topics (share of all topic attempts):\n\n"
		      "| rank | topic | share (%%) |\n|---|---|---|\n",
		      target(m[TU_SM_COV_COHORT].mean >= 0.9));
	for (size_t i = 0; i < s->n_top; i++) {
		se_buf_printf(b, "| %zu | %s", i + 1, s->top[i].id);
		cell(b, s, &s->top[i].share, SE_PCT);
		se_buf_printf(b, " |\n");
	}
	se_buf_printf(b, "\n![most practised topics](coverage.svg)\n");
}

/* ---- 4 policies -------------------------------------------------- */

static const struct {
	enum tu_simeval_metric m;
	const char *name;
	enum se_fmt f;
} policy_rows[] = {
	{ TU_SM_HELD_GAIN, "held-out gain (%)", SE_PCT },
	{ TU_SM_TRUE_GAIN, "true gain (%)", SE_PCT },
	{ TU_SM_MASTERY_DAY, "time to mastery (days)", SE_NUM2 },
	{ TU_SM_MASTERY_SHARE, "reached mastery (%)", SE_PCT },
	{ TU_SM_DROPOUT, "dropout (%)", SE_PCT },
	{ TU_SM_ACTIVE_DAYS, "active days", SE_NUM2 },
};

static void sec_policies(struct se_buf *b,
			 const struct tu_simeval_summary *s)
{
	se_buf_printf(b, "\n## 4. policies: curator against random and "
		      "linear picking\n\n"
		      "The content curator's 40/50/10 review/growth/challenge "
		      "picker, uniform random picks among unsolved problems, "
		      "and the course's fixed linear order, on the same seeds.  "
		      "Time to mastery: mean first day whose end has >= 70 %% "
		      "of topics known, over those who reached it.\n\n"
		      "| figure | curator | random | linear | curator - random "
		      "| curator - linear |\n|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < sizeof(policy_rows) / sizeof(policy_rows[0]);
	     i++) {
		enum tu_simeval_metric m = policy_rows[i].m;
		enum se_fmt f = policy_rows[i].f;
		struct tu_ci dr = neg(&s->diff[TU_COND_RANDOM][m]);
		struct tu_ci dl = neg(&s->diff[TU_COND_LINEAR][m]);

		se_buf_printf(b, "| %s", policy_rows[i].name);
		cell(b, s, &s->m[TU_COND_FULL][m], f);
		cell(b, s, &s->m[TU_COND_RANDOM][m], f);
		cell(b, s, &s->m[TU_COND_LINEAR][m], f);
		cell(b, s, &dr, f);
		cell(b, s, &dl, f);
		se_buf_printf(b, " |\n");
	}
	se_buf_printf(b, "\n![true share known by day](policies.svg)\n\n"
		      "![held-out gain by policy](policies_gain.svg)\n");
}

/* ---- 5 model and 6 recall ---------------------------------------- */

static void bins_table(struct se_buf *b,
		       const struct tu_reliability_bin *bins)
{
	se_buf_printf(b, "| bin | n | mean p | observed | Wilson 95 %% "
		      "|\n|---|---|---|---|---|\n");
	for (int i = 0; i < TU_SIMEVAL_BINS; i++) {
		char p[32], y[32], lo[32], hi[32];

		se_fmt_num(p, sizeof(p), bins[i].mean_p, SE_NUM4);
		se_fmt_num(y, sizeof(y), bins[i].mean_y, SE_NUM4);
		se_fmt_num(lo, sizeof(lo), bins[i].y_lo, SE_NUM4);
		se_fmt_num(hi, sizeof(hi), bins[i].y_hi, SE_NUM4);
		se_buf_printf(b, "| %.1f-%.1f | %zu | %s | %s | [%s, %s] |\n",
			      bins[i].lo, bins[i].hi, bins[i].n, p, y, lo, hi);
	}
}

static void sec_model(struct se_buf *b, const struct tu_simeval_summary *s)
{
	const struct tu_ci *m = s->m[TU_COND_FULL];

	se_buf_printf(b, "\n## 5. model: calibration of the learner model\n\n"
		      "Full system.  Every first attempt at a problem: the "
		      "tutor's predicted proficiency on the item before it (p) "
		      "against the outcome (y), and against the simulator's "
		      "true success chance (truth).  %zu predictions pooled "
		      "over the seeds in the diagram.\n\n"
		      "| figure | value |\n|---|---|\n| Brier (p, y)",
		      s->n_mastery);
	cell(b, s, &m[TU_SM_BRIER], SE_NUM4);
	se_buf_printf(b, " |\n| ECE (%d bins)", TU_SIMEVAL_BINS);
	cell(b, s, &m[TU_SM_ECE], SE_NUM4);
	se_buf_printf(b, " |\n| AUC");
	cell(b, s, &m[TU_SM_AUC], SE_NUM4);
	se_buf_printf(b, " |\n| Brier (p, truth)");
	cell(b, s, &m[TU_SM_BRIER_TRUTH], SE_NUM4);
	se_buf_printf(b, " |\n| Pearson r (p, truth)");
	cell(b, s, &m[TU_SM_PEARSON_TRUTH], SE_NUM4);
	se_buf_printf(b, " |\n\n");
	bins_table(b, s->mastery_bins);
	se_buf_printf(b, "\n![reliability of the learner model](model.svg)\n");
}

static void sec_recall(struct se_buf *b, const struct tu_simeval_summary *s)
{
	const struct tu_ci *m = s->m[TU_COND_FULL];

	se_buf_printf(b, "\n## 6. recall: predicted recall at reviews\n\n"
		      "Full system.  Every review attempt: the tutor's "
		      "predicted recall then against the outcome.  %zu "
		      "predictions pooled over the seeds in the diagram.\n\n"
		      "| figure | value |\n|---|---|\n| AUROC", s->n_recall);
	cell(b, s, &m[TU_SM_RECALL_AUC], SE_NUM4);
	se_buf_printf(b, " |\n| Brier");
	cell(b, s, &m[TU_SM_RECALL_BRIER], SE_NUM4);
	se_buf_printf(b, " |\n\nTarget: AUROC >= 0.75: %s.\n\n",
		      target(m[TU_SM_RECALL_AUC].mean >= 0.75));
	bins_table(b, s->recall_bins);
	se_buf_printf(b, "\n![reliability of predicted recall](recall.svg)\n");
}

/* ---- 7 fairness -------------------------------------------------- */

static const struct {
	enum tu_simeval_metric ratio;
	const char *name, *chart;
	enum se_fmt f;
} fair_rows[TU_SIMEVAL_FAIRS] = {
	{ TU_SM_FAIR_GAIN, "true gain (%)", "fairness_gain.svg", SE_PCT },
	{ TU_SM_FAIR_HINT, "mean hint level", "fairness_hints.svg", SE_NUM2 },
	{ TU_SM_FAIR_PACE, "pacing (problems per active day)",
	  "fairness_pacing.svg", SE_NUM2 },
};

static void sec_fairness(struct se_buf *b,
			 const struct tu_simeval_summary *s)
{
	se_buf_printf(b, "\n## 7. fairness: outcomes across proficiency "
		      "deciles\n\n"
		      "Full system.  Per seed, learners are split into ten "
		      "deciles by true share known at the start; per decile: "
		      "mean true gain, mean hint level (learners with hints), "
		      "pacing (active learners).  The ratio is the IQR of the "
		      "ten decile means over their median's magnitude; target "
		      "<= 0.15.\n");
	for (int f = 0; f < TU_SIMEVAL_FAIRS; f++) {
		const struct tu_ci *r = &s->m[TU_COND_FULL][fair_rows[f].ratio];

		se_buf_printf(b, "\n### %s\n\n| decile | mean |\n|---|---|\n",
			      fair_rows[f].name);
		for (int k = 0; k < TU_SIMEVAL_DECILES; k++) {
			se_buf_printf(b, "| %d", k + 1);
			cell(b, s, &s->decile[f][k], fair_rows[f].f);
			se_buf_printf(b, " |\n");
		}
		se_buf_printf(b, "| IQR / median");
		cell(b, s, r, SE_NUM4);
		se_buf_printf(b, " |\n\nTarget <= 0.15: %s.\n\n![%s by decile]"
			      "(%s)\n", target(r->mean <= 0.15),
			      fair_rows[f].name, fair_rows[f].chart);
	}
}

/* ---- 8 ablations ------------------------------------------------- */

static const enum tu_simeval_cond ablated[] = {
	TU_COND_FULL, TU_COND_RANDOM, TU_COND_NO_FEEDBACK,
	TU_COND_NO_CONTEXT, TU_COND_NO_SRS
};
static const char *const ablated_names[] = {
	"full system", "no curator (random policy)", "no feedback agent",
	"no context-aware SM-2", "no spaced repetition"
};
static const struct {
	enum tu_simeval_metric m;
	const char *name;
	enum se_fmt f;
} ablation_cols[] = {
	{ TU_SM_BRIER, "Brier", SE_NUM4 },
	{ TU_SM_TRUE_GAIN, "true gain (%)", SE_PCT },
	{ TU_SM_HELD_GAIN, "held-out gain (%)", SE_PCT },
	{ TU_SM_ACTIVE_DAYS, "active days", SE_NUM2 },
	{ TU_SM_DROPOUT, "dropout (%)", SE_PCT },
	{ TU_SM_RECALL_AUC, "recall AUROC", SE_NUM4 },
};
#define N_ABL (sizeof(ablated) / sizeof(ablated[0]))
#define N_ABL_COLS (sizeof(ablation_cols) / sizeof(ablation_cols[0]))

static void ablation_table(struct se_buf *b,
			   const struct tu_simeval_summary *s, bool diff)
{
	se_buf_printf(b, "| condition");
	for (size_t j = 0; j < N_ABL_COLS; j++)
		se_buf_printf(b, " | %s", ablation_cols[j].name);
	se_buf_printf(b, " |\n|---");
	for (size_t j = 0; j < N_ABL_COLS; j++)
		se_buf_printf(b, "|---");
	se_buf_printf(b, "|\n");
	for (size_t i = diff ? 1 : 0; i < N_ABL; i++) {
		se_buf_printf(b, "| %s", ablated_names[i]);
		for (size_t j = 0; j < N_ABL_COLS; j++)
			cell(b, s, diff ? &s->diff[ablated[i]][ablation_cols[j].m]
				     : &s->m[ablated[i]][ablation_cols[j].m],
			     ablation_cols[j].f);
		se_buf_printf(b, " |\n");
	}
}

static void sec_ablations(struct se_buf *b,
			  const struct tu_simeval_summary *s)
{
	se_buf_printf(b, "\n## 8. ablations: one component off at a time\n\n"
		      "No curator: picking policy random.  No feedback agent: "
		      "the pedagogical feedback agent disabled.  No "
		      "context-aware SM-2: the SM-2 context made neutral "
		      "(hint_shrink 1, fast_expand 1, recall_min 0.0001; "
		      "everything else as the base).  No spaced repetition: "
		      "the progress synthesizer disabled.  Brier is of the "
		      "learner model's first-attempt predictions; recall "
		      "AUROC is n/a without reviews.\n\n");
	ablation_table(b, s, false);
	se_buf_printf(b, "\nPaired differences, ablated minus full system:\n\n");
	ablation_table(b, s, true);
	se_buf_printf(b, "\n![gain lost per ablation](ablations.svg)\n");
}

enum tu_status tu_simeval_report_md(const struct tu_simeval_summary *s,
				    char **out, size_t *len,
				    struct tu_err *err)
{
	static void (*const sections[TU_SIMEVAL_EXPS])(
		struct se_buf *, const struct tu_simeval_summary *) = {
		sec_gain, sec_hints, sec_coverage, sec_policies, sec_model,
		sec_recall, sec_fairness, sec_ablations
	};
	struct se_buf b = { NULL, 0, 0, TU_OK };

	header(&b, s);
	claims(&b, s);
	for (int e = 0; e < TU_SIMEVAL_EXPS; e++)
		if (ran(s, (enum tu_simeval_exp)e))
			sections[e](&b, s);
	if (b.st) {
		free(b.p);
		return tu_err_set(err, b.st, "simeval: report: %s",
				  tu_strerror(b.st));
	}
	*out = b.p;
	*len = b.len;
	return TU_OK;
}
