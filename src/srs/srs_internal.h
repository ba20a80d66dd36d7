/*
 * srs_internal.h - helpers shared by the files of src/srs only.
 */
#ifndef TUTOR_SRS_INTERNAL_H
#define TUTOR_SRS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "tutor/fsrs.h"
#include "tutor/revlog.h"

#define TU__DAY_MS 86400000LL

/*
 * Groups the selection rows[0..n) (positions into log, in time order) by
 * card: on success *perm (n entries) lists indices k into rows[] card
 * after card (cards in order of first appearance, each card's reviews in
 * selection order) and *starts (n_cards + 1 entries) delimits the cards.
 * Both are new arrays the caller frees.  TU_ENOMEM.
 */
enum tu_status tu__group_by_card(const struct tu_revlog *log,
				 const size_t *rows, size_t n, size_t **perm,
				 size_t **starts, size_t *n_cards,
				 struct tu_err *err);

/* Whole days between two review times under rule (>= 0 when b >= a). */
int64_t tu__elapsed_days(int64_t a_ms, int64_t b_ms, enum tu_day_rule rule,
			 int64_t rollover_ms);

#endif
