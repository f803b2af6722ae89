/* replay.c — a main() that feeds saved inputs to a libFuzzer target.
 *
 * Linked with each fuzz target when it is not built with -fsanitize=fuzzer, so
 * any compiler (gcc included) can replay a corpus under ASan/UBSan as part of
 * `meson test --suite fuzz`. Each argument is a file, or a directory whose
 * regular files are replayed in name order (subdirectories are not entered).
 * Every input is copied into a buffer of exactly its size, so reads past the
 * end are caught by ASan as they would be under libFuzzer. Each input is
 * named on stderr before it runs, so a crash report says which one it was.
 *
 * Exit status: 0 when every input was replayed, 1 when a file or directory
 * could not be read, 2 on bad usage. A target that finds a bug traps. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads the whole file at path into a malloc'd buffer of exactly its size.
 * Returns 0 with *out and *len set (caller frees), or -1 with a message printed. */
static int read_file(const char *path, uint8_t **out, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    return -1;
  }
  size_t cap = 4096, n = 0;
  uint8_t *d = malloc(cap);
  if (!d) {
    fclose(f);
    fprintf(stderr, "%s: out of memory\n", path);
    return -1;
  }
  for (;;) {
    if (n == cap) {
      uint8_t *g = realloc(d, cap * 2);
      if (!g) {
        free(d);
        fclose(f);
        fprintf(stderr, "%s: out of memory\n", path);
        return -1;
      }
      d = g;
      cap *= 2;
    }
    size_t got = fread(d + n, 1, cap - n, f);
    n += got;
    if (got == 0) break;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    free(d);
    fprintf(stderr, "%s: read error\n", path);
    return -1;
  }
  /* An exact-size copy, so that ASan sees a read one byte past the input. */
  uint8_t *exact = malloc(n ? n : 1);
  if (!exact) {
    free(d);
    fprintf(stderr, "%s: out of memory\n", path);
    return -1;
  }
  if (n) memcpy(exact, d, n);
  free(d);
  *out = exact;
  *len = n;
  return 0;
}

/* Replays one file. Returns 0, or -1 when it cannot be read. */
static int replay_file(const char *path) {
  uint8_t *data;
  size_t len;
  if (read_file(path, &data, &len)) return -1;
  /* Named before it runs, as libFuzzer does, so a crash log says which input. */
  fprintf(stderr, "Running: %s\n", path);
  (void)LLVMFuzzerTestOneInput(data, len);
  free(data);
  return 0;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays every regular file in dir, sorted by name, adding to *count.
 * Returns 0, or -1 when the directory or one of its files cannot be read. */
static int replay_dir(const char *dir, size_t *count) {
  DIR *d = opendir(dir);
  if (!d) {
    perror(dir);
    return -1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  int rc = 0;
  struct dirent *ent;
  while ((ent = readdir(d)) != NULL) {
    if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0) continue;
    size_t plen = strlen(dir) + 1 + strlen(ent->d_name) + 1;
    char *path = malloc(plen);
    if (!path) {
      rc = -1;
      break;
    }
    snprintf(path, plen, "%s/%s", dir, ent->d_name);
    struct stat st;
    if (stat(path, &st) != 0) {
      perror(path);
      free(path);
      rc = -1;
      continue;
    }
    if (!S_ISREG(st.st_mode)) {
      free(path);
      continue;
    }
    if (n == cap) {
      size_t ncap = cap ? cap * 2 : 64;
      char **g = realloc(names, ncap * sizeof *names);
      if (!g) {
        free(path);
        rc = -1;
        break;
      }
      names = g;
      cap = ncap;
    }
    names[n++] = path;
  }
  closedir(d);
  if (n) qsort(names, n, sizeof *names, cmp_names);
  for (size_t i = 0; i < n; i++) {
    if (replay_file(names[i]) == 0) (*count)++;
    else rc = -1;
    free(names[i]);
  }
  free(names);
  return rc;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s FILE_OR_DIRECTORY...\n", argv[0]);
    return 2;
  }
  size_t count = 0;
  int failed = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) != 0) {
      perror(argv[i]);
      failed = 1;
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      if (replay_dir(argv[i], &count)) failed = 1;
    } else if (replay_file(argv[i]) == 0) {
      count++;
    } else {
      failed = 1;
    }
  }
  printf("replayed %zu inputs\n", count);
  return failed ? 1 : 0;
}
