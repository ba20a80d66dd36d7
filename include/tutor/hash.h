/*
 * tutor/hash.h - BLAKE2b-256 checksums (libsodium's crypto_generichash)
 * as lower-case hex, for store rows and course content hashes.
 *
 * Not a password hash and not a MAC: it detects corruption and change,
 * nothing more.  No allocation; the context lives on the caller's stack.
 */
#ifndef TUTOR_HASH_H
#define TUTOR_HASH_H

#include <stddef.h>
#include <stdint.h>

#define TU_HASH_HEX_LEN 64   /* hex digits; buffers need 65 bytes */

struct tu_hash {
	unsigned char st[384] __attribute__((aligned(64))); /* libsodium state */
};

/* Starts a hash.  Cannot fail. */
void tu_hash_init(struct tu_hash *h);
/* Adds len bytes (data may be NULL when len is 0). */
void tu_hash_update(struct tu_hash *h, const void *data, size_t len);
/* Adds a 64-bit integer in little-endian order (for row fields). */
void tu_hash_u64(struct tu_hash *h, uint64_t v);
/* Adds a string with its length first, so ("ab","c") != ("a","bc"). */
void tu_hash_str(struct tu_hash *h, const char *s, size_t len);
/* Writes the 64 hex digits and a NUL into out. */
void tu_hash_final_hex(struct tu_hash *h, char out[TU_HASH_HEX_LEN + 1]);
/* One-shot hex hash of len bytes. */
void tu_hash_hex(const void *data, size_t len, char out[TU_HASH_HEX_LEN + 1]);

#endif
