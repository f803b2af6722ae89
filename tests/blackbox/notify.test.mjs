// notify.test.mjs — closing the loop through the real binary: following
// ideas, the in-app inbox (status changes notify the submitter, voters and
// followers, each once and never the actor; everyone sees only their own),
// webhooks delivered to a node HTTP server on 127.0.0.1 (signature checked
// with node's crypto, retries after failures, a hanging endpoint that never
// blocks a request), e-mail to a minimal SMTP sink, workspace settings, and
// the pages (inbox, follow button, admin webhooks and settings).
import crypto from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { after, before, test } from 'node:test';

import { assert, assertHtmlDocument, checkCount, htmlDecode, Keel, PASSWORD } from './lib.mjs';

let k;
let T; // role -> API token
const E = { viewer: 'viewer@keel.test', contributor: 'contributor@keel.test', pm: 'pm@keel.test', admin: 'admin@keel.test' };
const HOSTILE = '<script>alert(1)</script> & "quotes"';
const servers = [];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits until check() returns a truthy value (polling), or fails after ms. */
async function waitFor(what, check, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(150);
  }
}

/** An HTTP endpoint on 127.0.0.1 that records every request; respond(req, n) gives the status, or null to never answer. */
async function hookServer(respond = () => 200) {
  const got = [];
  const hanging = [];
  const srv = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      got.push({ method: req.method, url: req.url, headers: req.headers, body, at: Date.now() });
      const status = respond(req, got.length);
      if (status === null) {
        hanging.push(res);
        return;
      }
      res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end(status < 300 ? 'ok' : 'no');
    });
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  servers.push(srv);
  return { got, url: `http://127.0.0.1:${srv.address().port}/hook`, srv };
}

/** A minimal SMTP server: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; records each message. */
async function smtpSink() {
  const mails = [];
  const srv = net.createServer((sock) => {
    sock.setEncoding('utf8');
    let buffer = '';
    let inData = false;
    let cur = { from: null, to: [], data: '' };
    sock.write('220 sink.test ESMTP\r\n');
    sock.on('data', (d) => {
      buffer += d;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          cur.data = buffer.slice(0, end + 2).replace(/^\.\./gm, '.');
          buffer = buffer.slice(end + 5);
          inData = false;
          mails.push(cur);
          cur = { from: null, to: [], data: '' };
          sock.write('250 2.0.0 queued\r\n');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') sock.write('250-sink.test\r\n250 8BITMIME\r\n');
        else if (verb === 'HELO') sock.write('250 sink.test\r\n');
        else if (verb === 'MAIL') {
          cur.from = line.match(/<([^>]*)>/)?.[1] ?? null;
          sock.write('250 2.1.0 ok\r\n');
        } else if (verb === 'RCPT') {
          cur.to.push(line.match(/<([^>]*)>/)?.[1]);
          sock.write('250 2.1.5 ok\r\n');
        } else if (verb === 'DATA') {
          inData = true;
          sock.write('354 go ahead\r\n');
          if (buffer.startsWith('.\r\n')) buffer = '\r\n' + buffer; // an empty message
        } else if (verb === 'QUIT') {
          sock.end('221 bye\r\n');
          return;
        } else if (verb === 'RSET' || verb === 'NOOP') sock.write('250 ok\r\n');
        else sock.write('502 not here\r\n');
      }
    });
    sock.on('error', () => {});
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  servers.push(srv);
  return { mails, port: srv.address().port };
}

/** The headers of an RFC 5322 message, unfolded, with RFC 2047 encoded-words decoded. */
function mailHeaders(data) {
  const head = data.split('\r\n\r\n')[0].replace(/\r\n[ \t]+/g, ' ');
  const out = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    const raw = line.slice(i + 1).trim();
    const decoded = raw
      .replace(/\?=\s+=\?/g, '?==?')
      .replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_, b) => Buffer.from(b, 'base64').toString('utf8'));
    out[line.slice(0, i).toLowerCase()] = { raw, value: decoded };
  }
  return out;
}

