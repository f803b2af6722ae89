/* api_matrix.c — GET /api/v1/matrix: the impact vs effort matrix as data. */
#include "app/matrix.h"
#include "web/api.h"
#include "web/handlers.h"

int api_matrix(struct req *r) {
  static const char *const allowed[] = {"product", "initiative", "team", NULL};
  int rc = api_check_query(r, allowed);
  if (rc) return rc;
  struct matrix_in in = {req_query(r, "product"), req_query(r, "initiative"), req_query(r, "team")};
  struct matrix_view v;
  if ((rc = app_matrix(&r->x, &in, &v))) return rc;
  repr_matrix(&r->out, &v);
  api_send(r, 200, 0);
  return KEEL_OK;
}
