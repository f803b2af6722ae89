// transfer.test.mjs — moving a workspace between backends, and backups, with
// the real binary:
//   - the demo workspace exported from SQLite, imported into a new PostgreSQL
//     database, exported from there, imported into a new SQLite file and
//     exported again: the three exports are the same bytes but for
//     exported_at; an import into a workspace with data is refused;
//   - `keel serve` on the imported PostgreSQL workspace: the demo password
//     signs in, an API token made before the move still works, the backlog
//     and the ideas read as on the original (same versions, same ETags), and
//     new records get ids after the imported ones;
//   - `keel backup` of a SQLite workspace while 20 clients keep writing
//     through the API: every write acknowledged before the backup started is
//     in the copy, which passes PRAGMA integrity_check; on PostgreSQL the
//     command refuses and names pg_dump;
//   - pg_dump -Fc / pg_restore of a Keel database on the test cluster: the
//     restored database exports the same as the original.
// It uses both backends by itself, so it runs once, in suite 'blackbox', and
// needs KEEL_TEST_PG (a base URL from scripts/pg-cluster; scripts/test sets
// it). Without it the file fails: it never skips.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, test } from 'node:test';

import { assert, DEMO_PASSWORD, Keel, KEEL_BIN, run, SANITIZER_RE, Web } from './lib.mjs';

const PG = process.env.KEEL_TEST_PG;
if (!PG) {
  throw new Error('transfer.test.mjs needs KEEL_TEST_PG, the base URL of a PostgreSQL cluster ' +
                  '(scripts/pg-cluster start DIR prints one; scripts/test sets it)');
}
// The source workspace is SQLite whatever the suite's backend.
delete process.env.KEEL_BACKEND;

let k; // the demo workspace on SQLite, served
let tmp; // a directory for exports and copies
const stopLater = [];

/** Runs keel --db DB ARGS; resolves {code, stdout, stderr}; throws on a sanitizer report. */
async function keel(db, args, input) {
  const r = await run(KEEL_BIN, ['--db', db, ...args], input);
  if (SANITIZER_RE.test(r.stderr)) throw new Error(`sanitizer report from keel ${args.join(' ')}:\n${r.stderr}`);
  return r;
}

/** Creates a new database on the test cluster; returns its URL. */
async function pgDatabase(what) {
  const name = `keel_xfer_${what}_${randomBytes(4).toString('hex')}`;
  const r = await run('psql', [`${PG}/postgres`, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `CREATE DATABASE "${name}"`]);
  if (r.code !== 0) throw new Error(`creating database ${name} failed: ${r.stderr}`);
  return `${PG}/${name}`;
}

/** Exports db to a file and returns the text. */
async function exportOf(db, file) {
  const r = await keel(db, ['export', file]);
  assert.equal(r.code, 0, `export of ${db}: ${r.stderr}`);
  assert.match(r.stdout, /^exported \d+ rows of \d+ tables to /);
  return fs.readFileSync(file, 'utf8');
}

