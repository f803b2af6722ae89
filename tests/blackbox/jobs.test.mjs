// Background jobs across two servers on one database: every job runs exactly
// once (one claim, one attempt, done), whichever server takes it. Runs on
// SQLite (suite blackbox) and PostgreSQL (blackbox-pg), where claims use FOR
// UPDATE SKIP LOCKED and both servers must take part.
import { after, before, test } from 'node:test';

import { assert, checkCount, htmlDecode, Keel, PASSWORD, Web } from './lib.mjs';

let k;
let k2;
let admin;

before(async () => {
  k = await Keel.start();
  admin = k.users.admin.token;
  // A second server on the same database, with its own job worker.
  k2 = new Keel();
  k2.db = k.db;
  await k2.serve();
});
after(async () => {
  await k2?.stop();
  await k?.stop();
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('300 jobs queued for the same moment run once each, across both servers', async (t) => {
  const N = 300;
  // All due at one moment, 3 s after the last is queued (queuing 300 takes a
  // while on a loaded machine): both workers are polling when they fall due
  // together, rather than one of them draining jobs as they trickle in.
  const due = Date.now() + 3000 + N * 40;
  const ids = [];
  for (let i = 0; i < N; i++) {
    const left = Math.max(1, Math.ceil((due - Date.now()) / 1000));
    const r = await k.api('POST', '/api/v1/jobs', { token: admin, body: { kind: i % 3 ? 'recount' : 'housekeeping', in: left } });
    assert.equal(r.status, 201, r.text);
    ids.push(r.json.id);
  }
  assert.equal(new Set(ids).size, N);
  let pending = N;
  for (let waited = 0; pending > 0 && waited < 60000; waited += 250) {
    await sleep(250);
    const r = await k2.api('GET', '/api/v1/jobs?status=queued,running&limit=500', { token: admin });
    assert.equal(r.status, 200);
    pending = r.json.items.filter((j) => ids.includes(j.id)).length;
  }
  assert.equal(pending, 0, 'every job finished within a minute');
  const r = await k.api('GET', '/api/v1/jobs?limit=500', { token: admin });
  const mine = r.json.items.filter((j) => ids.includes(j.id));
  assert.equal(mine.length, N);
  const byNode = {};
  for (const j of mine) {
    assert.equal(j.status, 'done', `job ${j.id}: ${j.status} ${j.result}`);
    assert.equal(j.attempts, 1, `job ${j.id} was claimed ${j.attempts} times`);
    assert.ok(j.claimed_by, `job ${j.id} names its server`);
    assert.ok(j.finished_at);
    byNode[j.claimed_by] = (byNode[j.claimed_by] || 0) + 1;
  }
  const nodes = Object.keys(byNode);
  t.diagnostic(`jobs run per server: ${JSON.stringify(byNode)}`);
  const ours = (n) => n.endsWith(`127.0.0.1:${k.port}`) || n.endsWith(`127.0.0.1:${k2.port}`);
  assert.ok(nodes.every(ours), `jobs were run by the two servers started here: ${JSON.stringify(byNode)}`);
  if (process.env.KEEL_BACKEND === 'postgresql') {
    // Claims skip each other's locked rows, so both servers work at once.
    assert.equal(nodes.length, 2, `both servers took jobs: ${JSON.stringify(byNode)}`);
  }
  // On SQLite one writer at a time holds the lock; whoever holds it keeps
  // claiming, which is the single-process claim SQLite is meant to have.
});

test('the hourly housekeeping is queued once per hour however many servers schedule it', async () => {
  const all = (await k.cliJson(['job', 'list', '--limit', '500'])).items;
  const hourly = all.filter((j) => j.kind === 'housekeeping' && j.schedule);
  const byHand = all.filter((j) => j.kind === 'housekeeping' && !j.schedule);
  assert.equal(byHand.length, 100, 'the housekeeping jobs queued through the API');
  // Both servers scheduled at start (and every minute since), yet each hour has one job.
  assert.ok(hourly.length >= 1 && hourly.length <= 2, `hourly jobs: ${JSON.stringify(hourly.map((j) => j.schedule))}`);
  assert.equal(new Set(hourly.map((j) => j.schedule)).size, hourly.length);
  for (const j of hourly) assert.match(j.schedule, /^housekeeping:\d+$/);
});

test('job routes are for admins; bad kinds are refused and change nothing', async () => {
  const before = (await k.cliJson(['job', 'list', '--limit', '500'])).items.length;
  const pm = await k.api('POST', '/api/v1/jobs', { token: k.users.pm.token, body: { kind: 'recount' } });
  assert.equal(pm.status, 403);
  const bad = await k.api('POST', '/api/v1/jobs', { token: admin, body: { kind: 'defragment' } });
  assert.equal(bad.status, 422);
  assert.equal(bad.json.error.field, 'kind');
  const extra = await k.api('POST', '/api/v1/jobs', { token: admin, body: { kind: 'recount', priority: 1 } });
  assert.equal(extra.status, 400);
  const cli = await k.cli(['job', 'add', 'defragment']);
  assert.equal(cli.code, 3);
  assert.equal((await k.cliJson(['job', 'list', '--limit', '500'])).items.length, before);
});

test('an admin queues a job from /admin/jobs and watches it run', async () => {
  const web = new Web(k);
  assert.equal((await web.login(k.users.admin.email, PASSWORD)).status, 303);
  const page = await web.get('/admin/jobs');
  assert.equal(page.status, 200);
  assert.match(page.text, /<h1>Background jobs<\/h1>/);
  assert.match(page.text, /<option value="recount">/);
  const before = (await k.cliJson(['job', 'list', '--limit', '500'])).items;
  const queued = await web.post('/admin/jobs', { kind: 'recount' });
  assert.equal(queued.status, 303, queued.text.slice(0, 200));
  const after = (await k.cliJson(['job', 'list', '--limit', '500'])).items;
  const fresh = after.filter((j) => !before.some((b) => b.id === j.id));
  assert.equal(fresh.length, 1, 'the form queued exactly one job');
  assert.equal(fresh[0].kind, 'recount');
  // One of the two servers' workers runs it; the page shows who and how it ended.
  let row;
  for (let i = 0; i < 100 && !row; i++) {
    const text = htmlDecode((await web.get('/admin/jobs')).text);
    const m = text.match(new RegExp(`<tr><td>${fresh[0].id}</td><td>recount</td><td>done</td><td class="num">1</td><td>([^<]+)</td>`));
    if (m) row = m;
    else await sleep(100);
  }
  assert.ok(row, 'the job shows as done, tried once, with the server that ran it');
  // A bad kind from a hand-made form: 422 on the page, nothing queued.
  const bad = await web.post('/admin/jobs', { kind: 'defragment' });
  assert.equal(bad.status, 422);
  assert.equal((await k.cliJson(['job', 'list', '--limit', '500'])).items.length, after.length);
  // Not for PMs.
  const pm = new Web(k);
  await pm.login(k.users.pm.email, PASSWORD);
  assert.equal((await pm.get('/admin/jobs')).status, 403);
});

test('summary', (t) => {
  t.diagnostic(`${checkCount()} checks`);
});
