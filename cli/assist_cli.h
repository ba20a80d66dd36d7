/*
 * assist_cli.h - the text assistant (tutor/assist.h) in the commands
 * (cli/assist_cli.c): opening it from the LLM config and the --llm-*
 * options, what it needs to know about the learner, printing a text with
 * the path that served it, and recording what was shown as an "assist"
 * event.
 *
 * Every command that shows an assistant text records it, so the log says
 * which path, prompt version and model produced each text a learner saw.
 * The API key is read only from the environment (tutor/llm.h); it is
 * never printed, and a text that happens to contain it is redacted before
 * it is shown or recorded.
 *
 * Ownership: the assistant belongs to the cli_env (cli_env_close frees
 * it); struct tu_last_code (tutor/orch.h) owns its strings.
 */
#ifndef TUTOR_CLI_ASSIST_H
#define TUTOR_CLI_ASSIST_H

#include <stdbool.h>

#include "platform.h"
#include "tutor/assist.h"

/*
 * The LLM config: defaults, the config file and the environment
 * (tu_llm_config_load), then --llm-url / --llm-model.  Prints the error
 * and returns 1 when the config file or a variable is malformed.
 */
int cli_llm_config(const struct cli_env *e, struct tu_llm_config *c);

/*
 * The assistant of e (created on first use; needs the course).  A
 * malformed LLM config is a warning: the deterministic texts serve.
 * NULL (error printed) only when the prompts cannot be read or memory
 * runs out.
 */
struct tu_assist *cli_assist(struct cli_env *e);

/* The prompts directory: $TUTOR_PROMPTS, else the source tree's, else
 * the installed one. */
const char *cli_prompts_dir(void);

/* who for learner e->learner at e->now, with the proficiency on p (NULL:
 * the mean mastery of the learner's topics) and the persona from st. */
void cli_assist_who(const struct cli_env *e,
		    const struct tu_learner_state *st,
		    const struct tu_course_problem *p,
		    struct tu_assist_who *who);

/* The learner's latest submission on an item, from the log. */
/* Fills c (zeroed first) for item; 1 (error printed) on a log failure. */
int cli_last_code(struct cli_env *e, const char *item,
		  struct tu_last_code *c);

/* Removes the API key from r->text (in place) if it occurs there. */
void cli_assist_redact(const struct cli_env *e, struct tu_assist_result *r);

/* "json_schema", ..., or "fallback: <reason>". */
void cli_served_by(const struct tu_assist_result *r, char *buf, size_t cap);

/*
 * Records r as an "assist" event of use on item (may be "") and, on
 * success, keeps its seq and version in *seq / *version (may be NULL).
 * Prints the error and returns 1 on failure.
 */
int cli_assist_record(struct cli_env *e, enum tu_assist_use use,
		      const char *item, const struct tu_assist_result *r,
		      uint64_t *seq, uint64_t *version);

/* The text form: "<label><text>" and "(served by: ...)" lines (label may
 * be ""). */
void cli_assist_print(const char *label, const struct tu_assist_result *r);

/* The JSON form of r ({use, item, text, path, reason, prompt,
 * prompt_version, model, refused, seq, version}), compact; free(). */
char *cli_assist_json(enum tu_assist_use use, const char *item,
		      const struct tu_assist_result *r, uint64_t seq,
		      uint64_t version);

#endif