/** The export with its one varying field blanked. */
const sansTime = (text) => {
  const m = text.match(/^\{"keel_export":1,"schema":\d+,"exported_at":"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)","tables":\{\n/);
  assert.ok(m, `an export starts with its header: ${text.slice(0, 120)}`);
  return text.replace(m[1], '');
};

async function importInto(db, file) {
  const r = await keel(db, ['import-workspace', file]);
  assert.equal(r.code, 0, `import into ${db}: ${r.stderr}`);
  assert.match(r.stdout, /^imported \d+ rows of \d+ tables into the (sqlite|postgresql) workspace/);
  return r;
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-transfer-'));
  k = await Keel.start({ demo: true });
});
after(async () => {
  for (const s of stopLater) await s.stop();
  await k?.stop();
  if (tmp && !process.env.KEEL_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
});

let pgUrl; // the demo workspace imported into PostgreSQL
let firstExport;

let apiToken; // made before the export: it must work after the move

test('SQLite → PostgreSQL → SQLite: three exports, the same bytes but for exported_at', async () => {
  apiToken = await k.token('pm2@keel.test');
  const e1 = await exportOf(k.db, path.join(tmp, 'from-sqlite.json'));
  firstExport = e1;
  const doc = JSON.parse(e1);
  assert.equal(doc.keel_export, 1);
  assert.ok(doc.tables.users.length >= 7 && doc.tables.features.length >= 20 && doc.tables.audit.length > 100,
            'the demo data is in the export');
  assert.ok(doc.tables.users.every((u) => u.password_hash.startsWith('$argon2id$')), 'password hashes travel');
  assert.equal(doc.tables.sessions, undefined, 'sessions stay behind');
  assert.equal(doc.tables.login_failures, undefined, 'sign-in failures stay behind');
  assert.ok(doc.tables.features.some((f) => f.rice_effort === 1.5), 'fractional numbers travel as numbers');

  pgUrl = await pgDatabase('pg');
  await importInto(pgUrl, path.join(tmp, 'from-sqlite.json'));
  const e2 = await exportOf(pgUrl, path.join(tmp, 'from-pg.json'));

  const copy = path.join(tmp, 'copy.db');
  await importInto(copy, path.join(tmp, 'from-pg.json'));
  const e3 = await exportOf(copy, path.join(tmp, 'from-copy.json'));

  // Both schemas have the same tables and columns in the same order (the unit
  // test checks SQLite's against the export's list). Search indexes differ by
  // design and are derived: SQLite's FTS5 tables, PostgreSQL's tsvector columns.
  const pgCols = await run('psql', [pgUrl, '-Atc', "SELECT table_name || ':' || string_agg(column_name, ',' ORDER BY " +
    "ordinal_position) FROM information_schema.columns WHERE table_schema = 'public' AND data_type <> 'tsvector' " +
    "GROUP BY table_name ORDER BY table_name COLLATE \"C\""]);
  assert.equal(pgCols.code, 0, pgCols.stderr);
  const sqCols = await run('sqlite3', [k.db, "SELECT m.name || ':' || (SELECT group_concat(name, ',') FROM " +
    "(SELECT name FROM pragma_table_info(m.name) ORDER BY cid)) FROM sqlite_master m WHERE m.type = 'table' " +
    "AND m.sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND m.name NOT LIKE '%\\_fts\\_%' ESCAPE '\\' ORDER BY m.name"]);
  assert.equal(sqCols.code, 0, sqCols.stderr);
  assert.deepEqual(pgCols.stdout.trim().split('\n'), sqCols.stdout.trim().split('\n'));
  for (const line of sqCols.stdout.trim().split('\n')) {
    const [table, cols] = line.split(':');
    if (table === 'sessions' || table === 'login_failures') continue;
    assert.ok(doc.tables[table], `table ${table} is in the export`);
    for (const row of doc.tables[table]) assert.equal(Object.keys(row).join(','), cols, `${table}: every column, in order`);
  }

  assert.ok(sansTime(e1) === sansTime(e2), 'the PostgreSQL export differs from the SQLite one');
  assert.ok(sansTime(e2) === sansTime(e3), 'the second SQLite export differs from the PostgreSQL one');
  assert.equal(e1.length, e2.length);

  // An export to standard output is the same document.
  const out = await keel(pgUrl, ['export']);
  assert.equal(out.code, 0, out.stderr);
  assert.equal(out.stderr, '', 'no progress when standard error is not a terminal');
  assert.ok(sansTime(out.stdout) === sansTime(e1));
});

test('an import into a workspace that has data is refused, and changes nothing', async () => {
  const before1 = sansTime(await exportOf(pgUrl, path.join(tmp, 'again-before.json')));
  const r = await keel(pgUrl, ['import-workspace', path.join(tmp, 'from-sqlite.json')]);
  assert.equal(r.code, 6, r.stderr);
  assert.match(r.stderr, /^keel: this workspace is not empty \(it has products\)/);
  assert.ok(sansTime(await exportOf(pgUrl, path.join(tmp, 'again-after.json'))) === before1);

  const r2 = await keel(k.db, ['import-workspace', path.join(tmp, 'from-sqlite.json')]);
  assert.equal(r2.code, 6, r2.stderr);

  // A bad file into a new database: named line and table, nothing written,
  // and the SQLite file the command created is gone again.
  const bad = path.join(tmp, 'bad.json');
  fs.writeFileSync(bad, firstExport.replace('"comments":[', '"remarks":['));
  const fresh = path.join(tmp, 'never.db');
  const r3 = await keel(fresh, ['import-workspace', bad]);
  assert.equal(r3.code, 3, r3.stderr);
  assert.match(r3.stderr, /^keel: .*bad\.json, line \d+, column 1: unknown table "remarks"/);
  assert.ok(!fs.existsSync(fresh), 'a failed import leaves no new workspace behind');
  const pgFresh = await pgDatabase('bad');
  fs.writeFileSync(bad, firstExport.slice(0, firstExport.indexOf('"audit":[') + 4000));
  const r4 = await keel(pgFresh, ['import-workspace', bad]);
  assert.equal(r4.code, 3, r4.stderr);
  assert.match(r4.stderr, /cut short/);
  const count = await run('psql', [pgFresh, '-Atc', 'SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM audit)']);
  assert.equal(count.stdout.trim(), '0', 'all or nothing');
});

/** All features (every status) as the API lists them, and each one's ETag. */
async function backlog(web) {
  const r = await web.get('/api/v1/features?status=all&limit=100&include=description');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.next, null);
  const etags = {};
  for (const f of r.json.items) {
    const one = await web.get(`/api/v1/features/${f.key}`);
    assert.equal(one.status, 200, one.text);
    etags[f.key] = one.etag;
  }
  return { items: r.json.items, etags };
}

test('keel serve on the imported PostgreSQL workspace: sign-in, the same backlog, ids after the imported ones', async () => {
  const pgk = new Keel();
  pgk.db = pgUrl;
  stopLater.push(pgk);
  await pgk.serve();

  const orig = await k.session('pm@keel.test', DEMO_PASSWORD);
  const moved = new Web(pgk);
  const login = await moved.login('pm@keel.test', DEMO_PASSWORD);
  assert.equal(login.status, 303, `the demo password signs in on PostgreSQL: ${login.status} ${login.text.slice(0, 200)}`);
  await moved.refreshCsrf();
  const wrong = await new Web(pgk).login('pm@keel.test', 'not-the-password');
  assert.notEqual(wrong.status, 303);
  const me = await pgk.api('GET', '/api/v1/me', { token: apiToken });
  assert.equal(me.status, 200, `an API token made before the move still works: ${me.text}`);
  assert.equal(me.json.email, 'pm2@keel.test');

  const a = await backlog(orig);
  const b = await backlog(moved);
  assert.ok(a.items.length >= 20);
  assert.deepEqual(b.items, a.items, 'the backlog reads the same');
  assert.deepEqual(b.etags, a.etags, 'every feature has the same version');
  for (const p of ['/api/v1/ideas?limit=100', '/api/v1/products', '/api/v1/history?limit=100']) {
    const x = await orig.get(p);
    const y = await moved.get(p);
    assert.equal(y.status, 200, `${p}: ${y.text}`);
    assert.deepEqual(y.json, x.json, `${p} reads the same`);
  }

  // New rows continue after the imported ids (the identity sequences moved).
  const maxId = Math.max(...JSON.parse(firstExport).tables.features.map((f) => f.id));
  const created = await moved.api('POST', '/api/v1/features', { body: { product: 'PAY', title: 'After the move' } });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.id, maxId + 1);
  const edited = await moved.api('PATCH', `/api/v1/features/${a.items[0].key}`, {
    ifMatch: a.etags[a.items[0].key],
    body: { title: 'Edited after the move' },
  });
  assert.equal(edited.status, 200, edited.text);
  const history = await moved.get('/api/v1/history?limit=1');
  const maxAudit = Math.max(...JSON.parse(firstExport).tables.audit.map((x) => x.id));
  assert.equal(history.json.items[0].action, 'feature.update');
  assert.ok(history.json.items[0].id > maxAudit, 'history continues after the imported entries');
});

