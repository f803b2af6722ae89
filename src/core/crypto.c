/* crypto.c — thin, named wrappers over libsodium. */
#include "core/crypto.h"

#include <sodium.h>
#include <string.h>

_Static_assert(PASSWORD_HASH_LEN == crypto_pwhash_STRBYTES, "password hash size");

enum { PW_OPSLIMIT = 2, PW_MEMLIMIT = 19 * 1024 * 1024 };

int crypto_init(void) { return sodium_init() < 0 ? -1 : 0; }

void token_generate(char out[TOKEN_STR_LEN]) {
  unsigned char raw[TOKEN_BYTES];
  randombytes_buf(raw, sizeof raw);
  sodium_bin2base64(out, TOKEN_STR_LEN, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(raw, sizeof raw);
}

void token_hash(const char *tok, size_t len, char out[TOKEN_HASH_HEX_LEN]) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, (const unsigned char *)tok, len, NULL, 0);
  sodium_bin2hex(out, TOKEN_HASH_HEX_LEN, h, sizeof h);
}

void hmac_sha256_hex(const void *key, size_t key_len, const void *msg, size_t len, char out[HMAC_HEX_LEN]) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, key, key_len);
  crypto_auth_hmacsha256_update(&st, msg, len);
  crypto_auth_hmacsha256_final(&st, mac);
  sodium_memzero(&st, sizeof st);
  sodium_bin2hex(out, HMAC_HEX_LEN, mac, sizeof mac);
}

int password_hash(const char *pw, size_t len, char out[PASSWORD_HASH_LEN]) {
  return crypto_pwhash_str_alg(out, pw, len, PW_OPSLIMIT, PW_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) == 0
             ? 0
             : -1;
}

int password_verify(const char *stored, const char *pw, size_t len) {
  return crypto_pwhash_str_verify(stored, pw, len) == 0;
}

int ct_equal(const void *a, const void *b, size_t n) { return sodium_memcmp(a, b, n) == 0; }
