/* html.h — page layout and the small building blocks pages share.
 *
 * All HTML is written with html_printf() into r->out: text goes through %h,
 * attribute values through %a, URL parts through %u. The only raw insertions
 * are %R of HTML this module produced itself (rendered Markdown, fragments). */
#ifndef KEEL_WEB_HTML_H
#define KEEL_WEB_HTML_H

#include "web/web.h"

/* Starts a page: head, navigation for the signed-in user, <main>. nav names
 * the current section ("backlog", "board", "ideas", ...). */
void page_begin(struct req *r, const char *title, const char *nav);

/* Closes <main> and the page, and marks the response as HTML with status. */
void page_end(struct req *r, int status);

/* Renders an error as a full page with the right status (used by http.c). */
void page_error(struct req *r, int rc);

/* Writes the hidden CSRF field every state-changing form carries. */
void html_csrf(struct req *r);

/* Writes a notice box for ?done=... after a redirect (a fixed set of messages). */
void html_notice(struct req *r);

/* Writes text rendered as safe Markdown, in <div class="md">. */
void html_markdown(struct req *r, const char *text);

/* Writes <time> with the ISO date as title and a relative phrase as text. */
void html_time(struct req *r, int64_t t);

/* Writes an inline error box for a failed form submission. */
void html_form_error(struct req *r, const struct keel_err *e);

/* Writes <option>s for a select; current is selected. */
void html_options(struct req *r, const char *const *values, const char *const *labels, int n, const char *current);

/* Writes the badge for a feature status / horizon / idea status. */
void html_feature_status(struct req *r, enum feature_status s);
void html_horizon(struct req *r, enum horizon h);
void html_idea_status(struct req *r, enum idea_status s);

/* Writes a score cell: the rounded value with the exact one in the title, or "–". */
void html_score(struct req *r, int set, double v);

/* Returns 1 when the actor holds capability c (to show or hide controls). */
int html_can(const struct req *r, enum cap c);

/* Returns a form field (or "" when absent). */
const char *form_get(struct req *r, const char *name);

/* Reads the form's "version" field: KEEL_OK with *out, or KEEL_ENEEDVERSION
 * when it is absent or malformed (a form must say what it edits). */
int form_version(struct req *r, int64_t *out);

/* Returns 1 when s is a path on this site that is safe to redirect to: it
 * starts with one '/', not "//" or "/\\", and holds no control characters
 * (browsers drop tabs and newlines, which would turn "/\t/x" into "//x"). */
int html_local_path(const char *s);

/* Redirects after a successful form to path with ?done=what (303). */
void html_done(struct req *r, const char *path, const char *what);

#endif
