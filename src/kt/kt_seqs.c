/*
 * kt_seqs.c - grouping a log into (skill, user) sequences (kt_internal.h).
 *
 * A sort of row indexes by (skill, user, position) keeps each learner's
 * rows on a skill in file order; its memory is O(rows), independent of how
 * large the ids are.
 */
#include <stdlib.h>
#include <string.h>
#include "kt_internal.h"

struct key {
	uint32_t skill;
	uint32_t user;
	size_t row;
};

static int cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;

	if (x->skill != y->skill)
		return x->skill < y->skill ? -1 : 1;
	if (x->user != y->user)
		return x->user < y->user ? -1 : 1;
	return (x->row > y->row) - (x->row < y->row);
}

void tu__kt_seqs_release(struct tu__kt_seqs *s)
{
	free(s->order);
	free(s->start);
	free(s->skill_seq);
	memset(s, 0, sizeof(*s));
}

/* Fills order, start and skill_seq from the sorted keys. */
static void fill(struct tu__kt_seqs *s, const struct key *k, size_t n)
{
	uint32_t skill = 0;

	s->n_seqs = 0;
	s->skill_seq[0] = 0;
	for (size_t i = 0; i < n; i++) {
		s->order[i] = k[i].row;
		if (i > 0 && k[i].skill == k[i - 1].skill &&
		    k[i].user == k[i - 1].user)
			continue;
		while (skill < k[i].skill)
			s->skill_seq[++skill] = s->n_seqs;
		s->start[s->n_seqs++] = i;
	}
	while (skill < s->n_skills)
		s->skill_seq[++skill] = s->n_seqs;
	s->start[s->n_seqs] = n;
}

enum tu_status tu__kt_seqs_build(struct tu__kt_seqs *s,
				 const struct tu_ktlog *log,
				 struct tu_err *err)
{
	size_t n = log->n;
	struct key *k = malloc((n ? n : 1) * sizeof(*k));

	memset(s, 0, sizeof(*s));
	s->n = n;
	s->n_skills = log->n_skills;
	s->order = malloc((n ? n : 1) * sizeof(*s->order));
	s->start = malloc((n + 1) * sizeof(*s->start));
	s->skill_seq = malloc(((size_t)log->n_skills + 1) *
			      sizeof(*s->skill_seq));
	if (!k || !s->order || !s->start || !s->skill_seq) {
		free(k);
		tu__kt_seqs_release(s);
		return tu_err_set(err, TU_ENOMEM,
				  "kt: out of memory grouping %zu rows", n);
	}
	for (size_t i = 0; i < n; i++) {
		k[i].skill = log->rows[i].skill;
		k[i].user = log->rows[i].user;
		k[i].row = i;
	}
	qsort(k, n, sizeof(*k), cmp_key);
	fill(s, k, n);
	free(k);
	return TU_OK;
}
