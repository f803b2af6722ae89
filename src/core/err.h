/* err.h — errors are values: a return code plus a message and the field at fault.
 *
 * Functions that can fail return int: KEEL_OK (0) or one of the codes below, and
 * fill a caller-provided struct keel_err with a human message. The code decides
 * the HTTP status (web/) and the CLI exit status (cli/); the message is shown
 * to the user as is, so it is written for them. */
#ifndef KEEL_CORE_ERR_H
#define KEEL_CORE_ERR_H

enum keel_rc {
  KEEL_OK = 0,
  KEEL_EINVAL,       /* a value is out of range or the wrong type (422) */
  KEEL_EPARSE,       /* malformed input: JSON, form data, CSV (400) */
  KEEL_EUNKNOWN,     /* input names fields we do not know (400) */
  KEEL_ENOTFOUND,    /* the object does not exist or is not visible (404) */
  KEEL_EAUTH,        /* not signed in, or bad credentials (401) */
  KEEL_EPERM,        /* signed in but not allowed (403) */
  KEEL_ESTALE,       /* the version given is not the current one (412) */
  KEEL_ENEEDVERSION, /* a change without the version it applies to (428) */
  KEEL_EEXISTS,      /* a unique key is already taken (409) */
  KEEL_ECONFLICT,    /* the change does not fit the object's state (409) */
  KEEL_ETOOBIG,      /* input over a size limit (413) */
  KEEL_ETHROTTLED,   /* too many attempts; retry later (429) */
  KEEL_EBUSY,        /* the database stayed locked; retry (503) */
  KEEL_EDB,          /* the database failed (500) */
  KEEL_EIO,          /* a file or socket failed (500) */
  KEEL_EINTERNAL,    /* a bug (500) */
  KEEL_EMETHOD,      /* the path exists, but not for this HTTP method (405) */
  KEEL_RC_COUNT
};

enum { KEEL_ERR_MSG_MAX = 512, KEEL_ERR_FIELD_MAX = 128 };

struct keel_err {
  int rc;
  char field[KEEL_ERR_FIELD_MAX]; /* the input field at fault, or "" */
  char msg[KEEL_ERR_MSG_MAX];
  int retry_after;                /* seconds, for KEEL_ETHROTTLED and KEEL_EBUSY */
};

/* Records an error and returns rc, so callers can write `return err_set(...)`.
 * field may be NULL. A NULL e is allowed and only returns rc. */
int err_set(struct keel_err *e, int rc, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Clears e to "no error". */
void err_clear(struct keel_err *e);

/* Returns the stable machine name of rc ("invalid", "not_found", ...). */
const char *err_code_name(int rc);

#endif