async function api(role, method, p, opts = {}) {
  return k.api(method, p, { token: T[role], ...opts });
}
async function ok(role, method, p, opts = {}, status = 200) {
  const r = await api(role, method, p, opts);
  assert.equal(r.status, status, `${method} ${p} as ${role}: ${r.text}`);
  return r.json;
}
const inbox = (role, q = '') => ok(role, 'GET', `/api/v1/notifications${q}`);
async function newIdea(title, by = 'contributor') {
  return ok(by, 'POST', '/api/v1/ideas', { body: { product: 'PAY', title, source: 'customer' } }, 201);
}
async function setting(key, value) {
  const r = value === null ? await k.cli(['settings', 'unset', key]) : await k.cli(['settings', 'set', key, value]);
  assert.equal(r.code, 0, r.stderr);
}

before(async () => {
  k = await Keel.start();
  T = Object.fromEntries(Object.entries(k.users).map(([r, u]) => [r, u.token]));
  await ok('pm', 'POST', '/api/v1/products', { body: { key: 'PAY', name: 'Payments' } }, 201);
  await setting('webhook.retry_seconds', '1'); // fast retries for the tests
});
after(async () => {
  for (const s of servers) {
    s.closeAllConnections?.();
    s.close();
  }
  await k?.stop();
});

test('status changes notify submitter, voters and followers, each once, never the one who made the change', async () => {
  const idea = await newIdea('Apple Pay');
  // The submitter also votes and follows: still one notification each time.
  assert.equal((await ok('contributor', 'POST', `/api/v1/ideas/${idea.id}/follow`)).following, true);
  await ok('contributor', 'POST', `/api/v1/ideas/${idea.id}/vote`);
  const f = await ok('viewer', 'POST', `/api/v1/ideas/${idea.id}/follow`);
  assert.equal(f.following, true);
  assert.equal((await ok('viewer', 'POST', `/api/v1/ideas/${idea.id}/follow`)).following, true, 'following twice is following');
  await ok('pm', 'POST', `/api/v1/ideas/${idea.id}/vote`);
  assert.equal((await ok('viewer', 'GET', `/api/v1/ideas/${idea.id}`)).following, true);
  assert.equal((await ok('admin', 'GET', `/api/v1/ideas/${idea.id}`)).following, false, '"following" is the reader\'s own');
  const before = Object.fromEntries(await Promise.all(['viewer', 'contributor', 'pm', 'admin'].map(async (r) => [r, (await inbox(r)).unread])));

  // The pm (a voter) declines it: the submitter and the follower hear, the pm does not.
  let v = (await ok('pm', 'GET', `/api/v1/ideas/${idea.id}`)).version;
  const declined = await ok('pm', 'POST', `/api/v1/ideas/${idea.id}/decline`, { body: { reason: 'Too costly this year' }, ifMatch: v });
  const title = '“Apple Pay” was declined: Too costly this year';
  for (const role of ['contributor', 'viewer']) {
    const list = await inbox(role);
    const mine = list.items.filter((n) => n.idea === idea.id);
    assert.equal(mine.length, 1, `${role} gets one notification`);
    assert.equal(mine[0].title, title);
    assert.equal(mine[0].kind, 'idea.status');
    assert.equal(mine[0].read, false);
    assert.match(mine[0].body, /Pia Productowner moved idea \d+ \(PAY\) from New to Declined/);
    assert.equal(list.unread, before[role] + 1);
  }
  assert.equal((await inbox('pm')).unread, before.pm, 'the actor hears nothing');
  assert.equal((await inbox('admin')).unread, before.admin, 'someone unrelated hears nothing');

  // The admin reopens: now the pm (a voter) hears too.
  await ok('admin', 'POST', `/api/v1/ideas/${idea.id}/reopen`, { ifMatch: declined.version });
  const pmList = await inbox('pm');
  assert.equal(pmList.unread, before.pm + 1);
  assert.equal(pmList.items[0].title, '“Apple Pay” was reopened: it is under review again');

  // The follower stops following: the promotion reaches the submitter and the voter only.
  assert.equal((await ok('viewer', 'DELETE', `/api/v1/ideas/${idea.id}/follow`)).following, false);
  v = (await ok('admin', 'GET', `/api/v1/ideas/${idea.id}`)).version;
  const promoted = await ok('admin', 'POST', `/api/v1/ideas/${idea.id}/promote`, { body: {}, ifMatch: v });
  const key = promoted.feature;
  assert.ok(key, JSON.stringify(promoted));
  const c = await inbox('contributor');
  assert.equal(c.items[0].title, `“Apple Pay” is now planned: it became ${typeof key === 'string' ? key : key.key}`);
  assert.equal(c.items.filter((n) => n.idea === idea.id).length, 3);
  assert.equal((await inbox('viewer')).items.filter((n) => n.idea === idea.id).length, 2, 'no notification after unfollowing');
  assert.equal((await inbox('pm')).items.filter((n) => n.idea === idea.id).length, 2);

  // The CLI reads the same inbox.
  const cli = await k.cliJson(['inbox', '--unread'], { user: E.contributor });
  assert.deepEqual(cli.items.map((n) => n.id), (await inbox('contributor', '?unread=true')).items.map((n) => n.id));
  const text = await k.cli(['inbox'], { user: E.contributor });
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /is now planned/);
});

