/*
 * tutor/utf8.h - the one UTF-8 validator every module uses for outside
 * text (course files, learner state, learner code, SVG labels, events).
 *
 * Strict RFC 3629: no overlong forms, no surrogates (U+D800..U+DFFF),
 * nothing above U+10FFFF, no truncated sequences.  Pure; no state.
 */
#ifndef TUTOR_UTF8_H
#define TUTOR_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Length (1..4) of the valid UTF-8 sequence at s, which has n >= 1
 * readable bytes, or 0 when it is invalid.  Any byte below 0x80 (NUL
 * included) is a sequence of length 1: callers that refuse NUL or
 * control characters check for them.  For a NUL-terminated string pass
 * n = 4: the terminator is never a continuation byte, so reading stops
 * at it.
 */
size_t tu_utf8_seq(const unsigned char *s, size_t n);

/*
 * True when the n bytes at s are valid UTF-8 without NUL bytes; else
 * false with *bad (when non-NULL) set to the offset of the first bad
 * byte.
 */
bool tu_utf8_valid(const char *s, size_t n, size_t *bad);

#endif
