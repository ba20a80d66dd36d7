/*
 * charts.c - the SVG charts of the simulated-cohort report (tutor/plot.h):
 * grouped bars with 95 % intervals, the policies' day curves, and the
 * reliability diagrams.  Shares are drawn in percent.
 *
 * What it is not: no I/O; se_charts hands each finished chart to a
 * callback (write.c writes it, tests compare it).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

#define MAX_GROUPS 16
#define MAX_SERIES 4

/* Heights and interval ends of one bar series. */
struct bar_vals {
	double y[MAX_GROUPS], lo[MAX_GROUPS], hi[MAX_GROUPS];
};

static void put(struct bar_vals *v, size_t i, const struct tu_ci *ci,
		double scale)
{
	v->y[i] = ci->mean * scale;
	v->lo[i] = ci->lo * scale;
	v->hi[i] = ci->hi * scale;
}

struct chart_out {
	se_chart_fn fn;
	void *ud;
};

/* Draws a bar chart of series vals (labels) over groups and hands it on. */
static enum tu_status emit_bars(const struct chart_out *o, const char *name,
				const char *title, const char *y_label,
				const char *const *groups, size_t n_groups,
				const struct bar_vals *vals,
				const char *const *labels, size_t n_series,
				struct tu_err *err)
{
	struct tu_plot_bar_series ser[MAX_SERIES];
	struct tu_plot_bars b;
	struct tu_svg svg = TU_SVG_INIT;
	enum tu_status st;

	for (size_t k = 0; k < n_series; k++)
		ser[k] = (struct tu_plot_bar_series){ labels[k], vals[k].y,
						      vals[k].lo, vals[k].hi };
	tu_plot_bars_init(&b);
	b.title = title;
	b.y_label = y_label;
	b.groups = groups;
	b.n_groups = n_groups;
	b.series = ser;
	b.n_series = n_series;
	st = tu_plot_bars(&svg, &b, err);
	if (!st)
		st = o->fn(o->ud, name, &svg, err);
	tu_svg_release(&svg);
	return st;
}

static enum tu_status chart_gain(const struct tu_simeval_summary *s,
				 const struct chart_out *o,
				 struct tu_err *err)
{
	static const char *const groups[] = {
		"beginner", "intermediate", "advanced", "overall"
	};
	static const char *const labels[] = {
		"true gain", "held-out gain", "estimated gain"
	};
	static const enum tu_simeval_metric overall[] = {
		TU_SM_TRUE_GAIN, TU_SM_HELD_GAIN, TU_SM_EST_GAIN
	};
	struct bar_vals v[TU_SIMEVAL_GAINS];

	for (int k = 0; k < TU_SIMEVAL_GAINS; k++) {
		for (int lv = 0; lv < TU_SIM_LEVELS; lv++)
			put(&v[k], (size_t)lv, &s->level_gain[k][lv], 100);
		put(&v[k], TU_SIM_LEVELS, &s->m[TU_COND_FULL][overall[k]],
		    100);
	}
	return emit_bars(o, "gain.svg", "Mastery gain by initial level",
			 "gain (% points)", groups, 4, v, labels, 3, err);
}

static enum tu_status chart_hints(const struct tu_simeval_summary *s,
				  const struct chart_out *o,
				  struct tu_err *err)
{
	static const char *const groups[] = {
		"problem solve rate", "per-attempt success", "hinted problems"
	};
	static const char *const labels[] = { "hints on", "hints off" };
	static const enum tu_simeval_metric ms[] = {
		TU_SM_SOLVE_RATE, TU_SM_ATTEMPT_OK, TU_SM_HINTED_OK
	};
	static const enum tu_simeval_cond cs[] = {
		TU_COND_FULL, TU_COND_NO_HINTS
	};
	struct bar_vals v[2];

	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < 3; i++)
			put(&v[k], i, &s->m[cs[k]][ms[i]], 100);
	return emit_bars(o, "hints.svg", "Success with hints on and off",
			 "rate (%)", groups, 3, v, labels, 2, err);
}

static enum tu_status chart_coverage(const struct tu_simeval_summary *s,
				     const struct chart_out *o,
				     struct tu_err *err)
{
	static const char *const labels[] = { "share of topic attempts" };
	const char *groups[TU_SIMEVAL_TOP_TOPICS];
	struct bar_vals v[1];

