// nodes.test.mjs — two `keel serve` nodes on one PostgreSQL database behind
// nginx (cluster.mjs; nginx's config comes from docs/nginx-keel.conf). Every
// request goes through nginx unless a test names a node. What one node does,
// the other knows at once: sessions, writes, list caches; concurrent writers
// through different nodes never both win (If-Match) and never lose a vote;
// nginx really spreads the requests, and routes around a node that goes away.
import fs from 'node:fs';
import { after, before, test } from 'node:test';

import { assert, checkCount, htmlDecode, Keel, PASSWORD, Web } from './lib.mjs';
import { Cluster, Pinned, sameBrowser, stopNode } from './cluster.mjs';

const CONTRIBUTORS = 20;
let c;
let T; // role -> API token
let n1, n2, front;

before(async () => {
  c = await Cluster.start({ nodes: 2, contributors: CONTRIBUTORS });
  T = c.tokens;
  [n1, n2] = c.nodes;
  front = c.front;
  const p = await front.api('POST', '/api/v1/products', { token: T.pm, body: { key: 'PAY', name: 'Payments' } });
  assert.equal(p.status, 201, p.text);
});
after(async () => {
  await c?.stop();
});

/** GET one record through endpoint; asserts 200 and ETag = version. */
async function getOne(endpoint, p, token = T.viewer) {
  const r = await endpoint.api('GET', p, { token });
  assert.equal(r.status, 200, `GET ${p} on ${endpoint.name}: ${r.text}`);
  assert.equal(r.etag, `"${r.json.version}"`, `GET ${p} on ${endpoint.name}: ETag must be the version`);
  return r.json;
}

/** Every entry of an entity's history (all pages), newest first. */
async function history(endpoint, p) {
  const items = [];
  let before = '';
  for (;;) {
    const r = await endpoint.api('GET', `${p}/history?limit=500${before}`, { token: T.viewer });
    assert.equal(r.status, 200, r.text);
    items.push(...r.json.items);
    if (r.json.next === null) return items;
    before = `&before=${r.json.next}`;
  }
}

const FEATURES = '/api/v1/features?product=PAY&status=all&sort=rank&limit=500';
const IDEAS = '/api/v1/ideas?product=PAY&limit=500';

// ---------------------------------------------------------------------------


/** nginx logs a request once its response has gone out, so a line can land
 * after its client moved on. Sends a marker request through nginx and returns
 * the index just past its line: what follows is the caller's. */
async function markLog(name) {
  assert.equal((await front.api('GET', `/healthz?marker=${name}`)).status, 200);
  for (let i = 0; i < 250; i++) {
    const at = c.nginx.accessEntries().findIndex((e) => e.request.includes(`/healthz?marker=${name} `));
    if (at >= 0) return at + 1;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`nginx never logged the marker ${name}`);
}

/** The log lines after mark, once there are n of them (waiting up to 5 s). */
async function linesAfter(mark, n) {
  let lines = [];
  for (let i = 0; i < 250; i++) {
    lines = c.nginx.accessEntries().slice(mark);
    if (lines.length >= n) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return lines;
}

test('a session made by signing in on node 1 is valid on node 2 and through nginx; signing out ends it everywhere', async () => {
  const w1 = new Web(n1);
  const login = await w1.login(c.users.pm.email, PASSWORD);
  assert.equal(login.status, 303, login.text);
  const cookie = w1.cookies.get('keel_session');
  assert.ok(cookie, 'node 1 set the session cookie');
  assert.ok(w1.csrf, 'node 1 showed the CSRF token');

  for (const ep of [n2, front]) {
    const w = sameBrowser(w1, ep);
    const me = await w.get('/api/v1/me');
    assert.equal(me.status, 200, `${ep.name}: ${me.text}`);
    assert.equal(me.json.email, c.users.pm.email);
    assert.equal(me.json.role, 'pm');
    const page = await w.get('/account');
    assert.equal(page.status, 200, `${ep.name} /account: ${page.status}`);
    assert.match(page.text, /Pia Productowner/);
    const csrf = page.text.match(/<meta name="csrf-token" content="([^"]*)">/);
    assert.equal(csrf && htmlDecode(csrf[1]), w1.csrf, `${ep.name} knows the session's CSRF token`);
    // A state change with that token works on the other node; without it, it does not.
    const made = await w.api('POST', '/api/v1/ideas', { body: { product: 'PAY', title: `Signed in on node 1, sent to ${ep.name}` } });
    assert.equal(made.status, 201, `${ep.name}: ${made.text}`);
    assert.equal(made.json.submitted_by, 'Pia Productowner');
    const forged = await w.api('POST', '/api/v1/ideas', { body: { product: 'PAY', title: 'no token' }, csrf: null });
    assert.equal(forged.status, 403, `${ep.name}: ${forged.text}`);
    assert.equal(w.cookies.get('keel_session'), cookie, `${ep.name} kept the cookie`);
  }

  // Sign out through nginx: the session is gone on both nodes.
  const wf = sameBrowser(w1, front);
  const out = await wf.post('/logout');
  assert.equal(out.status, 303, out.text);
  for (const ep of [n1, n2, front]) {
    const w = new Web(ep);
    w.cookies.set('keel_session', cookie);
    const me = await w.get('/api/v1/me');
    assert.equal(me.status, 401, `${ep.name} after sign-out: ${me.text}`);
  }
});