test('declining needs a reason and a duplicate needs its original, on every path, and nothing changes', async () => {
  const idea = await newIdea('Needs a reason');
  await ok('viewer', 'POST', `/api/v1/ideas/${idea.id}/follow`);
  const unread = (await inbox('viewer')).unread;
  const audit = await k.auditCount();
  // API
  for (const body of [{}, { reason: '' }, { reason: '   ' }]) {
    const r = await api('pm', 'POST', `/api/v1/ideas/${idea.id}/decline`, { body, ifMatch: idea.version });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.error.field, 'reason');
  }
  for (const body of [{}, { of: 0 }, { of: idea.id }, { of: 999999 }]) {
    const r = await api('pm', 'POST', `/api/v1/ideas/${idea.id}/duplicate`, { body, ifMatch: idea.version });
    assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.json.error.field, 'of');
  }
  // CLI
  for (const args of [['idea', 'decline', `${idea.id}`], ['idea', 'decline', `${idea.id}`, '--reason', ' '],
    ['idea', 'duplicate', `${idea.id}`], ['idea', 'duplicate', `${idea.id}`, '--of', '999999']]) {
    const r = await k.cli(args, { user: E.pm });
    assert.notEqual(r.code, 0, `keel ${args.join(' ')} must fail`);
    assert.match(r.stderr, /reason|original|of|no idea/i);
  }
  // Pages
  const web = await k.session(E.pm, PASSWORD);
  let r = await web.post(`/ideas/${idea.id}/triage`, { version: `${idea.version}`, action: 'decline', reason: '' });
  assert.equal(r.status, 422);
  assert.match(htmlDecode(r.text), /a reason is required to decline an idea/);
  r = await web.post(`/ideas/${idea.id}/triage`, { version: `${idea.version}`, action: 'duplicate', of: '' });
  assert.equal(r.status, 422);
  const now = await ok('pm', 'GET', `/api/v1/ideas/${idea.id}`);
  assert.equal(now.status, 'new');
  assert.equal(now.version, idea.version);
  assert.equal((await inbox('viewer')).unread, unread, 'no notification for a refused change');
  assert.equal(await k.auditCount(), audit, 'nothing was recorded');
});