	if (s->n_top == 0)
		return TU_OK;
	for (size_t i = 0; i < s->n_top; i++) {
		groups[i] = s->top[i].id;
		put(&v[0], i, &s->top[i].share, 100);
	}
	return emit_bars(o, "coverage.svg", "Most practised topics",
			 "share of attempts (%)", groups, s->n_top, v, labels,
			 1, err);
}

static enum tu_status chart_policy_gain(const struct tu_simeval_summary *s,
					const struct chart_out *o,
					struct tu_err *err)
{
	static const char *const groups[] = { "held-out gain", "true gain" };
	static const char *const labels[] = { "curator", "random", "linear" };
	static const enum tu_simeval_cond cs[] = {
		TU_COND_FULL, TU_COND_RANDOM, TU_COND_LINEAR
	};
	struct bar_vals v[3];

	for (size_t k = 0; k < 3; k++) {
		put(&v[k], 0, &s->m[cs[k]][TU_SM_HELD_GAIN], 100);
		put(&v[k], 1, &s->m[cs[k]][TU_SM_TRUE_GAIN], 100);
	}
	return emit_bars(o, "policies_gain.svg", "Learning gain by policy",
			 "gain (% points)", groups, 2, v, labels, 3, err);
}

/* The three policies' mean true share known by day, in percent. */
static enum tu_status chart_curves(const struct tu_simeval_summary *s,
				   const struct chart_out *o,
				   struct tu_err *err)
{
	static const char *const labels[] = { "curator", "random", "linear" };
	static const enum tu_simeval_cond cs[] = {
		TU_COND_FULL, TU_COND_RANDOM, TU_COND_LINEAR
	};
	size_t w = (size_t)s->days + 1;
	struct tu_plot_series ser[3];
	struct tu_plot_chart c;
	struct tu_svg svg = TU_SVG_INIT;
	double *buf = malloc(4 * 3 * w * sizeof(double));
	enum tu_status st;

	if (!buf)
		return tu_err_set(err, TU_ENOMEM, "simeval: out of memory");
	for (size_t k = 0; k < 3; k++) {
		double *x = buf + 4 * k * w, *y = x + w, *lo = y + w,
		       *hi = lo + w;

		for (size_t d = 0; d < w; d++) {
			const struct tu_ci *ci = &s->curve[cs[k]][d];

			x[d] = (double)d;
			y[d] = ci->mean * 100;
			lo[d] = ci->lo * 100;
			hi[d] = ci->hi * 100;
		}
		ser[k] = (struct tu_plot_series){ labels[k], x, y, lo, hi, w,
						  TU_PLOT_LINE |
						  TU_PLOT_MARKERS };
	}
	tu_plot_chart_init(&c);
	c.title = "True share of topics known, by day";
	c.x_label = "day";
	c.y_label = "topics known (%)";
	c.series = ser;
	c.n_series = 3;
	st = tu_plot_curves(&svg, &c, err);
	if (!st)
		st = o->fn(o->ud, "policies.svg", &svg, err);
	tu_svg_release(&svg);
	free(buf);
	return st;
}

static enum tu_status chart_policies(const struct tu_simeval_summary *s,
				     const struct chart_out *o,
				     struct tu_err *err)
{
	enum tu_status st = TU_OK;

	if (s->curve[TU_COND_FULL] && s->curve[TU_COND_RANDOM] &&
	    s->curve[TU_COND_LINEAR])
		st = chart_curves(s, o, err);
	if (!st)
		st = chart_policy_gain(s, o, err);
	return st;
}

static enum tu_status emit_reliability(const struct chart_out *o,
				       const char *name, const char *title,
				       const char *label,
				       const struct tu_reliability_bin *bins,
				       const char *x_label,
				       struct tu_err *err)
{
	struct tu_plot_model_bins m = { label, bins, TU_SIMEVAL_BINS };
	struct tu_plot_reliability r = { title, x_label, NULL, &m, 1 };
	struct tu_svg svg = TU_SVG_INIT;
	enum tu_status st = tu_plot_reliability(&svg, &r, err);

	if (!st)
		st = o->fn(o->ud, name, &svg, err);
	tu_svg_release(&svg);
	return st;
}

static enum tu_status chart_model(const struct tu_simeval_summary *s,
				  const struct chart_out *o,
				  struct tu_err *err)
{
	char label[96], auc[32], ece[32];