test('a write on one node is read on the other at once: records, lists and pages (per-node caches) included', async () => {
  // Sessions on each node, for the cached pages.
  const sessions = new Map([
    [n1, await n1.session(c.users.pm.email, PASSWORD)],
    [n2, await n2.session(c.users.pm.email, PASSWORD)],
  ]);
  // One connection per node: one worker thread, so one response cache, to watch.
  const pin = new Map([[n1, new Pinned(n1)], [n2, new Pinned(n2)]]);

  /** Puts p in the cache of ep's pinned worker: the second GET in a row must be a hit, the same answer. */
  async function cached(ep, p, token = T.viewer) {
    const a = await pin.get(ep).get(p, { token });
    assert.equal(a.status, 200, `${ep.name} ${p}: ${a.text}`);
    const b = await pin.get(ep).get(p, { token });
    assert.equal(b.status, 200, `${ep.name} ${p}: ${b.text}`);
    assert.equal(b.socket, a.socket, 'the pinned client kept its connection');
    assert.equal(b.headers.get('x-keel-cache'), 'hit', `${ep.name} ${p}: the repeated list was not cached`);
    assert.deepEqual(b.json, a.json, `${ep.name} ${p}: the cached answer differs`);
    assert.equal(b.json.next, null);
    return b.json.items;
  }
  /** Reads p on ep's pinned worker after a change made elsewhere: it must not come from the cache. */
  async function fresh(ep, p, token = T.viewer) {
    const r = await pin.get(ep).get(p, { token });
    assert.equal(r.status, 200, `${ep.name} ${p}: ${r.text}`);
    assert.equal(r.headers.get('x-keel-cache'), 'miss', `${ep.name} ${p}: answered from the cache after a change on the other node`);
    assert.equal(r.json.next, null);
    return r.json.items;
  }

  try {
    for (let i = 0; i < 8; i++) {
      const [writer, reader] = i % 2 ? [n2, n1] : [n1, n2];
      // Both nodes have the lists as they are now in their caches.
      const before1 = await cached(reader, FEATURES);
      await cached(writer, FEATURES);
      await cached(reader, IDEAS, T.contributor);
      await cached(reader, '/api/v1/products');

      // Create on the writer; the reader has it at once, identical.
      const title = `Cross-node feature ${i}`;
      const made = await writer.api('POST', '/api/v1/features', {
        token: T.pm,
        body: { product: 'PAY', title, horizon: 'next', rice: { reach: 100 + i, impact: 1, confidence: 100, effort: 1 } },
      });
      assert.equal(made.status, 201, made.text);
      const key = made.json.key;
      const got = await getOne(reader, `/api/v1/features/${key}`);
      assert.deepEqual(got, made.json, `${key} read on ${reader.name} right after ${writer.name} made it`);
      const after1 = await fresh(reader, FEATURES);
      assert.equal(after1.length, before1.length + 1, `${reader.name}'s feature list has the new one at once`);
      assert.deepEqual(after1.find((f) => f.key === key)?.version, 1);
      const viaNginx = await front.api('GET', FEATURES, { token: T.viewer });
      assert.deepEqual(viaNginx.json.items, after1, 'through nginx too');

      // Change it on the reader; the writer has the change at once: record, list, backlog and board pages.
      const edited = `${title} (edited on ${reader.name})`;
      const patched = await reader.api('PATCH', `/api/v1/features/${key}`, {
        token: T.pm,
        ifMatch: 1,
        body: { title: edited, rice: { reach: 1000 + i } },
      });
      assert.equal(patched.status, 200, patched.text);
      assert.equal(patched.etag, '"2"');
      const back = await getOne(writer, `/api/v1/features/${key}`);
      assert.deepEqual(back, patched.json, `${key} read on ${writer.name} right after ${reader.name} changed it`);
      const listed = (await fresh(writer, FEATURES)).find((f) => f.key === key);
      assert.equal(listed.version, 2);
      assert.equal(listed.title, edited);
      assert.equal(listed.scores.rice, 1000 + i);
      for (const ep of [writer, reader]) {
        for (const page of ['/backlog?product=PAY&status=all', '/board?product=PAY']) {
          const r = await sessions.get(ep).get(page);
          assert.equal(r.status, 200, `${ep.name} ${page}`);
          assert.ok(htmlDecode(r.text).includes(edited), `${ep.name} ${page} shows the edit`);
        }
      }

      // Ideas (cached per user) and products too.
      const idea = await writer.api('POST', '/api/v1/ideas', { token: T.contributor, body: { product: 'PAY', title: `Idea ${i} via ${writer.name}` } });
      assert.equal(idea.status, 201, idea.text);
      const ideas = await fresh(reader, IDEAS, T.contributor);
      assert.ok(ideas.some((x) => x.id === idea.json.id), `${reader.name} lists idea ${idea.json.id} at once`);
      const prod = await writer.api('POST', '/api/v1/products', { token: T.pm, body: { key: `P${i}`, name: `Product ${i}` } });
      assert.equal(prod.status, 201, prod.text);
      const products = await fresh(reader, '/api/v1/products');
      assert.ok(products.some((x) => x.key === `P${i}`), `${reader.name} lists product P${i} at once`);
    }
  } finally {
    for (const p of pin.values()) p.close();
  }
});

