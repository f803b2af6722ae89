/* upload.c — spooling file uploads to disk (raw bodies and multipart forms). */
#include "web/upload.h"

#include <dirent.h>
#include <errno.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/crypto.h"
#include "core/mem.h"

enum {
  UPLOAD_PATH_MAX = 512,
  POST_BUFFER = 32 * 1024, /* the post processor's working buffer */
  UPLOAD_FILE_FIELD_MAX = 64, /* bytes of the file field's name */
};

struct upload {
  struct MHD_PostProcessor *pp; /* multipart only */
  FILE *f;
  char path[UPLOAD_PATH_MAX];
  int64_t cap, size, raw; /* raw: bytes of body received */
  int failed;             /* over the cap, or unwritable, or malformed */
  int over;               /* over the cap */
  int kept;
  buf fields;             /* the non-file fields, urlencoded */
  char last_key[UPLOAD_FILE_FIELD_MAX];
  char filename[UPLOAD_NAME_MAX + 1];
};

/* The private directory for uploads: $TMPDIR/keel-uploads-UID, made 0700 and
 * checked to be ours (not a link someone else planted). */
static int upload_dir(char *out, size_t cap) {
  const char *tmp = getenv("TMPDIR");
  if (!tmp || !*tmp) tmp = "/tmp";
  int n = snprintf(out, cap, "%s/keel-uploads-%ld", tmp, (long)getuid());
  if (n < 0 || (size_t)n >= cap) return -1;
  if (mkdir(out, 0700) != 0 && errno != EEXIST) return -1;
  struct stat st;
  if (lstat(out, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077)) return -1;
  return 0;
}

static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                                const char *content_type, const char *transfer_encoding, const char *data, uint64_t off,
                                size_t size) {
  (void)kind;
  (void)content_type;
  (void)transfer_encoding;
  struct upload *u = cls;
  if (filename) { /* the file part: only one is taken */
    if (off == 0 && u->size > 0) return MHD_NO;
    if (off == 0) snprintf(u->filename, sizeof u->filename, "%s", filename);
    if (u->size + (int64_t)size > u->cap) u->over = 1;
    if (u->over || (size && fwrite(data, 1, size, u->f) != size)) {
      u->failed = 1;
      return MHD_NO;
    }
    u->size += (int64_t)size;
    return MHD_YES;
  }
  if (off == 0 || strcmp(u->last_key, key) != 0) {
    if (u->fields.len) buf_putc(&u->fields, '&');
    buf_url_escape(&u->fields, key, strlen(key));
    buf_putc(&u->fields, '=');
    snprintf(u->last_key, sizeof u->last_key, "%s", key);
  }
  if (u->fields.len + size * 3 > UPLOAD_FIELDS_MAX) {
    u->failed = 1;
    return MHD_NO;
  }
  buf_url_escape(&u->fields, data, size);
  return MHD_YES;
}

struct upload *upload_start(struct req *r, void *conn, int64_t cap) {
  char dir[UPLOAD_PATH_MAX - 16];
  if (upload_dir(dir, sizeof dir) != 0) {
    err_set(&r->e, KEEL_EIO, NULL, "cannot make a private directory for uploads under $TMPDIR");
    return NULL;
  }
  struct upload *u = xcalloc(1, sizeof *u);
  u->cap = cap;
  snprintf(u->path, sizeof u->path, "%s/up-XXXXXX", dir);
  int fd = mkstemp(u->path);
  if (fd < 0 || !(u->f = fdopen(fd, "w+b"))) {
    if (fd >= 0) {
      close(fd);
      unlink(u->path);
    }
    free(u);
    err_set(&r->e, KEEL_EIO, NULL, "cannot make a temporary file for the upload: %s", strerror(errno));
    return NULL;
  }
  buf_init(&u->fields, UPLOAD_FIELDS_MAX + 16);
  const char *ctype = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
  if (ctype && (strncasecmp(ctype, "multipart/form-data", 19) == 0 ||
                strncasecmp(ctype, "application/x-www-form-urlencoded", 33) == 0)) {
    u->pp = MHD_create_post_processor(conn, POST_BUFFER, on_field, u);
    if (!u->pp) u->failed = 1; /* no boundary: refused when it ends */
  }
  return u;
}

int upload_feed(struct upload *u, const char *data, size_t n) {
  if (u->failed) return -1;
  u->raw += (int64_t)n;
  if (u->pp) {
    /* The multipart framing adds a little to the file; allow it, the file part is capped by itself. */
    if (u->raw > u->cap + UPLOAD_FIELDS_MAX) u->over = 1;
    if (u->over || MHD_post_process(u->pp, data, n) != MHD_YES) u->failed = 1;
  } else if (u->raw > u->cap || fwrite(data, 1, n, u->f) != n) {
    u->over = u->raw > u->cap;
    u->failed = 1;
  } else {
    u->size = u->raw;
  }
  return u->failed ? -1 : 0;
}