	se_fmt_num(auc, sizeof(auc), s->m[TU_COND_FULL][TU_SM_AUC].mean,
		   SE_NUM4);
	se_fmt_num(ece, sizeof(ece), s->m[TU_COND_FULL][TU_SM_ECE].mean,
		   SE_NUM4);
	snprintf(label, sizeof(label), "learner model: AUC %s, ECE %s", auc,
		 ece);
	return emit_reliability(o, "model.svg", "Learner model against "
				"first-attempt outcomes", label,
				s->mastery_bins, "predicted proficiency",
				err);
}

static enum tu_status chart_recall(const struct tu_simeval_summary *s,
				   const struct chart_out *o,
				   struct tu_err *err)
{
	char label[96], auc[32];

	se_fmt_num(auc, sizeof(auc),
		   s->m[TU_COND_FULL][TU_SM_RECALL_AUC].mean, SE_NUM4);
	snprintf(label, sizeof(label), "predicted recall: AUROC %s", auc);
	return emit_reliability(o, "recall.svg", "Predicted recall against "
				"review outcomes", label, s->recall_bins,
				"predicted recall", err);
}

static enum tu_status chart_fairness(const struct tu_simeval_summary *s,
				     const struct chart_out *o,
				     struct tu_err *err)
{
	static const char *const groups[TU_SIMEVAL_DECILES] = {
		"D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8", "D9", "D10"
	};
	static const char *const names[TU_SIMEVAL_FAIRS] = {
		"fairness_gain.svg", "fairness_hints.svg", "fairness_pacing.svg"
	};
	static const char *const titles[TU_SIMEVAL_FAIRS] = {
		"True gain by proficiency decile",
		"Mean hint level by proficiency decile",
		"Problems per active day by proficiency decile"
	};
	static const char *const ylab[TU_SIMEVAL_FAIRS] = {
		"gain (% points)", "hint level", "problems per day"
	};
	static const double scale[TU_SIMEVAL_FAIRS] = { 100, 1, 1 };
	enum tu_status st = TU_OK;

	for (int f = 0; f < TU_SIMEVAL_FAIRS && !st; f++) {
		const char *labels[1] = { "decile mean" };
		struct bar_vals v[1];

		for (size_t k = 0; k < TU_SIMEVAL_DECILES; k++)
			put(&v[0], k, &s->decile[f][k], scale[f]);
		st = emit_bars(o, names[f], titles[f], ylab[f], groups,
			       TU_SIMEVAL_DECILES, v, labels, 1, err);
	}
	return st;
}

static enum tu_status chart_ablations(const struct tu_simeval_summary *s,
				      const struct chart_out *o,
				      struct tu_err *err)
{
	static const char *const groups[] = {
		"no curator", "no feedback", "no context SM-2", "no SRS"
	};
	static const enum tu_simeval_cond cs[] = {
		TU_COND_RANDOM, TU_COND_NO_FEEDBACK, TU_COND_NO_CONTEXT,
		TU_COND_NO_SRS
	};
	static const char *const labels[] = {
		"true gain", "held-out gain"
	};
	struct bar_vals v[2];

	for (size_t i = 0; i < 4; i++) {
		put(&v[0], i, &s->diff[cs[i]][TU_SM_TRUE_GAIN], 100);
		put(&v[1], i, &s->diff[cs[i]][TU_SM_HELD_GAIN], 100);
	}
	return emit_bars(o, "ablations.svg", "Ablated minus full system",
			 "difference (% points)", groups, 4, v, labels, 2,
			 err);
}

enum tu_status se_charts(const struct tu_simeval_summary *s,
			 se_chart_fn fn, void *ud, struct tu_err *err)
{
	typedef enum tu_status (*chart)(const struct tu_simeval_summary *,
					const struct chart_out *,
					struct tu_err *);
	static const chart charts[TU_SIMEVAL_EXPS] = {
		chart_gain, chart_hints, chart_coverage, chart_policies,
		chart_model, chart_recall, chart_fairness, chart_ablations
	};
	struct chart_out o = { fn, ud };
	enum tu_status st = TU_OK;

	for (int e = 0; e < TU_SIMEVAL_EXPS && !st; e++)
		if (s->experiments & TU_SIMEVAL_BIT(e))
			st = charts[e](s, &o, err);
	return st;
}
