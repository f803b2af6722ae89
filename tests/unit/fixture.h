/* fixture.h — what the unit tests of store/ and app/ share: a database file in
 * a fresh temporary directory, removing it again, copying a template
 * workspace, adding users directly, and counting rows.
 *
 * Each returns an error value rather than asserting, so setup functions can
 * use them; tests wrap them in cmocka asserts. */
#ifndef KEEL_TESTS_FIXTURE_H
#define KEEL_TESTS_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "domain/roles.h"
#include "store/db.h"

/* Creates /tmp/keel-NAME-XXXXXX into dir (dir_size bytes) and writes the path
 * of a database file "w.db" inside it into path. Returns 0, or -1 when the
 * directory cannot be made or a name does not fit. */
int fixture_tmpdb(char *dir, size_t dir_size, char *path, size_t path_size, const char *name);

/* Removes the database file path with its -wal, -shm and -journal files, then
 * the directory dir (when not NULL). Missing files are fine. */
void fixture_remove(const char *dir, const char *path);

/* Copies the file from to the file to. Returns 0 or -1. */
int fixture_copy_file(const char *from, const char *to);

/* Inserts an active user (the name is the e-mail) with a password hash
 * nobody can sign in with, created at `at`. Returns its id, or 0 on error. */
int64_t fixture_add_user(db *d, const char *email, enum role role, int64_t at);

/* Runs sql (one row, one integer column). Returns the value, or -1. */
int64_t fixture_count(db *d, const char *sql);

#endif