test('two clients change one feature at once through different nodes with the same If-Match: one 200, one 412', async (t) => {
  const made = await front.api('POST', '/api/v1/features', { token: T.pm, body: { product: 'PAY', title: 'Contested' } });
  assert.equal(made.status, 201, made.text);
  const key = made.json.key;
  const p = `/api/v1/features/${key}`;
  const winners = [];
  const wins = { A: 0, B: 0 };
  // Directly at node 1 and node 2, then both through nginx (which sends them to different nodes).
  const rounds = [...Array(20).fill([n1, n2]), ...Array(10).fill([front, front])];
  const mark = await markLog('before-contest');
  for (const [round, [ea, eb]] of rounds.entries()) {
    const v = (await getOne(round % 2 ? n1 : n2, p)).version;
    const [a, b] = await Promise.all([
      ea.api('PATCH', p, { token: T.pm, ifMatch: v, body: { title: `A${round}`, description: `from client A in round ${round}` } }),
      eb.api('PATCH', p, { token: T.admin, ifMatch: v, body: { title: `B${round}`, description: `from client B in round ${round}` } }),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [200, 412], `round ${round}: ${a.status} ${a.text} / ${b.status} ${b.text}`);
    const [win, lose, who] = a.status === 200 ? [a, b, 'A'] : [b, a, 'B'];
    wins[who]++;
    assert.equal(win.etag, `"${v + 1}"`);
    assert.equal(lose.json.error.code, 'stale_version', lose.text);
    assert.equal(lose.json.error.field, 'version');
    // Both nodes agree on the outcome: the winner's whole change, nothing of the loser's.
    for (const ep of [n1, n2]) {
      const now = await getOne(ep, p);
      assert.equal(now.version, v + 1, `round ${round} on ${ep.name}`);
      assert.equal(now.title, `${who}${round}`);
      assert.equal(now.description, `from client ${who} in round ${round}`);
    }
    winners.push(`${who}${round}`);
  }
  // Through nginx, each round's two requests went to different nodes (round robin: one each).
  const patches = await linesAfter(mark, 20);
  assert.equal(patches.length, 20, patches.map((e) => e.line).join('\n'));
  for (const k of [n1, n2]) assert.equal(patches.filter((e) => e.upstream === `127.0.0.1:${k.port}`).length, 10, k.name);
  // One audit entry per winning change, in order; none for the losers.
  const updates = (await history(front, p)).filter((e) => e.action === 'feature.update').reverse();
  assert.equal(updates.length, rounds.length);
  assert.deepEqual(updates.map((e) => e.after.title), winners);
  t.diagnostic(`client A won ${wins.A} rounds, client B ${wins.B}`);
});

test('20 contributors vote at once through nginx: exactly 20 votes; vote/unvote storms end consistent', async () => {
  const users = c.contributors;
  assert.equal(users.length, CONTRIBUTORS);
  const made = await front.api('POST', '/api/v1/ideas', { token: T.contributor, body: { product: 'PAY', title: 'Everyone wants this' } });
  assert.equal(made.status, 201, made.text);
  const id = made.json.id;
  const p = `/api/v1/ideas/${id}`;

  // All at once: each vote counted once, each answer a different running total (the votes serialise on the idea).
  const votes = await Promise.all(users.map((u) => front.api('POST', `${p}/vote`, { token: u.token })));
  for (const r of votes) {
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.voted, true);
  }
  assert.deepEqual(votes.map((r) => r.json.votes).sort((x, y) => x - y), users.map((_, i) => i + 1));
  for (const ep of [n1, n2, front]) assert.equal((await getOne(ep, p)).votes, CONTRIBUTORS, `${ep.name}`);
  for (const ep of [n1, n2]) {
    const listed = (await ep.api('GET', `${IDEAS}&sort=votes`, { token: T.viewer })).json.items.find((x) => x.id === id);
    assert.equal(listed.votes, CONTRIBUTORS, `${ep.name}'s idea list`);
  }

  // Storm: every user votes and unvotes in a random order of their own, all users at once.
  const state = users.map(() => true);
  let changes = { vote: CONTRIBUTORS, unvote: 0 }; // real changes, each audited once
  const rnd = (() => {
    let s = 12345;
    return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  })();
  const plans = users.map(() => Array.from({ length: 12 }, () => (rnd() < 0.5 ? 'vote' : 'unvote')));
  await Promise.all(
    users.map(async (u, i) => {
      for (const action of plans[i]) {
        const r = await front.api(action === 'vote' ? 'POST' : 'DELETE', `${p}/vote`, { token: u.token });
        assert.equal(r.status, 200, r.text);
        assert.equal(r.json.voted, action === 'vote', `${u.email} ${action}`);
        if (state[i] !== (action === 'vote')) changes[action]++;
        state[i] = action === 'vote';
      }
    }),
  );
  const expected = state.filter(Boolean).length;
  for (const ep of [n1, n2]) assert.equal((await getOne(ep, p)).votes, expected, `${ep.name} after the storm`);
  const seen = await Promise.all(users.map((u, i) => getOne(i % 2 ? n1 : n2, p, u.token)));
  assert.deepEqual(seen.map((x) => x.voted), state, "each user's own voted flag is their last action");

  // The same user, twice at once through different nodes: counted once; withdrawn once.
  const u = users[0];
  if (state[0]) {
    const r = await n1.api('DELETE', `${p}/vote`, { token: u.token });
    assert.equal(r.status, 200);
    changes.unvote++;
  }
  let count = (await getOne(n1, p)).votes;
  for (let round = 0; round < 10; round++) {
    const up = await Promise.all([n1, n2].map((ep) => ep.api('POST', `${p}/vote`, { token: u.token })));
    for (const r of up) assert.equal(r.status, 200, r.text);
    assert.equal((await getOne(n2, p)).votes, count + 1, `round ${round}: two votes by one user count once`);
    const down = await Promise.all([n2, n1].map((ep) => ep.api('DELETE', `${p}/vote`, { token: u.token })));
    for (const r of down) assert.equal(r.status, 200, r.text);
    assert.equal((await getOne(n1, p)).votes, count, `round ${round}: two withdrawals by one user take one vote away`);
    changes.vote++;
    changes.unvote++;
  }
  count = (await getOne(front, p)).votes;
  assert.equal(count, expected - (state[0] ? 1 : 0));

  // Every real change is in the history exactly once, and the count follows from it.
  const hist = await history(front, p);
  const audited = { vote: hist.filter((e) => e.action === 'idea.vote').length, unvote: hist.filter((e) => e.action === 'idea.unvote').length };
  assert.deepEqual(audited, changes);
  assert.equal(audited.vote - audited.unvote, count);
});

