/* api.h — helpers shared by the JSON API handlers (api_*.c). */
#ifndef KEEL_WEB_API_H
#define KEEL_WEB_API_H

#include "core/json.h"
#include "web/web.h"

/* Refuses query parameters not in allowed (NULL-terminated): KEEL_EUNKNOWN
 * naming them, so a misspelt filter is an error rather than ignored. */
int api_check_query(struct req *r, const char *const *allowed);

/* Reads include=description (the only optional part today). Returns KEEL_OK
 * with *with_description, or KEEL_EINVAL for other values. */
int api_include(struct req *r, int *with_description);

/* Reads the body as JSON against fields (see core/json.h). On success *body
 * holds the document (caller json_decref()s it). */
int api_read(struct req *r, const struct jfield *fields, size_t n, json_t **body);

/* Reads "rice" / "ice" values (an object to merge, or null to clear) into patches. */
int api_rice(struct req *r, json_t *v, int present, struct rice_patch *p);
int api_ice(struct req *r, json_t *v, int present, struct ice_patch *p);

/* Sends r->out, which the caller filled with one JSON object, with status and
 * an ETag for version (0: none). */
void api_send(struct req *r, int status, int64_t version);

#endif
