#!/usr/bin/env python3
"""raw_search.py — the reference for bench/run-search.sh: the same full-text
queries Keel runs, straight on the SQLite file through the same libsqlite3,
with no HTTP, JSON or app code around them; prints p50/p95/p99 in ms.

usage: raw_search.py DB search QUERIES_FILE     (search: every type, the window and bm25 ranking, snippets)
       raw_search.py DB scan QUERIES_FILE       (the newest 1,000 matches of each type walked, no ranking, and
                                                 21 snippets: the floor under any ranking of that window)
       raw_search.py DB similar ITEMS_FILE      (duplicate candidates: rarest words from ideas_terms, ORed, top 100)
"""
import re
import sqlite3
import sys
import time

WINDOW, LIMIT, CANDIDATES, TERMS = 1000, 20, 100, 8

SEARCH = {
    "feedback_fts": "SELECT f.id, snippet(feedback_fts, 0, char(1), char(2), '…', 24) FROM feedback_fts "
                    "JOIN feedback f ON f.id = feedback_fts.rowid WHERE feedback_fts MATCH ? AND feedback_fts.rowid >= ? "
                    "ORDER BY feedback_fts.rank, feedback_fts.rowid DESC LIMIT ?",
    "ideas_fts": "SELECT i.id, highlight(ideas_fts, 0, char(1), char(2)), snippet(ideas_fts, 1, char(1), char(2), '…', 24) "
                 "FROM ideas_fts JOIN ideas i ON i.id = ideas_fts.rowid WHERE ideas_fts MATCH ? "
                 "AND ideas_fts.rank MATCH 'bm25(10.0, 1.0)' AND ideas_fts.rowid >= ? ORDER BY ideas_fts.rank, ideas_fts.rowid DESC LIMIT ?",
    "features_fts": "SELECT f.id, highlight(features_fts, 0, char(1), char(2)), snippet(features_fts, 1, char(1), char(2), '…', 24) "
                    "FROM features_fts JOIN features f ON f.id = features_fts.rowid WHERE features_fts MATCH ? "
                    "AND features_fts.rank MATCH 'bm25(10.0, 1.0)' AND features_fts.rowid >= ? ORDER BY features_fts.rank, features_fts.rowid DESC LIMIT ?",
}


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def search(con, q):
    words = re.findall(r"[0-9a-z]+", q.lower())
    match = "(" + " AND ".join('"%s"' % w for w in words) + ")"
    for table, sql in SEARCH.items():
        row = con.execute("SELECT rowid FROM %s WHERE %s MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?" % (table, table),
                          (match, WINDOW - 1)).fetchone()
        con.execute(sql, (match, row[0] if row else 0, LIMIT + 1)).fetchall()


def scan(con, q):
    words = re.findall(r"[0-9a-z]+", q.lower())
    match = "(" + " AND ".join('"%s"' % w for w in words) + ")"
    for table in SEARCH:
        ids = [r[0] for r in con.execute("SELECT rowid FROM %s WHERE %s MATCH ? ORDER BY rowid DESC LIMIT ?" % (table, table),
                                         (match, WINDOW))]
        for i in ids[:LIMIT + 1]:
            con.execute("SELECT snippet(%s, -1, char(1), char(2), '…', 24) FROM %s WHERE %s MATCH ? AND rowid = ?"
                        % (table, table, table), (match, i)).fetchall()


def similar(con, text):
    words = []
    for w in re.findall(r"[0-9a-z]+", text.lower()):
        if len(w) > 2 and w not in words:
            words.append(w)
    counted = []
    for w in words[:4 * TERMS]:
        row = con.execute("SELECT doc FROM ideas_terms WHERE term = ?", (w,)).fetchone()
        if row and row[0]:
            counted.append((row[0], w))
    counted.sort()
    if not counted:
        return
    match = " OR ".join('"%s"' % w for _, w in counted[:TERMS])
    con.execute("SELECT i.id, i.title, i.description FROM ideas_fts JOIN ideas i ON i.id = ideas_fts.rowid "
                "JOIN products p ON p.id = i.product_id WHERE ideas_fts MATCH ? AND ideas_fts.rank MATCH 'bm25(10.0, 1.0)' "
                "AND i.merged_at IS NULL ORDER BY ideas_fts.rank, ideas_fts.rowid DESC LIMIT ?", (match, CANDIDATES)).fetchall()


def main():
    db, kind, path = sys.argv[1:4]
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    lines = [l.rstrip("\n") for l in open(path, encoding="utf-8") if l.strip()]
    run = {"search": search, "scan": scan, "similar": similar}[kind]
    for l in lines[:20]:  # warm-up
        run(con, l)
    times = []
    for l in lines:
        t = time.perf_counter()
        run(con, l)
        times.append((time.perf_counter() - t) * 1000)
    print("raw_%s n %d p50 %.2f p95 %.2f p99 %.2f" % (kind, len(times), pct(times, 50), pct(times, 95), pct(times, 99)))


main()