test('everyone sees and marks only their own notifications', async () => {
  const idea = await newIdea('Mine only');
  await ok('viewer', 'POST', `/api/v1/ideas/${idea.id}/follow`);
  await ok('pm', 'POST', `/api/v1/ideas/${idea.id}/review`, { ifMatch: idea.version });
  const c = (await inbox('contributor', '?unread=true')).items.find((n) => n.idea === idea.id);
  const vw = (await inbox('viewer', '?unread=true')).items.find((n) => n.idea === idea.id);
  assert.ok(c && vw && c.id !== vw.id);
  // Someone else's notification does not exist for you.
  let r = await api('viewer', 'POST', `/api/v1/notifications/${c.id}/read`);
  assert.equal(r.status, 404, r.text);
  assert.equal((await inbox('contributor', '?unread=true')).items.some((n) => n.id === c.id), true, 'still unread');
  r = await k.cli(['inbox', 'read', `${c.id}`], { user: E.viewer });
  assert.notEqual(r.code, 0);
  // Your own: read once, then it is read; the unread filter and count follow.
  const u0 = (await inbox('contributor')).unread;
  const read = await ok('contributor', 'POST', `/api/v1/notifications/${c.id}/read`);
  assert.equal(read.read, true);
  assert.ok(read.read_at);
  assert.equal((await inbox('contributor')).unread, u0 - 1);
  assert.equal((await inbox('contributor', '?unread=true')).items.some((n) => n.id === c.id), false);
  // Paging: limit 1 gives one item and a cursor to the next.
  const p1 = await inbox('contributor', '?limit=1');
  assert.equal(p1.items.length, 1);
  assert.ok(p1.next);
  const p2 = await inbox('contributor', `?limit=1&before=${p1.next}`);
  assert.ok(p2.items[0].id < p1.items[0].id);
  // Bad input.
  for (const q of ['?unread=maybe', '?before=x', '?limit=0']) {
    r = await api('viewer', 'GET', `/api/v1/notifications${q}`);
    assert.equal(r.status, 422, `${q}: ${r.text}`);
  }
  r = await api('viewer', 'GET', '/api/v1/notifications?colour=red');
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.error.code, 'unknown_field');
  assert.equal((await api(null, 'GET', '/api/v1/notifications')).status, 401);
  // Everything read, through the CLI; the other user's inbox is untouched.
  r = await k.cli(['inbox', 'read', '--all'], { user: E.contributor });
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await inbox('contributor')).unread, 0);
  assert.ok((await inbox('viewer')).unread >= 1);
  const all = await ok('viewer', 'POST', '/api/v1/notifications/read-all');
  assert.ok(all.marked >= 1);
  assert.equal((await inbox('viewer')).unread, 0);
});

test('following: CLI, 404 for a missing idea, and one audit entry per real change', async () => {
  const idea = await newIdea('Follow me');
  let r = await k.cli(['idea', 'follow', `${idea.id}`], { user: E.viewer });
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await ok('viewer', 'GET', `/api/v1/ideas/${idea.id}`)).following, true);
  const listed = await ok('viewer', 'GET', '/api/v1/ideas?limit=100');
  assert.equal(listed.items.find((i) => i.id === idea.id).following, true, 'lists carry "following" too');
  r = await k.cli(['idea', 'unfollow', `${idea.id}`], { user: E.viewer });
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await ok('viewer', 'GET', `/api/v1/ideas/${idea.id}`)).following, false);
  assert.equal((await api('viewer', 'POST', '/api/v1/ideas/999999/follow')).status, 404);
  assert.equal((await api('viewer', 'POST', `/api/v1/ideas/${idea.id}/follow`, { body: { loud: true } })).status, 400);
  assert.equal((await api(null, 'POST', `/api/v1/ideas/${idea.id}/follow`)).status, 401);
  r = await k.cli(['idea', 'follow', `${idea.id}`]);
  assert.notEqual(r.code, 0, 'following needs a person (--user)');
});

