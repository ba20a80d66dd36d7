/*
 * internal.h - helpers shared by the files of the logistic module only
 * (double-underscore names, not part of the public API).
 */
#ifndef TUTOR_LOGISTIC_INTERNAL_H
#define TUTOR_LOGISTIC_INTERNAL_H

#include "tutor/logistic.h"

/* Start of each feature block in the weight vector. */
struct tu__lr_offsets {
	size_t item, skill, item_counts, skill_counts, total_counts;
	size_t recent, smooth, decay;
};

/* One sparse feature row. */
struct tu__lr_row {
	size_t n;
	uint32_t idx[TU_LR_MAX_ROW_NNZ];
	double val[TU_LR_MAX_ROW_NNZ];
};

/* Fills o for features f and returns the number of weights. */
size_t tu__lr_layout(unsigned f, uint32_t ni, uint32_t ns,
		     struct tu__lr_offsets *o);

/* Builds the features of (c, item, skill) under m's settings and o. */
void tu__lr_row_build(const struct tu_lr_model *m,
		      const struct tu__lr_offsets *o,
		      const struct tu_lr_counts *c, uint32_t item,
		      uint32_t skill, struct tu__lr_row *r);

double tu__lr_phi(double x);
double tu__lr_sigmoid(double z);

/* Validates cfg (not its optimizer part); TU_EINVAL with a message. */
enum tu_status tu__lr_config_check(const struct tu_lr_config *cfg,
				   struct tu_err *err);

#endif
