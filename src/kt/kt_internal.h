/*
 * kt_internal.h - helpers shared by the files of the kt module only (not
 * installed, not part of the API; names carry the tu__ prefix).
 */
#ifndef TUTOR_KT_INTERNAL_H
#define TUTOR_KT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "tutor/err.h"
#include "tutor/ktlog.h"

/* Makes room for at least want rows in log; TU_ENOMEM on failure. */
enum tu_status tu__ktlog_reserve(struct tu_ktlog *log, size_t want,
				 struct tu_err *err);

/*
 * The rows of a log grouped into (skill, user) sequences: order[] lists
 * row indexes sorted by skill, then user, then file position; sequence s
 * is order[start[s] .. start[s+1]).  Skill k's sequences are
 * [skill_seq[k], skill_seq[k+1]) (n_skills + 1 entries).  Owns its arrays.
 */
struct tu__kt_seqs {
	size_t *order;
	size_t *start;       /* n_seqs + 1 */
	size_t *skill_seq;   /* n_skills + 1 */
	size_t n, n_seqs;
	uint32_t n_skills;
};

/* Builds s from log (s is overwritten); TU_ENOMEM. */
enum tu_status tu__kt_seqs_build(struct tu__kt_seqs *s,
				 const struct tu_ktlog *log,
				 struct tu_err *err);

/* Frees s's arrays. */
void tu__kt_seqs_release(struct tu__kt_seqs *s);

#endif