test('nginx uses both nodes, in turn, and no request failed between nginx and a node', async (t) => {
  const upstreams = [n1, n2].map((k) => `127.0.0.1:${k.port}`);
  // nginx writes an access-log line once a response has gone out, so the last
  // request of the test before may be logged after its client moved on: count
  // from a marker request's line, and wait for the probes' lines likewise.
  const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal((await front.api('GET', '/healthz?marker=before-probes')).status, 200);
  let mark = -1;
  for (let i = 0; i < 250 && mark < 0; i++) {
    mark = c.nginx.accessEntries().findIndex((e) => / \/healthz\?marker=before-probes /.test(` ${e.request} `));
    if (mark < 0) await pause();
  }
  assert.ok(mark >= 0, 'nginx logged the marker request');
  mark += 1;
  for (let i = 0; i < 20; i++) {
    const r = await front.api('GET', `/healthz?probe=${i}`);
    assert.equal(r.status, 200, `probe ${i}: ${r.text}`);
  }
  let probes = [];
  for (let i = 0; i < 250 && probes.length < 20; i++) {
    probes = c.nginx.accessEntries().slice(mark);
    if (probes.length < 20) await pause();
  }
  assert.equal(probes.length, 20, `log lines after the marker:\n${probes.map((e) => e.line).join('\n')}`);
  for (const [i, e] of probes.entries()) {
    assert.match(e.request, new RegExp(`probe=${i} `));
    assert.ok(upstreams.includes(e.upstream), `probe ${i} went to ${e.upstream}, not a node`);
    if (i) assert.notEqual(e.upstream, probes[i - 1].upstream, `probes ${i - 1} and ${i} went to the same node (round robin)`);
  }
  for (const u of upstreams) assert.equal(probes.filter((e) => e.upstream === u).length, 10, `${u} served half`);

  // Over the whole run: every request went to one node, at the first try, and both nodes served many.
  const all = c.nginx.accessEntries();
  const per = Object.fromEntries(upstreams.map((u) => [u, all.filter((e) => e.upstream === u).length]));
  assert.equal(per[upstreams[0]] + per[upstreams[1]], all.length, `requests not sent to exactly one node: ${all.filter((e) => !upstreams.includes(e.upstream)).map((e) => e.line).join('\n')}`);
  for (const u of upstreams) assert.ok(per[u] > all.length / 3, `${u} served ${per[u]} of ${all.length}`);
  assert.ok(!all.some((e) => e.status === 502 || e.status === 504), 'nginx answered 502/504');
  const errors = c.nginx.readErrorLog();
  assert.doesNotMatch(errors, /upstream|connect\(\) failed|\[(error|crit|alert|emerg)\]/, `nginx error log:\n${errors}`);
  t.diagnostic(`nginx sent ${per[upstreams[0]]} requests to node 1 and ${per[upstreams[1]]} to node 2`);
});

