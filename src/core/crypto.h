/* crypto.h — random tokens, token hashes and password hashes (libsodium).
 *
 * Secrets handed to users (session cookies, API tokens, CSRF tokens) are 256
 * random bits in URL-safe base64. Only their BLAKE2b-256 hash is stored, as hex,
 * so a copy of the database does not let anyone sign in. Passwords are hashed
 * with argon2id at OWASP's recommended cost (19 MiB, 2 passes). */
#ifndef KEEL_CORE_CRYPTO_H
#define KEEL_CORE_CRYPTO_H

#include <stddef.h>

enum {
  TOKEN_BYTES = 32,
  TOKEN_STR_LEN = 44,     /* 43 base64url characters + NUL */
  TOKEN_HASH_HEX_LEN = 65, /* 64 hex digits + NUL */
  PASSWORD_HASH_LEN = 128, /* crypto_pwhash_STRBYTES */
  PASSWORD_MIN_LEN = 8,
  PASSWORD_MAX_LEN = 1024,
  HMAC_HEX_LEN = 65,       /* HMAC-SHA256 as 64 lower-case hex digits + NUL */
};

/* Initialises libsodium. Returns 0, or -1 when the library cannot start.
 * Call once from main() before any thread starts. */
int crypto_init(void);

/* Writes a new random token (43 URL-safe characters) into out. */
void token_generate(char out[TOKEN_STR_LEN]);

/* Writes the hex BLAKE2b-256 hash of tok[0..len) into out. */
void token_hash(const char *tok, size_t len, char out[TOKEN_HASH_HEX_LEN]);

/* Writes the HMAC-SHA256 (RFC 2104) of msg[0..len) under key[0..key_len) —
 * any key length — as lower-case hex into out. */
void hmac_sha256_hex(const void *key, size_t key_len, const void *msg, size_t len, char out[HMAC_HEX_LEN]);

/* Hashes a password. Returns 0, or -1 if the hash could not be computed (out of memory). */
int password_hash(const char *pw, size_t len, char out[PASSWORD_HASH_LEN]);

/* Returns 1 when pw matches the stored hash, 0 otherwise. */
int password_verify(const char *stored, const char *pw, size_t len);

/* Returns 1 when a[0..n) equals b[0..n), in time independent of the contents. */
int ct_equal(const void *a, const void *b, size_t n);

#endif