int upload_finish(struct req *r) {
  struct upload *u = r->upload;
  if (u->pp) {
    MHD_destroy_post_processor(u->pp);
    u->pp = NULL;
    if (u->failed)
      return err_set(&r->e, KEEL_EPARSE, "file", "the form's body is not valid multipart/form-data (or its fields are too long)");
    int rc = form_parse(r->a, buf_cstr(&u->fields), u->fields.len, &r->form, &r->e);
    if (rc) return rc;
    r->form_parsed = 1;
  }
  if (u->failed || fflush(u->f) != 0) return err_set(&r->e, KEEL_EIO, NULL, "cannot write the upload to disk");
  rewind(u->f);
  return KEEL_OK;
}

int upload_over_cap(const struct upload *u) { return u->over; }

FILE *upload_file(struct upload *u) { return u->f; }
int64_t upload_size(const struct upload *u) { return u->size; }
const char *upload_filename(const struct upload *u) { return u->filename; }

static int token_ok(const char *t) {
  size_t n = 0;
  for (; t && t[n]; n++) {
    char c = t[n];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return 0;
  }
  return n == TOKEN_STR_LEN - 1;
}

/* Removes kept uploads older than UPLOAD_KEEP_SECONDS. */
static void sweep(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return;
  time_t now = time(NULL);
  struct dirent *de;
  while ((de = readdir(d))) {
    const char *dot = strrchr(de->d_name, '.');
    if (!dot || strcmp(dot, ".upload") != 0) continue;
    char p[UPLOAD_PATH_MAX + sizeof de->d_name + 2];
    snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
    struct stat st;
    if (lstat(p, &st) == 0 && S_ISREG(st.st_mode) && now - st.st_mtime > UPLOAD_KEEP_SECONDS) unlink(p);
  }
  closedir(d);
}

const char *upload_keep(struct req *r) {
  struct upload *u = r->upload;
  char dir[UPLOAD_PATH_MAX], tok[TOKEN_STR_LEN], dest[UPLOAD_PATH_MAX + 64];
  if (!u || upload_dir(dir, sizeof dir) != 0) {
    err_set(&r->e, KEEL_EIO, NULL, "cannot keep the upload");
    return NULL;
  }
  sweep(dir);
  token_generate(tok);
  snprintf(dest, sizeof dest, "%s/%s.upload", dir, tok);
  if (fflush(u->f) != 0 || rename(u->path, dest) != 0) {
    err_set(&r->e, KEEL_EIO, NULL, "cannot keep the upload: %s", strerror(errno));
    return NULL;
  }
  u->kept = 1;
  return arena_strdup(r->a, tok);
}

FILE *upload_open_kept(struct req *r, const char *token, int64_t *size) {
  char dir[UPLOAD_PATH_MAX], p[UPLOAD_PATH_MAX + 64];
  if (!token_ok(token) || upload_dir(dir, sizeof dir) != 0) {
    err_set(&r->e, KEEL_ENOTFOUND, "upload", "that upload is gone (uploads wait %d minutes): upload the file again",
            UPLOAD_KEEP_SECONDS / 60);
    return NULL;
  }
  snprintf(p, sizeof p, "%s/%s.upload", dir, token);
  struct stat st;
  FILE *f = NULL;
  if (lstat(p, &st) == 0 && S_ISREG(st.st_mode) && time(NULL) - st.st_mtime <= UPLOAD_KEEP_SECONDS) f = fopen(p, "rb");
  if (!f) {
    err_set(&r->e, KEEL_ENOTFOUND, "upload", "that upload is gone (uploads wait %d minutes): upload the file again",
            UPLOAD_KEEP_SECONDS / 60);
    return NULL;
  }
  *size = (int64_t)st.st_size;
  return f;
}

void upload_remove_kept(const char *token) {
  char dir[UPLOAD_PATH_MAX], p[UPLOAD_PATH_MAX + 64];
  if (!token_ok(token) || upload_dir(dir, sizeof dir) != 0) return;
  snprintf(p, sizeof p, "%s/%s.upload", dir, token);
  unlink(p);
}

void upload_free(struct upload *u) {
  if (!u) return;
  if (u->pp) MHD_destroy_post_processor(u->pp);
  if (u->f) fclose(u->f);
  if (!u->kept) unlink(u->path);
  buf_free(&u->fields);
  free(u);
}