test('behind nginx, sign-in throttling counts each client (X-Forwarded-For from a trusted proxy), not nginx', async () => {
  // nginx appends the address it saw to what the client sent; the nodes trust
  // nginx (127.0.0.1), so the client's own entry is the one that counts.
  const from = (addr) => new Web(front, { headers: { 'X-Forwarded-For': addr } });
  for (let i = 1; i <= 20; i++) {
    const r = await from('203.0.113.9').login(`nobody-${i}@keel.test`, `guess-${i}`);
    assert.equal(r.status, 401, `failed sign-in ${i} through nginx`);
  }
  const same = await from('203.0.113.9').login(c.users.viewer.email, PASSWORD);
  assert.equal(same.status, 429, 'the client with 20 failures waits, on whichever node it reaches');
  for (let i = 0; i < 4; i++) {
    const other = await from(`203.0.113.${20 + i}`).login(c.users.viewer.email, PASSWORD);
    assert.equal(other.status, 303, `another client through nginx signs in (attempt ${i + 1})`);
  }
  const direct = await new Web(front).login(c.users.pm.email, PASSWORD);
  assert.equal(direct.status, 303, 'clients without a header of their own are not throttled either');
});

test('nodes starting together on a new database create the schema once (advisory lock); so do concurrent keel init', async () => {
  // Three nodes (each opening one connection per thread, each of which migrates when behind) at once.
  const db = await c.pg.createdb('fresh_serve');
  const fresh = [0, 1, 2].map((i) => {
    const k = new Keel();
    k.db = db;
    k.name = `fresh node ${i + 1}`;
    return k;
  });
  try {
    await Promise.all(fresh.map((k) => k.serve()));
    const init = await fresh[0].cli(['init']);
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stdout, /is already a Keel workspace \(schema \d+\)/);
    const u = await fresh[0].addUser('pm', 'fresh-pm@keel.test', 'Fresh PM');
    const token = await fresh[0].token(u.email);
    for (const [i, k] of fresh.entries()) {
      const r = await k.api('POST', '/api/v1/products', { token, body: { key: `F${i}`, name: `Fresh ${i}` } });
      assert.equal(r.status, 201, `${k.name}: ${r.text}`);
    }
    for (const k of fresh) {
      const r = await k.api('GET', '/api/v1/products', { token });
      assert.deepEqual(r.json.items.map((p) => p.key).sort(), ['F0', 'F1', 'F2'], k.name);
    }
  } finally {
    for (const k of fresh) await stopNode(k);
  }

  // Five `keel init` at once: one creates the workspace, the others find it made.
  const db2 = await c.pg.createdb('fresh_init');
  const k = new Keel();
  k.db = db2;
  try {
    const inits = await Promise.all([0, 1, 2, 3, 4].map(() => k.cli(['init'])));
    for (const r of inits) assert.equal(r.code, 0, r.stderr);
    assert.equal(inits.filter((r) => /^created Keel workspace/.test(r.stdout)).length, 1, inits.map((r) => r.stdout).join(''));
    assert.equal(inits.filter((r) => /is already a Keel workspace/.test(r.stdout)).length, 4);
  } finally {
    fs.rmSync(k.dir, { recursive: true, force: true });
  }
});

