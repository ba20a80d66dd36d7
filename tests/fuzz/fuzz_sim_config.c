/* fuzz_sim_config.c - libFuzzer target for the simulator's outside input:
 * a priors file (a tutor-bkt JSON document, tu_sim_priors_from_bkt) and
 * `--set KEY=VALUE` text (tu_sim_config_set).  Any bytes must give TU_OK
 * or an error with a message, never a crash or leak; accepted priors are
 * valid Betas and an accepted setting leaves a valid configuration; a
 * refused one changes nothing. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void priors(const uint8_t *data, size_t size)
{
	struct tu_sim_priors p;
	struct tu_err err = TU_ERR_INIT;
	struct tu_sim_config c;

	tu_sim_priors_default(&p);
	if (tu_sim_priors_from_bkt((const char *)data, size, "fuzz", &p,
				   &err) != TU_OK) {
		if (err.msg[0] == '\0')
			abort();
		return;
	}
	tu_sim_config_default(&c);
	c.priors = p;
	if (tu_sim_config_validate(&c, &err) != TU_OK)
		abort();
}

static void setting(const uint8_t *data, size_t size)
{
	struct tu_sim_config c, before;
	struct tu_err err = TU_ERR_INIT;
	char buf[512], *eq;

	if (size >= sizeof(buf))
		return;
	memcpy(buf, data, size);
	buf[size] = '\0';
	eq = strchr(buf, '=');
	if (!eq)
		return;
	*eq = '\0';
	tu_sim_config_default(&c);
	before = c;
	if (tu_sim_config_set(&c, buf, eq + 1, &err) == TU_OK) {
		if (tu_sim_config_validate(&c, &err) != TU_OK)
			abort();
	} else if (err.msg[0] == '\0' || memcmp(&c, &before, sizeof(c))) {
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 0 && data[0] == '{')
		priors(data, size);
	else
		setting(data, size);
	return 0;
}
