/* fts5_rank.c — keel_rank(), BM25 with the phrase counts given. */
#include "store/fts5_rank.h"

#include <math.h>
#include <string.h>

#define BM25_K1 1.2
#define BM25_B 0.75

static void keel_rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
                      sqlite3_value **val) {
  double title_weight = nval > 0 ? sqlite3_value_double(val[0]) : 1.0;
  int nphrase = api->xPhraseCount(fts), ncol = api->xColumnCount(fts);
  if (nphrase > FTS5_RANK_PHRASES_MAX) nphrase = FTS5_RANK_PHRASES_MAX;
  sqlite3_int64 nrow = 0, total = 0;
  int rc = api->xRowCount(fts, &nrow);
  if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &total);
  int dl = 0;
  if (rc == SQLITE_OK) rc = api->xColumnSize(fts, -1, &dl);
  double tf[FTS5_RANK_PHRASES_MAX];
  memset(tf, 0, sizeof tf);
  int ninst = 0;
  if (rc == SQLITE_OK) rc = api->xInstCount(fts, &ninst);
  for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
    int phrase, col, off;
    rc = api->xInst(fts, i, &phrase, &col, &off);
    if (rc == SQLITE_OK && phrase >= 0 && phrase < nphrase) tf[phrase] += ncol > 1 && col == 0 ? title_weight : 1.0;
  }
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  double n = nrow > 0 ? (double)nrow : 1.0;
  double avgdl = nrow > 0 && total > 0 ? (double)total / n : 1.0;
  double score = 0;
  for (int i = 0; i < nphrase; i++) {
    if (tf[i] <= 0) continue;
    double docs = 1 + i < nval ? sqlite3_value_double(val[1 + i]) : -1;
    if (docs < 0 || docs > n) docs = n / 10; /* unknown (a prefix): a middling word */
    double idf = log((n - docs + 0.5) / (docs + 0.5));
    if (idf <= 0) idf = 1e-6;
    score += idf * (tf[i] * (BM25_K1 + 1)) / (tf[i] + BM25_K1 * (1 - BM25_B + BM25_B * (double)dl / avgdl));
  }
  sqlite3_result_double(ctx, -score);
}

int fts5_rank_register(sqlite3 *h) {
  fts5_api *api = NULL;
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step(st);
  rc = sqlite3_finalize(st);
  if (rc != SQLITE_OK) return rc;
  if (!api || api->iVersion < 2) return SQLITE_ERROR;
  return api->xCreateFunction(api, "keel_rank", NULL, keel_rank, NULL);
}
