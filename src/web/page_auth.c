/* page_auth.c — signing in and out, the start page and the health check. */
#include <string.h>

#include "core/crypto.h"
#include "web/handlers.h"
#include "web/html.h"

/* Returns next if it is a local path (starts with one '/'), else "/backlog".
 * Control characters are refused too: browsers drop tabs and newlines from a
 * URL, so "/\t/evil.example" would lead to //evil.example. */
static const char *safe_next(const char *next) { return html_local_path(next) ? next : "/backlog"; }

/* Writes the sign-in form; login_csrf pairs with the keel_login cookie. */
static void login_form(struct req *r, const char *email, const char *next, const char *error, int status) {
  char tok[TOKEN_STR_LEN];
  token_generate(tok);
  resp_cookie(r, "keel_login", tok, 3600);
  page_begin(r, "Sign in", NULL);
  html_printf(&r->out, "<section class=\"login\"><h1>Sign in to Keel</h1>");
  if (req_query(r, "done") && strcmp(req_query(r, "done"), "password") == 0) html_notice(r);
  if (req_query(r, "done") && strcmp(req_query(r, "done"), "signedout") == 0) html_notice(r);
  if (error) html_printf(&r->out, "<div class=\"form-error\" role=\"alert\">%h</div>", error);
  html_printf(&r->out,
              "<form method=\"post\" action=\"/login\" class=\"stack\">"
              "<input type=\"hidden\" name=\"login_csrf\" value=\"%a\">"
              "<input type=\"hidden\" name=\"next\" value=\"%a\">"
              "<label>E-mail <input type=\"email\" name=\"email\" value=\"%a\" required autofocus autocomplete=\"username\"></label>"
              "<label>Password <input type=\"password\" name=\"password\" required autocomplete=\"current-password\"></label>"
              "<button type=\"submit\">Sign in</button></form></section>",
              tok, safe_next(next), email ? email : "");
  page_end(r, status);
}

int page_login(struct req *r) {
  if (r->actor.role != ROLE_NONE) {
    resp_redirect(r, r->actor.role == ROLE_PORTAL ? "/portal" : safe_next(req_query(r, "next")));
    return KEEL_OK;
  }
  login_form(r, NULL, req_query(r, "next"), NULL, 200);
  return KEEL_OK;
}

int page_login_submit(struct req *r) {
  const char *cookie = req_cookie(r, "keel_login");
  const char *sent = form_get(r, "login_csrf");
  if (!cookie || strlen(cookie) != strlen(sent) || !ct_equal(cookie, sent, strlen(sent)))
    return err_set(&r->e, KEEL_EPERM, "_csrf", "the sign-in form expired; reload the page and try again");
  const char *token;
  struct session s;
  int rc = app_login(&r->x, form_get(r, "email"), form_get(r, "password"), r->client_addr, &token, &s);
  if (rc == KEEL_EAUTH || rc == KEEL_ETHROTTLED) {
    if (rc == KEEL_ETHROTTLED) resp_header(r, "Retry-After", arena_printf(r->a, "%d", r->e.retry_after));
    login_form(r, form_get(r, "email"), form_get(r, "next"), r->e.msg, http_status_for(rc));
    return KEEL_OK;
  }
  if (rc) return rc;
  const char *next = safe_next(form_get(r, "next"));
  /* A portal user belongs in the portal, wherever the link they followed pointed. */
  struct actor who;
  struct session ss;
  struct touch_later later;
  struct keel_err ignored;
  if (app_session_check(r->db, r->a, r->x.now, token, &who, &ss, &later, &ignored) == KEEL_OK && who.role == ROLE_PORTAL &&
      strncmp(next, "/portal", 7) != 0)
    next = "/portal";
  resp_redirect(r, next);
  resp_cookie(r, "keel_session", token, SESSION_ABSOLUTE_SECONDS);
  resp_cookie(r, "keel_login", "", 0);
  return KEEL_OK;
}

int page_logout(struct req *r) {
  int rc = app_logout(&r->x, r->session_token);
  if (rc) return rc;
  resp_redirect(r, "/login?done=signedout");
  resp_cookie(r, "keel_session", "", 0);
  return KEEL_OK;
}

int page_home(struct req *r) {
  resp_redirect(r, role_allows(r->actor.role, CAP_READ) ? "/backlog" : "/portal");
  return KEEL_OK;
}

int page_health(struct req *r) {
  int ok = app_health(&r->x) == KEEL_OK;
  html_printf(&r->out, "%h\n", ok ? "ok" : "database unavailable");
  r->status = ok ? 200 : 503;
  if (!ok) resp_header(r, "Retry-After", arena_printf(r->a, "%d", r->e.retry_after > 0 ? r->e.retry_after : 1));
  r->content_type = "text/plain; charset=utf-8";
  return KEEL_OK;
}