test('webhooks: admins only, bad input refused, secret shown once, signed deliveries', async () => {
  const hook = await hookServer();
  // Bad input changes nothing.
  for (const [body, field] of [
    [{ url: 'ftp://127.0.0.1/x' }, 'url'],
    [{ url: 'http://user:pw@127.0.0.1/x' }, 'url'],
    [{ url: 'javascript:alert(1)' }, 'url'],
    [{}, 'url'],
    [{ url: hook.url, events: ['idea.deleted'] }, 'events'],
    [{ url: hook.url, events: 'idea.status' }, 'events'],
    [{ url: hook.url, secret: 'short' }, 'secret'],
    [{ url: 42 }, 'url'],
  ]) {
    const r = await api('admin', 'POST', '/api/v1/webhooks', { body });
    assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.json.error.field, field, JSON.stringify(body));
  }
  let r = await api('admin', 'POST', '/api/v1/webhooks', { body: { url: hook.url, colour: 'red' } });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.error.field, 'colour');
  assert.equal((await api('pm', 'POST', '/api/v1/webhooks', { body: { url: hook.url } })).status, 403);
  assert.equal((await api('pm', 'GET', '/api/v1/webhooks')).status, 403);
  assert.equal((await api(null, 'GET', '/api/v1/webhooks')).status, 401);
  assert.equal((await ok('admin', 'GET', '/api/v1/webhooks')).items.length, 0);

  const w = await ok('admin', 'POST', '/api/v1/webhooks', { body: { url: hook.url, events: ['idea.status'] } }, 201);
  assert.match(w.secret, /^whsec_\S{20,}$/);
  assert.deepEqual(w.events, ['idea.status']);
  assert.equal(w.active, true);
  const got = await ok('admin', 'GET', `/api/v1/webhooks/${w.id}`);
  assert.equal(got.secret, undefined, 'the secret is shown only when created');
  assert.equal((await ok('admin', 'GET', '/api/v1/webhooks')).items[0].secret, undefined);

  // A status change: one delivery, signed with the secret.
  const idea = await newIdea('Signed delivery');
  await ok('pm', 'POST', `/api/v1/ideas/${idea.id}/review`, { ifMatch: idea.version });
  const req = await waitFor('the webhook delivery', () => hook.got[0]);
  assert.equal(req.method, 'POST');
  assert.equal(req.headers['content-type'], 'application/json');
  assert.equal(req.headers['x-keel-event'], 'idea.status');
  assert.match(req.headers['user-agent'], /^keel\/\d/);
  const sig = crypto.createHmac('sha256', w.secret).update(req.body).digest('hex');
  assert.equal(req.headers['x-keel-signature'], `sha256=${sig}`);
  const payload = JSON.parse(req.body);
  assert.equal(payload.event, 'idea.status');
  assert.equal(payload.action, 'review');
  assert.equal(payload.from, 'new');
  assert.equal(payload.to, 'under_review');
  assert.equal(payload.idea.id, idea.id);
  assert.equal(payload.actor.name, 'Pia Productowner');
  const dl = await waitFor('the delivery record', async () => {
    const d = (await ok('admin', 'GET', `/api/v1/webhooks/${w.id}/deliveries`)).items[0];
    return d?.status === 'delivered' && d;
  });
  assert.equal(String(dl.id), req.headers['x-keel-delivery']);
  assert.equal(dl.attempts, 1);
  assert.equal(dl.response_code, 200);
  assert.ok(dl.delivered_at);
  assert.equal(dl.last_error, null);

  // A ping from the API, and from the CLI.
  const ping = await ok('admin', 'POST', `/api/v1/webhooks/${w.id}/test`, {}, 202);
  assert.equal(ping.event, 'ping');
  assert.equal(ping.status, 'pending');
  const pinged = await waitFor('the ping', () => hook.got.find((g) => g.headers['x-keel-event'] === 'ping'));
  assert.equal(pinged.headers['x-keel-signature'], `sha256=${crypto.createHmac('sha256', w.secret).update(pinged.body).digest('hex')}`);

  // Changing it needs If-Match; a stale version is refused.
  r = await api('admin', 'PATCH', `/api/v1/webhooks/${w.id}`, { body: { active: false } });
  assert.equal(r.status, 428, r.text);
  r = await api('admin', 'PATCH', `/api/v1/webhooks/${w.id}`, { body: { active: false }, ifMatch: 99 });
  assert.equal(r.status, 412, r.text);
  r = await api('admin', 'PATCH', `/api/v1/webhooks/${w.id}`, { body: { url: 'gopher://x' }, ifMatch: got.version });
  assert.equal(r.status, 422, r.text);
  const off = await ok('admin', 'PATCH', `/api/v1/webhooks/${w.id}`, { body: { active: false }, ifMatch: got.version });
  assert.equal(off.active, false);
  assert.equal(off.version, got.version + 1);
  // Off: a status change queues nothing for it.
  const n = hook.got.length;
  const idea2 = await newIdea('Not sent');
  await ok('pm', 'POST', `/api/v1/ideas/${idea2.id}/review`, { ifMatch: idea2.version });
  await sleep(1500);
  assert.equal(hook.got.length, n);

  // The CLI lists and removes it.
  const list = await k.cliJson(['webhook', 'list']);
  assert.equal(list.items.find((x) => x.id === w.id).url, hook.url);
  const dels = await k.cliJson(['webhook', 'deliveries', `${w.id}`]);
  assert.ok(dels.items.length >= 2);
  r = await k.cli(['webhook', 'remove', `${w.id}`]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await api('admin', 'GET', `/api/v1/webhooks/${w.id}`)).status, 404);
});

