/* fuzz_import.c — libFuzzer target for the workspace import reader
 * (app/transfer.c: app_workspace_import over store/transfer.c).
 *
 * The input is a workspace export (the JSON that `keel export` writes). It is
 * imported into a temporary, empty SQLite workspace. Whatever the input, the
 * import must either succeed or fail with one of its documented codes and a
 * message — and a failed import must leave the workspace empty (one
 * transaction, nothing half-written). A successful import is undone by
 * starting over with a new workspace. A violation traps.
 *
 * Only this file and the libraries' own code run; the store and app layers
 * are not compiled with coverage here, so libFuzzer learns mostly from the
 * corpus (tests/fuzz/corpus/import/, exports and their damaged variants). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "core/crypto.h"
#include "store/transfer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) \
  do {              \
    if (!(cond)) __builtin_trap(); \
  } while (0)

static char dir[64];
static char path[96];
static db *workspace;

static void fresh_workspace(void) {
  if (workspace) db_close(workspace);
  workspace = NULL;
  const char *suffix[] = {"", "-wal", "-shm"};
  char p[128];
  for (int i = 0; i < 3; i++) {
    snprintf(p, sizeof p, "%s%s", path, suffix[i]);
    unlink(p);
  }
  struct keel_err e = {0};
  CHECK(db_open(path, DB_OPEN_CREATE, &workspace, &e) == KEEL_OK);
}

static void cleanup(void) {
  if (workspace) db_close(workspace);
  const char *suffix[] = {"", "-wal", "-shm"};
  char p[128];
  for (int i = 0; i < 3; i++) {
    snprintf(p, sizeof p, "%s%s", path, suffix[i]);
    unlink(p);
  }
  rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!workspace) {
    CHECK(crypto_init() == 0);
    snprintf(dir, sizeof dir, "/tmp/keel-fuzz-import-XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/w.db", dir);
    atexit(cleanup);
    fresh_workspace();
  }
  FILE *f = size ? fmemopen((void *)data, size, "r") : tmpfile();
  CHECK(f != NULL);
  struct keel_err e = {0};
  arena *a = arena_new(1 << 16);
  struct app x = {.db = workspace, .a = a, .actor = &app_owner, .now = 1795300000, .e = &e};
  int rc = app_workspace_import(&x, f, "fuzz.json", NULL, NULL, NULL);
  fclose(f);
  if (rc == KEEL_OK) {
    fresh_workspace(); /* it holds the import now: start over */
  } else {
    CHECK(rc == KEEL_EPARSE || rc == KEEL_EUNKNOWN || rc == KEEL_EINVAL || rc == KEEL_ETOOBIG ||
          rc == KEEL_EEXISTS || rc == KEEL_ECONFLICT || rc == KEEL_EIO);
    CHECK(e.rc == rc && e.msg[0]);
    const char *full = NULL;
    struct keel_err e2 = {0};
    CHECK(store_xfer_first_nonempty(workspace, &full, &e2) == KEEL_OK);
    CHECK(full == NULL); /* nothing half-written */
  }
  arena_free(a);
  return 0;
}
