/* fixture.c — see fixture.h. */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "domain/user.h"
#include "store/users.h"

int fixture_tmpdb(char *dir, size_t dir_size, char *path, size_t path_size, const char *name) {
  int n = snprintf(dir, dir_size, "/tmp/keel-%s-XXXXXX", name);
  if (n < 0 || (size_t)n >= dir_size || !mkdtemp(dir)) return -1;
  n = snprintf(path, path_size, "%s/w.db", dir);
  return n < 0 || (size_t)n >= path_size ? -1 : 0;
}

void fixture_remove(const char *dir, const char *path) {
  static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
  for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
    char p[512];
    int n = snprintf(p, sizeof p, "%s%s", path, suffixes[i]);
    if (n > 0 && (size_t)n < sizeof p) unlink(p);
  }
  if (dir) rmdir(dir);
}

int fixture_copy_file(const char *from, const char *to) {
  FILE *in = fopen(from, "rb");
  if (!in) return -1;
  FILE *out = fopen(to, "wb");
  if (!out) {
    fclose(in);
    return -1;
  }
  char block[8192];
  size_t n;
  int rc = 0;
  while ((n = fread(block, 1, sizeof block, in)) > 0)
    if (fwrite(block, 1, n, out) != n) rc = -1;
  fclose(in);
  if (fclose(out)) rc = -1;
  return rc;
}

int64_t fixture_add_user(db *d, const char *email, enum role role, int64_t at) {
  struct user u = {.email = email, .name = email, .role = role, .active = 1, .created_at = at, .updated_at = at};
  struct keel_err e;
  /* A well-formed hash of nothing anyone types: these users never sign in. */
  if (store_user_insert(d, &u, "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA", &e)) return 0;
  return u.id;
}

int64_t fixture_count(db *d, const char *sql) {
  struct keel_err e;
  db_stmt *st = db_prepare(d, sql, &e);
  if (!st) return -1;
  int64_t n = db_step(st) > 0 ? db_col_int(st, 0) : -1;
  db_done(st);
  return n;
}