test('a failing endpoint is retried with backoff, and the delivery record says how it went', async () => {
  const hook = await hookServer((req, n) => (n <= 2 ? 500 : 204)); // fails twice, then takes it
  const add = await k.cli(['webhook', 'add', hook.url, '--events', 'idea.status']);
  assert.equal(add.code, 0, add.stderr);
  assert.match(add.stdout, /secret: whsec_/);
  const w = (await k.cliJson(['webhook', 'list'])).items.find((x) => x.url === hook.url);
  const idea = await newIdea('Retried');
  await ok('pm', 'POST', `/api/v1/ideas/${idea.id}/review`, { ifMatch: idea.version });
  // After the first failure the record says so, and it waits to be tried again.
  const failed = await waitFor('a failed attempt', async () => {
    const d = (await ok('admin', 'GET', `/api/v1/webhooks/${w.id}/deliveries`)).items[0];
    return d?.attempts >= 1 && d;
  });
  assert.equal(failed.response_code, 500);
  assert.equal(failed.last_error, 'HTTP 500');
  assert.equal(failed.status, 'pending');
  const done = await waitFor('the delivery after retries', async () => {
    const d = (await ok('admin', 'GET', `/api/v1/webhooks/${w.id}/deliveries`)).items[0];
    return d?.status === 'delivered' && d;
  });
  assert.equal(done.attempts, 3);
  assert.equal(done.response_code, 204);
  assert.equal(hook.got.length, 3);
  // The same delivery each time: same id, same body, same signature; waits growing (1 s, then 2 s).
  assert.equal(new Set(hook.got.map((g) => g.headers['x-keel-delivery'])).size, 1);
  assert.equal(new Set(hook.got.map((g) => g.body)).size, 1);
  // Retries wait 1 s, then 2 s (webhook.retry_seconds = 1), counted in whole
  // seconds of the clock: the first falls due at the next second (0–1 s after
  // the failure), the second a second later than that (1–2 s after).
  assert.ok(hook.got[1].at - hook.got[0].at > 0, `first retry after ${hook.got[1].at - hook.got[0].at} ms`);
  assert.ok(hook.got[2].at - hook.got[1].at >= 950, `second retry after ${hook.got[2].at - hook.got[1].at} ms`);
  assert.equal((await k.cli(['webhook', 'remove', `${w.id}`])).code, 0);
});

test('e-mail: a status change sends the submitter a message through SMTP, with its subject encoded', async () => {
  const sink = await smtpSink();
  const idea = await newIdea('Café payments ✓');
  // Settings: bad values refused; secrets never shown back.
  let r = await k.cli(['settings', 'set', 'smtp.url', 'http://127.0.0.1:25']);
  assert.notEqual(r.code, 0);
  r = await api('admin', 'PUT', '/api/v1/settings/smtp.url', { body: { value: 'ftp://x' } });
  assert.equal(r.status, 422, r.text);
  r = await api('admin', 'PUT', '/api/v1/settings/no.such', { body: { value: 'x' } });
  assert.ok([404, 422].includes(r.status), r.text);
  assert.equal((await api('pm', 'GET', '/api/v1/settings')).status, 403);
  await ok('admin', 'PUT', '/api/v1/settings/smtp.url', { body: { value: `smtp://127.0.0.1:${sink.port}` } });
  await setting('smtp.from', 'Keel <keel@example.com>');
  r = await k.cli(['settings', 'set', 'smtp.password', '-'], { input: 'not-for-logs\n' });
  assert.equal(r.code, 0, r.stderr);
  const pw = await ok('admin', 'GET', '/api/v1/settings/smtp.password');
  assert.equal(pw.secret, true);
  assert.equal(pw.set, true);
  assert.notEqual(pw.value, 'not-for-logs');
  assert.doesNotMatch((await k.cli(['settings', 'list'])).stdout, /not-for-logs/);
  // A password needs TLS, and this sink has none: unset it for the test.
  await setting('smtp.password', null);

  await ok('pm', 'POST', `/api/v1/ideas/${idea.id}/decline`, { body: { reason: 'Not this year' }, ifMatch: idea.version });
  const mail = await waitFor('the e-mail', () => sink.mails.find((m) => m.to.includes(E.contributor)));
  assert.equal(mail.from, 'keel@example.com');
  const h = mailHeaders(mail.data);
  assert.equal(h.to.value, E.contributor);
  assert.equal(h.subject.value, '“Café payments ✓” was declined: Not this year');
  assert.match(h.subject.raw, /^=\?UTF-8\?B\?/, 'a non-ASCII subject is encoded');
  assert.match(h.from.value, /keel@example\.com/);
  assert.ok(h.date && h['message-id'] && h['mime-version']);
  assert.match(h['content-type'].value, /text\/plain; charset=utf-8/i);
  assert.doesNotMatch(k.serverStderr, /not-for-logs/);
  // Nobody else asked for the idea: one message.
  await sleep(1200);
  assert.equal(sink.mails.length, 1);
  await setting('smtp.url', null);
});

