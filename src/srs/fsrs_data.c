/*
 * fsrs_data.c - turns a review log into per-card review sequences for the
 * FSRS fitter and the evaluation.  Pure code (the log is already in
 * memory); contracts in tutor/fsrs.h and srs_internal.h.
 */
#include <stdlib.h>
#include <string.h>
#include "srs_internal.h"

struct key {
	int64_t card;
	size_t k;        /* index into the selection */
	size_t first;    /* selection index of the card's first review */
};

static int cmp_card(const void *a, const void *b)
{
	const struct key *x = a, *y = b;

	if (x->card != y->card)
		return x->card < y->card ? -1 : 1;
	return x->k < y->k ? -1 : x->k > y->k;
}

static int cmp_first(const void *a, const void *b)
{
	const struct key *x = a, *y = b;

	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return x->k < y->k ? -1 : x->k > y->k;
}

static size_t mark_firsts(struct key *keys, size_t n)
{
	size_t cards = 0, first = 0;

	for (size_t i = 0; i < n; i++) {
		if (i == 0 || keys[i].card != keys[i - 1].card) {
			first = keys[i].k;
			cards++;
		}
		keys[i].first = first;
	}
	return cards;
}

static enum tu_status fill_groups(const struct key *keys, size_t n,
				  size_t n_cards, size_t **perm,
				  size_t **starts, struct tu_err *err)
{
	size_t c = 0;

	*perm = malloc((n ? n : 1) * sizeof(**perm));
	*starts = malloc((n_cards + 1) * sizeof(**starts));
	if (!*perm || !*starts) {
		free(*perm);
		free(*starts);
		return tu_err_set(err, TU_ENOMEM, "review log: out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || keys[i].card != keys[i - 1].card)
			(*starts)[c++] = i;
		(*perm)[i] = keys[i].k;
	}
	(*starts)[n_cards] = n;
	return TU_OK;
}

enum tu_status tu__group_by_card(const struct tu_revlog *log,
				 const size_t *rows, size_t n, size_t **perm,
				 size_t **starts, size_t *n_cards,
				 struct tu_err *err)
{
	struct key *keys = malloc((n ? n : 1) * sizeof(*keys));
	enum tu_status st;

	if (!keys)
		return tu_err_set(err, TU_ENOMEM, "review log: out of memory");
	for (size_t i = 0; i < n; i++) {
		keys[i].card = log->rows[rows[i]].card_id;
		keys[i].k = i;
	}
	qsort(keys, n, sizeof(*keys), cmp_card);
	*n_cards = mark_firsts(keys, n);
	qsort(keys, n, sizeof(*keys), cmp_first);
	st = fill_groups(keys, n, *n_cards, perm, starts, err);
	free(keys);
	return st;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t tu__elapsed_days(int64_t a_ms, int64_t b_ms, enum tu_day_rule rule,
			 int64_t rollover_ms)
{
	if (rule == TU_DAYS_24H)
		return floor_div(b_ms - a_ms, TU__DAY_MS);
	return floor_div(b_ms - rollover_ms, TU__DAY_MS) -
	       floor_div(a_ms - rollover_ms, TU__DAY_MS);
}

void tu_fsrs_dataset_init(struct tu_fsrs_dataset *ds)
{
	memset(ds, 0, sizeof(*ds));
}

void tu_fsrs_dataset_release(struct tu_fsrs_dataset *ds)
{
	free(ds->steps);
	free(ds->card_start);
	tu_fsrs_dataset_init(ds);
}

static int32_t clamp_days(int64_t d)
{
	return d > INT32_MAX ? INT32_MAX : (int32_t)d;
}

/* Copies card c's first max reviews into out; returns the count. */
static size_t copy_card(const struct tu_revlog *log, const size_t *rows,
			const size_t *perm, size_t lo, size_t hi, size_t max,
			enum tu_day_rule rule, int64_t roll,
			struct tu_fsrs_step *out)
{
	size_t m = 0;
	int64_t prev = 0;

	for (size_t i = lo; i < hi && (max == 0 || m < max); i++, m++) {
		const struct tu_revlog_row *r = &log->rows[rows[perm[i]]];

		out[m].rating = (uint8_t)r->rating;
		out[m].elapsed_days = m == 0 ? -1 :
			clamp_days(tu__elapsed_days(prev, r->time_ms, rule,
						    roll));
		prev = r->time_ms;
	}
	return m;
}

enum tu_status tu_fsrs_dataset_from_revlog(struct tu_fsrs_dataset *ds,
					   const struct tu_revlog *log,
					   const size_t *rows, size_t n,
					   enum tu_day_rule rule,
					   int64_t rollover_ms,
					   size_t max_per_card,
					   struct tu_err *err)
{
	struct tu_fsrs_dataset tmp;
	size_t *perm, *starts, n_cards, used = 0;
	enum tu_status st = tu__group_by_card(log, rows, n, &perm, &starts,
					      &n_cards, err);

	if (st)
		return st;
	tu_fsrs_dataset_init(&tmp);
	tmp.steps = malloc((n ? n : 1) * sizeof(*tmp.steps));
	tmp.card_start = malloc((n_cards + 1) * sizeof(*tmp.card_start));
	if (tmp.steps && tmp.card_start) {
		for (size_t c = 0; c < n_cards; c++) {
			tmp.card_start[c] = used;
			used += copy_card(log, rows, perm, starts[c],
					  starts[c + 1], max_per_card, rule,
					  rollover_ms, tmp.steps + used);
		}
		tmp.card_start[n_cards] = used;
		tmp.n_steps = used;
		tmp.n_cards = n_cards;
	}
	free(perm);
	free(starts);
	if (!tmp.steps || !tmp.card_start) {
		tu_fsrs_dataset_release(&tmp);
		return tu_err_set(err, TU_ENOMEM, "review log: out of memory");
	}
	tu_fsrs_dataset_release(ds);
	*ds = tmp;
	return TU_OK;
}