test('keel backup copies a SQLite workspace while 20 clients keep writing; PostgreSQL is pointed to pg_dump', async () => {
  const token = await k.token('pm@keel.test');
  const api = (method, p, opts = {}) => k.api(method, p, { token, ...opts });
  // Grow the file past a few backup steps (256 pages each).
  const filler = 'x'.repeat(6000);
  for (let i = 0; i < 300; i += 20) {
    const rs = await Promise.all(Array.from({ length: 20 }, (_, j) =>
      api('POST', '/api/v1/features', { body: { product: 'INS', title: `Filler ${i + j}`, description: filler } })));
    for (const r of rs) assert.equal(r.status, 201, r.text);
  }

  const acked = []; // {key, version, title, at}
  let stop = false;
    const writer = async (w) => {
    try {
      await writeLoop(w);
    } finally {
      stop = true; // one failing writer ends them all
    }
  };
  const writeLoop = async (w) => {
    let mine = null;
    for (let n = 0; !stop; n++) {
      if (!mine || n % 3 === 0) {
        const title = `Writer ${w} feature ${n}`;
        const r = await api('POST', '/api/v1/features', { body: { product: 'PAY', title, description: filler.slice(0, 500) } });
        const at = performance.now();
        assert.equal(r.status, 201, r.text);
        mine = r.json;
        acked.push({ key: r.json.key, version: r.json.version, title, at });
      } else {
        const title = `Writer ${w} edit ${n}`;
        const r = await api('PATCH', `/api/v1/features/${mine.key}`, { ifMatch: mine.version, body: { title } });
        const at = performance.now();
        assert.equal(r.status, 200, r.text);
        mine = r.json;
        acked.push({ key: r.json.key, version: r.json.version, title, at });
      }
    }
  };
  const writers = Array.from({ length: 20 }, (_, w) => writer(w));
  await new Promise((r) => setTimeout(r, 700));
  const copy = path.join(tmp, 'backup.db');
  const backupStart = performance.now();
  const r = await keel(k.db, ['--json', 'backup', copy]);
  await new Promise((res) => setTimeout(res, 300));
  stop = true;
  await Promise.all(writers);

  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.integrity_check, 'ok');
  assert.ok(report.pages > 256, `the workspace spans several steps (${report.pages} pages)`);
  const before1 = acked.filter((x) => x.at < backupStart);
  const during = acked.filter((x) => x.at >= backupStart);
  assert.ok(before1.length > 50, `writes before the backup: ${before1.length}`);
  assert.ok(during.length > 0, 'writes went on while the backup ran');
  process.stderr.write(`# backup: ${report.pages} pages in ${report.seconds.toFixed(2)} s, ${report.restarts} restarts` +
                       `${report.single_step ? ' (then one step)' : ''}; ${before1.length} writes before, ` +
                       `${during.length} during and after\n`);

  const check = await run('sqlite3', [copy, 'PRAGMA integrity_check']);
  assert.equal(check.stdout.trim(), 'ok', check.stderr);

  // Every write acknowledged before the backup began is in the copy (a later
  // write to the same feature may be there too: at least that version).
  const features = new Map();
  let after1 = null;
  do {
    const args = ['feature', 'list', '--json', '--status', 'all', '--limit', '500', '--product', 'PAY'];
    if (after1) args.push('--after', after1);
    const list = await keel(copy, args);
    assert.equal(list.code, 0, list.stderr);
    const page = JSON.parse(list.stdout);
    for (const f of page.items) features.set(f.key, f);
    after1 = page.next;
  } while (after1);
  const latest = new Map();
  for (const x of before1) if (!latest.has(x.key) || latest.get(x.key).version < x.version) latest.set(x.key, x);
  for (const [key, x] of latest) {
    const f = features.get(key);
    assert.ok(f, `${key} (acknowledged before the backup) is in the copy`);
    assert.ok(f.version >= x.version, `${key}: version ${f.version} in the copy, ${x.version} acknowledged`);
    if (f.version === x.version) assert.equal(f.title, x.title);
  }

  // The copy is a whole workspace: it serves, exports and imports elsewhere.
  const exp = await keel(copy, ['export', path.join(tmp, 'backup.json')]);
  assert.equal(exp.code, 0, exp.stderr);
  const again = await keel(k.db, ['backup', copy]);
  assert.equal(again.code, 6, 'an existing file is never overwritten');
  assert.match(again.stderr, /already exists/);

  const pg = await keel(pgUrl, ['backup', path.join(tmp, 'pg.db')]);
  assert.equal(pg.code, 3);
  assert.match(pg.stderr, /pg_dump -Fc -f keel\.dump 'postgresql:\/\/.*' \(restore with pg_restore\)/);
  assert.ok(!fs.existsSync(path.join(tmp, 'pg.db')));
});

test('pg_dump -Fc and pg_restore of a Keel database: the restored one exports the same', async () => {
  // Nothing may write to the database between the dump and the comparison.
  while (stopLater.length) await stopLater.pop().stop();
  const dump = path.join(tmp, 'keel.dump');
  const d = await run('pg_dump', ['-Fc', '-f', dump, pgUrl]);
  assert.equal(d.code, 0, d.stderr);
  const restored = await pgDatabase('restored');
  const r = await run('pg_restore', ['--no-owner', '-d', restored, dump]);
  assert.equal(r.code, 0, r.stderr);
  const a = await exportOf(pgUrl, path.join(tmp, 'pg-original.json'));
  const b = await exportOf(restored, path.join(tmp, 'pg-restored.json'));
  assert.ok(sansTime(a) === sansTime(b), 'the restored database exports differently');
  // And it keeps handing out ids after the old ones.
  const add = await keel(restored, ['--json', 'product', 'add', 'NEWP', '--name', 'After restore']);
  assert.equal(add.code, 0, add.stderr);
  const maxProduct = Math.max(...JSON.parse(a).tables.products.map((p) => p.id));
  assert.equal(JSON.parse(add.stdout).id, maxProduct + 1);
});