test('a hanging webhook endpoint never blocks a request', async () => {
  const hang = await hookServer(() => null); // takes the request and never answers
  const w = await ok('admin', 'POST', '/api/v1/webhooks', { body: { url: hang.url } }, 201);
  const idea = await newIdea('Hanging');
  let t0 = Date.now();
  await ok('pm', 'POST', `/api/v1/ideas/${idea.id}/review`, { ifMatch: idea.version });
  assert.ok(Date.now() - t0 < 2000, 'the status change itself does not wait for the endpoint');
  await waitFor('the worker to be stuck on the endpoint', () => hang.got.length >= 1);
  // The worker waits on the endpoint now; requests go on as usual.
  for (let i = 0; i < 5; i++) {
    t0 = Date.now();
    await ok('viewer', 'GET', '/api/v1/ideas?limit=10');
    await ok('viewer', 'GET', '/api/v1/notifications');
    const ms = Date.now() - t0;
    assert.ok(ms < 1000, `two requests took ${ms} ms while a webhook hangs`);
  }
  const r = await ok('pm', 'POST', `/api/v1/ideas/${idea.id}/decline`, { body: { reason: 'still fast' }, ifMatch: idea.version + 1 });
  assert.equal(r.status, 'declined');
  // After the total timeout the attempt is recorded as failed, to be tried again.
  const d = await waitFor('the timed-out attempt', async () => {
    const x = (await ok('admin', 'GET', `/api/v1/webhooks/${w.id}/deliveries`)).items.find((y) => y.attempts >= 1);
    return x;
  }, 20000);
  assert.equal(d.status, 'pending');
  assert.equal(d.response_code, null);
  assert.match(d.last_error, /time/i);
  await ok('admin', 'DELETE', `/api/v1/webhooks/${w.id}`);
});

test('pages: the inbox with its count in the navigation, the follow button, admin webhooks and settings', async () => {
  const idea = await newIdea(`Page idea ${HOSTILE}`);
  const viewer = await k.session(E.viewer, PASSWORD);
  let page = await viewer.get(`/ideas/${idea.id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<button type="submit" class="secondary">Follow<\/button>/);
  let r = await viewer.post(`/ideas/${idea.id}/follow`, { follow: 'on' });
  assert.equal(r.status, 303);
  page = await viewer.get(`/ideas/${idea.id}`);
  assert.match(page.text, /Stop following/);
  assert.equal((await ok('viewer', 'GET', `/api/v1/ideas/${idea.id}`)).following, true);
  await ok('viewer', 'POST', '/api/v1/notifications/read-all');
  await ok('pm', 'POST', `/api/v1/ideas/${idea.id}/review`, { ifMatch: idea.version });

  page = await viewer.get('/inbox');
  assert.equal(page.status, 200);
  assertHtmlDocument(page.text, '/inbox');
  assert.match(page.text, /<a href="\/inbox" class="inbox-link" aria-current="page">Inbox <span class="count" title="unread">1<\/span><\/a>/);
  assert.ok(!page.text.includes('<script>alert(1)'), 'titles are escaped');
  assert.ok(htmlDecode(page.text).includes(`“Page idea ${HOSTILE}” is under review`));
  const id = page.text.match(/action="\/inbox\/(\d+)\/read"/)[1];
  // Another user cannot mark it.
  const contributor = await k.session(E.contributor, PASSWORD);
  r = await contributor.post(`/inbox/${id}/read`);
  assert.equal(r.status, 404);
  r = await viewer.post(`/inbox/${id}/read`);
  assert.equal(r.status, 303);
  page = await viewer.get('/backlog');
  assert.match(page.text, /<a href="\/inbox" class="inbox-link">Inbox<\/a>/, 'no count when nothing is unread');
  page = await viewer.get('/inbox?unread=1');
  assert.match(page.text, /Nothing unread/);

  // Admin pages.
  assert.equal((await viewer.get('/admin/webhooks')).status, 403);
  const admin = await k.session(E.admin, PASSWORD);
  r = await admin.post('/admin/webhooks', { url: 'ftp://nope' });
  assert.equal(r.status, 422);
  assert.match(htmlDecode(r.text), /http:\/\/ or https:\/\//);
  r = await admin.post('/admin/webhooks', { url: 'http://127.0.0.1:9/from-the-page' });
  assert.equal(r.status, 201);
  assert.match(r.text, /whsec_[A-Za-z0-9_-]+/, 'the secret is shown once');
  page = await admin.get('/admin/webhooks');
  assert.match(page.text, /http:\/\/127\.0\.0\.1:9\/from-the-page/);
  assert.doesNotMatch(page.text, /whsec_/, 'and never again');
  const wid = page.text.match(/href="\/admin\/webhooks\/(\d+)"/)[1];
  page = await admin.get(`/admin/webhooks/${wid}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Deliveries/);
  r = await admin.post(`/admin/webhooks/${wid}/delete`);
  assert.equal(r.status, 303);
  page = await admin.get('/admin/settings');
  assert.equal(page.status, 200);
  assert.match(page.text, /smtp\.url/);
  r = await admin.post('/admin/settings', { key: 'smtp.url', action: 'set', value: 'mailto:x' });
  assert.equal(r.status, 422);
  r = await admin.post('/admin/settings', { key: 'site.url', action: 'set', value: 'https://keel.example.com' });
  assert.equal(r.status, 303);
  assert.equal((await ok('admin', 'GET', '/api/v1/settings/site.url')).value, 'https://keel.example.com');
});

