/*
 * hash.c - BLAKE2b-256 hex checksums over libsodium (tutor/hash.h).
 *
 * crypto_generichash never fails for the fixed 32-byte output and no key
 * used here, so the wrappers return nothing.
 */
#include "tutor/hash.h"

#include <sodium.h>
#include <string.h>

_Static_assert(sizeof(crypto_generichash_state) <= sizeof(((struct tu_hash *)0)->st),
	       "struct tu_hash too small for libsodium's state");

static crypto_generichash_state *state_of(struct tu_hash *h)
{
	return (crypto_generichash_state *)(void *)h->st;
}

void tu_hash_init(struct tu_hash *h)
{
	(void)crypto_generichash_init(state_of(h), NULL, 0, 32);
}

void tu_hash_update(struct tu_hash *h, const void *data, size_t len)
{
	if (len > 0)
		(void)crypto_generichash_update(state_of(h), data, len);
}

void tu_hash_u64(struct tu_hash *h, uint64_t v)
{
	unsigned char b[8];

	for (size_t i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	tu_hash_update(h, b, sizeof b);
}

void tu_hash_str(struct tu_hash *h, const char *s, size_t len)
{
	tu_hash_u64(h, (uint64_t)len);
	tu_hash_update(h, s, len);
}

void tu_hash_final_hex(struct tu_hash *h, char out[TU_HASH_HEX_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char d[32];

	(void)crypto_generichash_final(state_of(h), d, sizeof d);
	for (size_t i = 0; i < sizeof d; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[TU_HASH_HEX_LEN] = '\0';
}

void tu_hash_hex(const void *data, size_t len, char out[TU_HASH_HEX_LEN + 1])
{
	struct tu_hash h;

	tu_hash_init(&h);
	tu_hash_update(&h, data, len);
	tu_hash_final_hex(&h, out);
}
