/*
 * tutor/leak.h - the one leak check: does a text (a hint, a chat answer,
 * an LLM reply) give a reference solution away?  Used by the feedback
 * agent before it delivers a hint, by the content checker on every
 * authored hint (docs/content-check.md) and by the LLM guardrails.
 * Rules: docs/agents.md ("The leak check").  Pure: no I/O, no globals.
 */
#ifndef TUTOR_LEAK_H
#define TUTOR_LEAK_H

#include <stdbool.h>
#include <stddef.h>

#define TU_LEAK_RUN_DEFAULT 8   /* shared consecutive tokens = a leak */

/*
 * True when hint shares at least min_run consecutive tokens (identifiers,
 * numbers, string literals, operators; whitespace and the solution's
 * comments ignored) with solution, or contains a whole solution line of
 * three or more tokens.  min_run 0 checks whole lines only.  *shared (may
 * be NULL) gets the shared tokens, space separated, truncated to cap
 * bytes ("" when nothing leaks).  NULL hint or solution: false.  A hint
 * over 64 KiB or 4096 tokens, or an allocation failure, counts as a leak
 * (refusing is always the safe side).
 */
bool tu_hint_leaks(const char *hint, const char *solution, size_t min_run,
		   char *shared, size_t cap);

#endif