test('a customer (portal user) hears of their request in the public wording, without internal keys', async () => {
  await k.addUser('portal', 'polly@customer.test', 'Polly Portal');
  const polly = await k.token('polly@customer.test');
  const s = await k.api('POST', '/api/v1/portal/ideas', { token: polly, body: { product: 'PAY', title: 'Refunds in bulk' } });
  assert.equal(s.status, 201, s.text);
  const id = s.json.id;
  let v = (await ok('pm', 'GET', `/api/v1/ideas/${id}`)).version;
  const pub = await ok('pm', 'POST', `/api/v1/ideas/${id}/publish`, { body: { public_title: 'Bulk refunds' }, ifMatch: v });
  v = (await ok('pm', 'POST', `/api/v1/ideas/${id}/review`, { ifMatch: pub.version })).version;
  const promoted = await ok('pm', 'POST', `/api/v1/ideas/${id}/promote`, { body: {}, ifMatch: v });
  assert.ok(promoted.feature);
  const r = await k.api('GET', '/api/v1/notifications', { token: polly });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((n) => n.title), ['“Bulk refunds” is now planned', '“Bulk refunds” is under review']);
  assert.ok(r.json.items.every((n) => n.body === ''), 'no internal body for customers');
  assert.equal(r.json.unread, 2);
  // The inbox page keeps a customer in the portal's layout, linking to the portal's page of the idea.
  const web = await k.session('polly@customer.test', PASSWORD);
  const inbox = await web.get('/inbox');
  assert.equal(inbox.status, 200, inbox.text);
  assert.match(inbox.text, /<body class="portal">/);
  assert.match(inbox.text, new RegExp(`href="/portal/ideas/${id}">“Bulk refunds” is now planned`));
  assert.doesNotMatch(inbox.text, /href="\/(ideas|backlog|board|feedback)\b/, 'no links into the inside');
  // Staff following the same idea read the internal wording.
  const c = await ok('pm', 'GET', `/api/v1/ideas/${id}`);
  assert.equal(c.status, 'planned');
  // A portal user cannot follow through the staff API.
  assert.equal((await k.api('POST', `/api/v1/ideas/${id}/follow`, { token: polly })).status, 403);
  const read = await k.api('POST', '/api/v1/notifications/read-all', { token: polly });
  assert.equal(read.status, 200, read.text);
  assert.equal(read.json.marked, 2);
});

test('summary', (t) => {
  t.diagnostic(`${checkCount()} checks`);
});