test('when a node stops, nginx sends everything to the other and nothing fails', async () => {
  const up1 = `127.0.0.1:${n1.port}`;
  const up2 = `127.0.0.1:${n2.port}`;
  await stopNode(n2); // a clean shutdown (throws on a crash or a sanitizer report)
  const mark = await markLog('after-node-2-left');
  const keys = [];
  for (let i = 0; i < 10; i++) {
    const w = await front.api('POST', '/api/v1/features', { token: T.pm, body: { product: 'PAY', title: `After node 2 left ${i}` } });
    assert.equal(w.status, 201, `write ${i}: ${w.text}`);
    keys.push(w.json.key);
    const r = await front.api('GET', `/api/v1/features/${w.json.key}`, { token: T.viewer });
    assert.equal(r.status, 200, `read ${i}: ${r.text}`);
  }
  const entries = await linesAfter(mark, 20);
  assert.equal(entries.length, 20, entries.map((e) => e.line).join('\n'));
  for (const e of entries) {
    assert.ok(e.status < 300, e.line);
    // Served by node 1, perhaps after a refused try at node 2 ("up2, up1").
    assert.ok(e.upstream === up1 || e.upstream === `${up2}, ${up1}`, e.line);
  }
  // nginx did try node 2 and went on to node 1 (then left node 2 alone for a while).
  const retried = entries.filter((e) => e.upstream === `${up2}, ${up1}`);
  assert.ok(retried.length >= 1, 'nginx never tried the stopped node: the failover was not exercised');
  for (const e of retried) assert.match(e.upstreamStatus, /^502, 2\d\d$/, e.line);
  // Each write happened exactly once.
  const listed = (await front.api('GET', FEATURES, { token: T.viewer })).json.items.map((f) => f.key);
  for (const key of keys) assert.equal(listed.filter((k) => k === key).length, 1, key);
  assert.equal(new Set(keys).size, keys.length);
});

test('summary', (t) => {
  t.diagnostic(`${checkCount()} checks`);
});
