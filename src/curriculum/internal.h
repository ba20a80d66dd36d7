/*
 * internal.h - helpers shared by the curriculum module's files; not part
 * of the public API.
 *
 * The id index is an open-addressing hash table of uint32 slots holding
 * (position + 1), 0 meaning empty; the ids themselves live in the caller's
 * array, reached through a getter.  Capacity is a power of two at least
 * twice the number of keys, so probes stay short and never loop forever.
 */
#ifndef TUTOR_CURRICULUM_INTERNAL_H
#define TUTOR_CURRICULUM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

typedef const char *(*tu__key_fn)(const void *base, size_t i);

/* Slot count for n keys (power of two >= 2n, >= 8). */
size_t tu__index_slots(size_t n);

/*
 * Looks key up; returns its position or SIZE_MAX.  When absent and insert
 * is not SIZE_MAX, stores insert in the empty slot found.
 */
size_t tu__index_probe(uint32_t *slots, size_t n_slots, const void *base,
		       tu__key_fn key, const char *id, size_t insert);

#endif
