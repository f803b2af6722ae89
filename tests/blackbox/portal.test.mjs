// portal.test.mjs — the customer portal, attacked from the outside. Two
// customers' portal users, published and private ideas, internal and public
// comments: every portal answer (API and page) is searched for what a
// customer may never see (the other customer's name, internal titles and
// descriptions, internal comments, staff-only fields), probing ids that are
// not theirs must answer 404 exactly as ids that do not exist, and every
// internal route must refuse them with 403. Also: publishing with If-Match,
// submitting and "My requests", vote counts, and anonymous submission (off by
// default, on with the setting, throttled per address).
import { after, before, test } from 'node:test';

import { assert, htmlDecode, Keel, PASSWORD, Web } from './lib.mjs';

let k;
const pm = () => k.users.pm.token;
const ctx = {};

// Strings no portal user may ever read.
const INTERNAL_TITLE = 'Internal codename Zebracorn';
const INTERNAL_DESC = 'Margin analysis says 40k ARR at stake';
const PRIVATE_TITLE = 'Private roadmap bet Quokka';
const INTERNAL_COMMENT = 'Internal note: Globex threatens to churn';
const ACME = 'Acme Rockets';
const GLOBEX = 'Globex Hidden';
const PUBLIC_TITLE = 'Faster CSV exports';
const PUBLIC_DESC = 'Exports of **large** reports finish in seconds.';
const STAFF_REPLY = 'Thanks, we are measuring export times now.';

async function api(method, p, body, { token = pm(), ifMatch } = {}) {
  return k.api(method, p, { token, body, ifMatch });
}
async function ok(method, p, body, opts) {
  const r = await api(method, p, body, opts);
  assert.ok(r.status >= 200 && r.status < 300, `${method} ${p}: ${r.status} ${r.text}`);
  return r.json;
}

/** Asserts that text (a portal answer to who) holds none of the forbidden strings. */
function clean(text, who, forbidden) {
  const plain = htmlDecode(text);
  for (const s of forbidden) assert.ok(!plain.includes(s), `${who}: the answer leaks "${s}": ${plain.slice(0, 400)}`);
}

before(async () => {
  k = await Keel.start();
  await ok('POST', '/api/v1/products', { key: 'PAY', name: 'Payments' });
  await ok('POST', '/api/v1/products', { key: 'REP', name: 'Reports' });
  ctx.acme = (await ok('POST', '/api/v1/customers', { name: ACME, arr: 50000 })).id;
  ctx.globex = (await ok('POST', '/api/v1/customers', { name: GLOBEX, arr: 90000 })).id;
  // Alice (Acme) through the users API, Bob (Globex) through the CLI, by name.
  const admin = k.users.admin.token;
  const a = await k.api('POST', '/api/v1/users', {
    token: admin,
    body: { email: 'alice@acme.test', name: 'Alice Acme', role: 'portal', customer: ctx.acme, password: PASSWORD },
  });
  assert.equal(a.status, 201, a.text);
  assert.equal(a.json.role, 'portal');
  assert.equal(a.json.customer_id, ctx.acme);
  const b = await k.cli(['user', 'add', 'bob@globex.test', '--name', 'Bob Globex', '--role', 'portal', '--customer', GLOBEX], {
    input: `${PASSWORD}\n`,
  });
  assert.equal(b.code, 0, b.stderr);
  ctx.alice = await k.token('alice@acme.test');
  ctx.bob = await k.token('bob@globex.test');
  ctx.aliceWeb = await k.session('alice@acme.test', PASSWORD);
  ctx.bobWeb = await k.session('bob@globex.test', PASSWORD);
  await ctx.aliceWeb.refreshCsrf('/portal');
  await ctx.bobWeb.refreshCsrf('/portal');

  // A published idea with internal texts, one private idea, comments of both kinds.
  const pub = await ok('POST', '/api/v1/ideas', {
    product: 'REP', title: INTERNAL_TITLE, description: INTERNAL_DESC, source: 'customer', customer: GLOBEX,
  });
  ctx.pub = pub.id;
  ctx.private = (await ok('POST', '/api/v1/ideas', { product: 'PAY', title: PRIVATE_TITLE, customer: GLOBEX, source: 'sales' })).id;
  await ok('POST', `/api/v1/ideas/${ctx.pub}/comments`, { body: INTERNAL_COMMENT });
  await ok('POST', `/api/v1/ideas/${ctx.pub}/comments`, { body: STAFF_REPLY, public: true });
  await ok('POST', `/api/v1/ideas/${ctx.private}/comments`, { body: 'Reply on a private idea', public: true });
});
after(async () => {
  await k?.stop();
});

test('a portal user cannot sign in to anything inside: every internal route answers 403', async () => {
  for (const p of ['/api/v1/ideas', `/api/v1/ideas/${ctx.pub}`, `/api/v1/ideas/${ctx.pub}/comments`, '/api/v1/features',
    '/api/v1/products', '/api/v1/customers', `/api/v1/customers/${ctx.acme}`, '/api/v1/feedback', '/api/v1/users',
    '/api/v1/history']) {
    const r = await api('GET', p, undefined, { token: ctx.alice });
    assert.equal(r.status, 403, `GET ${p} as a portal user: ${r.status}`);
    clean(r.text, p, [INTERNAL_TITLE, GLOBEX, ACME]);
  }
  const w = await api('POST', '/api/v1/ideas', { product: 'PAY', title: 'Sneaking in' }, { token: ctx.alice });
  assert.equal(w.status, 403);
  for (const p of ['/backlog', '/board', '/ideas', `/ideas/${ctx.pub}`, '/customers', '/feedback', '/history', '/admin/users',
    '/account']) {
    const r = await ctx.aliceWeb.get(p);
    assert.equal(r.status, 403, `GET ${p} as a portal user: ${r.status}`);
    clean(r.text, p, [INTERNAL_TITLE, GLOBEX, ACME, INTERNAL_COMMENT]);
  }
  // Home and sign-in lead a portal user to the portal.
  assert.equal((await ctx.aliceWeb.get('/')).location, '/portal');
  const fresh = new Web(k);
  const r = await fresh.login('alice@acme.test', PASSWORD, '/backlog');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/portal');
});

test('publishing needs a PM and If-Match; customers then see the public text only', async () => {
  const cur = await ok('GET', `/api/v1/ideas/${ctx.pub}`);
  assert.equal(cur.public, false);
  const body = { public_title: PUBLIC_TITLE, public_description: PUBLIC_DESC };
  assert.equal((await api('POST', `/api/v1/ideas/${ctx.pub}/publish`, body)).status, 428);
  assert.equal((await api('POST', `/api/v1/ideas/${ctx.pub}/publish`, body, { ifMatch: cur.version + 7 })).status, 412);
  const viewer = await api('POST', `/api/v1/ideas/${ctx.pub}/publish`, body, { token: k.users.contributor.token, ifMatch: cur.version });
  assert.equal(viewer.status, 403);
  const bad = await api('POST', `/api/v1/ideas/${ctx.pub}/publish`, { public_title: 5 }, { ifMatch: cur.version });
  assert.equal(bad.status, 422);
  assert.equal(bad.json.error.field, 'public_title');
  const unknown = await api('POST', `/api/v1/ideas/${ctx.pub}/publish`, { visible: true }, { ifMatch: cur.version });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.json.error.field, 'visible');
  // Nothing changed so far: still private, and no customer sees it.
  assert.equal((await api('GET', `/api/v1/portal/ideas/${ctx.pub}`, undefined, { token: ctx.alice })).status, 404);
  const before = await k.auditCount();
  const r = await api('POST', `/api/v1/ideas/${ctx.pub}/publish`, body, { ifMatch: cur.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.public, true);
  assert.equal(r.json.public_title, PUBLIC_TITLE);
  assert.equal(r.json.version, cur.version + 1);
  assert.equal(r.headers.get('etag'), `"${cur.version + 1}"`);
  assert.equal(await k.auditCount(), before + 1);
  const log = await k.cliJson(['log', '--limit', '1']);
  assert.equal(log.items[0].action, 'idea.publish');

  // The PM's idea page shows what the portal shows.
  const pmWeb = await k.session(k.users.pm.email, PASSWORD);
  const page = await pmWeb.get(`/ideas/${ctx.pub}`);
  assert.equal(page.status, 200);
  assert.match(htmlDecode(page.text), /Customers see it as/);
  assert.ok(htmlDecode(page.text).includes(PUBLIC_TITLE));
  assert.match(page.text, /action="\/ideas\/\d+\/unpublish"/);
  // A viewer's idea page has no publishing form.
  const viewerWeb = await k.session(k.users.viewer.email, PASSWORD);
  assert.doesNotMatch((await viewerWeb.get(`/ideas/${ctx.pub}`)).text, /\/publish"/);
});

test('the CLI publishes and unpublishes; the page form does too, with a stale version refused', async () => {
  const other = await ok('POST', '/api/v1/ideas', { product: 'PAY', title: 'Internal: cli publish subject' });
  let r = await k.cli(['idea', 'publish', String(other.id), '--title', 'Pay by link', '--description', 'Send a link.'], { user: 'pm@keel.test' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /customers see it as "Pay by link"/);
  let seen = await api('GET', `/api/v1/portal/ideas/${other.id}`, undefined, { token: ctx.bob });
  assert.equal(seen.status, 200);
  assert.equal(seen.json.title, 'Pay by link');
  r = await k.cli(['idea', 'publish', String(other.id)], { user: 'viewer@keel.test' });
  assert.notEqual(r.code, 0);
  r = await k.cli(['idea', 'unpublish', String(other.id), '--if-version', '1'], { user: 'pm@keel.test' });
  assert.notEqual(r.code, 0, 'a stale --if-version is refused');
  r = await k.cli(['idea', 'unpublish', String(other.id)], { user: 'pm@keel.test' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /private/);
  seen = await api('GET', `/api/v1/portal/ideas/${other.id}`, undefined, { token: ctx.bob });
  assert.equal(seen.status, 404);
  // Unpublishing twice is a conflict, not a silent success.
  const cur = await ok('GET', `/api/v1/ideas/${other.id}`);
  assert.equal((await api('POST', `/api/v1/ideas/${other.id}/unpublish`, undefined, { ifMatch: cur.version })).status, 409);
  // The idea page's form, with a stale version and then the right one.
  const pmWeb = await k.session(k.users.pm.email, PASSWORD);
  const stale = await pmWeb.post(`/ideas/${other.id}/publish`, { version: '1', public_title: 'Stale' });
  assert.equal(stale.status, 412);
  const form = await pmWeb.post(`/ideas/${other.id}/publish`, { version: String(cur.version), public_title: 'From the form', public_description: '' });
  assert.equal(form.status, 303, form.text.slice(0, 300));
  assert.equal((await api('GET', `/api/v1/portal/ideas/${other.id}`, undefined, { token: ctx.bob })).json.title, 'From the form');
  const now = await ok('GET', `/api/v1/ideas/${other.id}`);
  assert.equal((await pmWeb.post(`/ideas/${other.id}/unpublish`, { version: String(now.version) })).status, 303);
  assert.equal((await api('GET', `/api/v1/portal/ideas/${other.id}`, undefined, { token: ctx.bob })).status, 404);
});

test('the portal lists published ideas with their public face, and nothing else', async () => {
  for (const [who, token] of [['alice', ctx.alice], ['bob', ctx.bob]]) {
    const r = await api('GET', '/api/v1/portal/ideas', undefined, { token });
    assert.equal(r.status, 200, r.text);
    const ids = r.json.items.map((i) => i.id);
    assert.ok(ids.includes(ctx.pub), `${who} sees the published idea`);
    assert.ok(!ids.includes(ctx.private), `${who} does not see the private idea`);
    const item = r.json.items.find((i) => i.id === ctx.pub);
    assert.equal(item.title, PUBLIC_TITLE);
    assert.equal(item.description, PUBLIC_DESC);
    assert.equal(item.product_name, 'Reports');
    assert.equal(item.status_label, 'New');
    for (const f of ['customer', 'customer_id', 'contact_id', 'source', 'submitted_by', 'reference', 'feature', 'score', 'public_title'])
      assert.ok(!(f in item), `${who}: the portal shows no "${f}"`);
    clean(r.text, who, [INTERNAL_TITLE, INTERNAL_DESC, PRIVATE_TITLE, GLOBEX, ACME, INTERNAL_COMMENT]);
    const one = await api('GET', `/api/v1/portal/ideas/${ctx.pub}`, undefined, { token });
    assert.equal(one.status, 200);
    clean(one.text, who, [INTERNAL_TITLE, INTERNAL_DESC, GLOBEX, ACME]);
    const cs = await api('GET', `/api/v1/portal/ideas/${ctx.pub}/comments`, undefined, { token });
    assert.equal(cs.status, 200);
    assert.deepEqual(cs.json.items.map((c) => c.body), [STAFF_REPLY]);
    assert.equal(cs.json.items[0].team, true);
    assert.equal(cs.json.items[0].author, 'Pia Productowner');
    clean(cs.text, who, [INTERNAL_COMMENT, GLOBEX, ACME]);
  }
  // Pages: the list, the idea (Markdown rendered), the filters.
  const list = await ctx.aliceWeb.get('/portal');
  assert.equal(list.status, 200);
  assert.ok(htmlDecode(list.text).includes(PUBLIC_TITLE));
  assert.match(list.text, /<strong>large<\/strong>/);
  assert.match(list.text, /Ideas portal/);
  assert.doesNotMatch(list.text, /href="\/backlog"/, 'no way inside from the portal');
  clean(list.text, 'alice /portal', [INTERNAL_TITLE, INTERNAL_DESC, PRIVATE_TITLE, GLOBEX, ACME, INTERNAL_COMMENT]);
  const page = await ctx.aliceWeb.get(`/portal/ideas/${ctx.pub}`);
  assert.equal(page.status, 200);
  assert.ok(htmlDecode(page.text).includes(STAFF_REPLY));
  clean(page.text, 'alice idea page', [INTERNAL_TITLE, INTERNAL_DESC, INTERNAL_COMMENT, GLOBEX, ACME]);
  const pay = await ctx.aliceWeb.get('/portal?product=PAY');
  assert.ok(!htmlDecode(pay.text).includes(PUBLIC_TITLE), 'the product filter applies');
  const declined = await api('GET', '/api/v1/portal/ideas?status=declined', undefined, { token: ctx.alice });
  assert.deepEqual(declined.json.items, []);
  const badSort = await api('GET', '/api/v1/portal/ideas?sort=score', undefined, { token: ctx.alice });
  assert.equal(badSort.status, 422);
  assert.equal(badSort.json.error.field, 'sort');
  assert.equal((await api('GET', '/api/v1/portal/ideas?customer=1', undefined, { token: ctx.alice })).status, 400);
  // Staff see the portal as a customer would, with a note that says so.
  const pmPortal = await (await k.session(k.users.viewer.email, PASSWORD)).get('/portal');
  assert.equal(pmPortal.status, 200);
  assert.match(pmPortal.text, /as customers see it/);
  assert.ok(!htmlDecode(pmPortal.text).includes(PRIVATE_TITLE));
});

test('probing ids that are not yours answers 404, exactly like ids that do not exist', async () => {
  // Bob submits a request: private, his own.
  const sub = await api('POST', '/api/v1/portal/ideas', { product: 'PAY', title: 'Globex wants SEPA batches' }, { token: ctx.bob });
  assert.equal(sub.status, 201, sub.text);
  ctx.bobIdea = sub.json.id;
  const missing = 987654;
  const norm = (r, id) => ({ status: r.status, body: r.text.replaceAll(String(id), 'N') });
  for (const path of ['', '/comments']) {
    const none = norm(await api('GET', `/api/v1/portal/ideas/${missing}${path}`, undefined, { token: ctx.alice }), missing);
    assert.equal(none.status, 404);
    for (const id of [ctx.private, ctx.bobIdea]) {
      const r = await api('GET', `/api/v1/portal/ideas/${id}${path}`, undefined, { token: ctx.alice });
      assert.deepEqual(norm(r, id), none, `GET /api/v1/portal/ideas/${id}${path}`);
      clean(r.text, 'probe', [PRIVATE_TITLE, 'SEPA', GLOBEX]);
    }
  }
  for (const id of [ctx.private, ctx.bobIdea, missing]) {
    const v = await api('POST', `/api/v1/portal/ideas/${id}/vote`, undefined, { token: ctx.alice });
    assert.equal(v.status, 404, `vote on ${id}`);
    const c = await api('POST', `/api/v1/portal/ideas/${id}/comments`, { body: 'hello?' }, { token: ctx.alice });
    assert.equal(c.status, 404, `comment on ${id}`);
    const p = await ctx.aliceWeb.get(`/portal/ideas/${id}`);
    assert.equal(p.status, 404, `page of ${id}`);
    clean(p.text, 'probe page', [PRIVATE_TITLE, 'SEPA', GLOBEX, 'Reply on a private idea']);
    const pv = await ctx.aliceWeb.post(`/portal/ideas/${id}/vote`, { vote: 'on' });
    assert.equal(pv.status, 404);
  }
  // Bob sees his own, private, request; Alice's lists never hold it.
  const mine = await api('GET', `/api/v1/portal/ideas/${ctx.bobIdea}`, undefined, { token: ctx.bob });
  assert.equal(mine.status, 200);
  assert.equal(mine.json.mine, true);
  assert.equal(mine.json.public, false);
  const aliceReq = await api('GET', '/api/v1/portal/requests', undefined, { token: ctx.alice });
  clean(aliceReq.text, 'alice requests', ['SEPA', GLOBEX, PRIVATE_TITLE]);
});

test('comments: customers write public ones; other customers stay anonymous', async () => {
  const empty = await api('POST', `/api/v1/portal/ideas/${ctx.pub}/comments`, { body: '   ' }, { token: ctx.alice });
  assert.equal(empty.status, 422);
  assert.equal((await api('POST', `/api/v1/portal/ideas/${ctx.pub}/comments`, { body: 'x', public: false }, { token: ctx.alice })).status, 400);
  const c = await api('POST', `/api/v1/portal/ideas/${ctx.pub}/comments`, { body: 'We export 2 GB nightly.' }, { token: ctx.alice });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.author, 'You');
  const bob = await api('GET', `/api/v1/portal/ideas/${ctx.pub}/comments`, undefined, { token: ctx.bob });
  const theirs = bob.json.items.find((x) => x.body === 'We export 2 GB nightly.');
  assert.equal(theirs.author, 'A customer');
  assert.equal(theirs.team, false);
  clean(bob.text, 'bob comments', ['Alice', ACME, 'alice@acme.test', INTERNAL_COMMENT]);
  // Staff read it inside, marked public.
  const inside = await ok('GET', `/api/v1/ideas/${ctx.pub}/comments`);
  assert.equal(inside.items.find((x) => x.body === 'We export 2 GB nightly.').public, true);
  assert.equal(inside.items.find((x) => x.body === INTERNAL_COMMENT).public, false);
  // The page form.
  const form = await ctx.bobWeb.post(`/portal/ideas/${ctx.pub}/comments`, { body: 'Same here at Globex scale' });
  assert.equal(form.status, 303);
  const page = await ctx.aliceWeb.get(`/portal/ideas/${ctx.pub}`);
  assert.ok(htmlDecode(page.text).includes('Same here at Globex scale'));
  assert.ok(!htmlDecode(page.text).includes('Bob Globex'));
});

test('votes count once per person, show as yours, and move the count', async () => {
  const v1 = await api('POST', `/api/v1/portal/ideas/${ctx.pub}/vote`, undefined, { token: ctx.alice });
  assert.equal(v1.status, 200, v1.text);
  assert.equal(v1.json.votes, 1);
  assert.equal(v1.json.voted, true);
  const again = await api('POST', `/api/v1/portal/ideas/${ctx.pub}/vote`, undefined, { token: ctx.alice });
  assert.equal(again.json.votes, 1, 'a second vote does not count');
  const b = await ctx.bobWeb.post(`/portal/ideas/${ctx.pub}/vote`, { vote: 'on', back: '/portal' });
  assert.equal(b.status, 303);
  assert.match(b.location, /^\/portal/);
  const seenByBob = await api('GET', `/api/v1/portal/ideas/${ctx.pub}`, undefined, { token: ctx.bob });
  assert.equal(seenByBob.json.votes, 2);
  assert.equal(seenByBob.json.voted, true);
  const staff = await ok('GET', `/api/v1/ideas/${ctx.pub}`);
  assert.equal(staff.votes ?? staff.vote_count, 2, 'staff count the customers\' votes');
  const un = await api('DELETE', `/api/v1/portal/ideas/${ctx.pub}/vote`, undefined, { token: ctx.bob });
  assert.equal(un.json.votes, 1);
  assert.equal(un.json.voted, false);
  const list = await ctx.aliceWeb.get('/portal');
  assert.match(list.text, new RegExp(`id="idea-${ctx.pub}"[\\s\\S]*?<strong data-votes>1</strong>`));
  assert.match(list.text, /you voted/);
  // Sort by votes puts the voted idea first; newest puts the latest first.
  const other = await ok('POST', '/api/v1/ideas', { product: 'PAY', title: 'Internal: second public' });
  await ok('POST', `/api/v1/ideas/${other.id}/publish`, { public_title: 'Second public idea' }, { ifMatch: other.version });
  ctx.second = other.id;
  const byVotes = await api('GET', '/api/v1/portal/ideas?sort=votes', undefined, { token: ctx.alice });
  assert.equal(byVotes.json.items[0].id, ctx.pub);
  const newest = await api('GET', '/api/v1/portal/ideas?sort=newest', undefined, { token: ctx.alice });
  assert.equal(newest.json.items[0].id, other.id);
});

test('submitting: a private idea of the customer; My requests follows it to the end', async () => {
  const bad = await api('POST', '/api/v1/portal/ideas', { product: 'NOPE', title: 'x' }, { token: ctx.alice });
  assert.equal(bad.status, 422);
  assert.equal(bad.json.error.field, 'product');
  const extra = await api('POST', '/api/v1/portal/ideas', { product: 'PAY', title: 'x', customer: GLOBEX }, { token: ctx.alice });
  assert.equal(extra.status, 400, 'a portal user cannot name a customer');
  assert.equal(extra.json.error.field, 'customer');
  const r = await api('POST', '/api/v1/portal/ideas', { product: 'PAY', title: 'Refunds in bulk', description: 'We refund 300 orders a week.' },
    { token: ctx.alice });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.public, false);
  assert.equal(r.json.mine, true);
  const id = r.json.id;
  // Inside, it is a new idea from the customer Acme, submitted by Alice.
  const inside = await ok('GET', `/api/v1/ideas/${id}`);
  assert.equal(inside.status, 'new');
  assert.equal(inside.source, 'customer');
  assert.equal(inside.customer, ACME);
  assert.equal(inside.customer_id, ctx.acme);
  assert.equal(inside.submitted_by, 'Alice Acme');
  assert.equal(inside.public, false);
  // Not on the public list, but on Alice's requests (API and page), with the idea she voted for.
  const pubList = await api('GET', '/api/v1/portal/ideas', undefined, { token: ctx.alice });
  assert.ok(!pubList.json.items.some((i) => i.id === id));
  let req = await api('GET', '/api/v1/portal/requests', undefined, { token: ctx.alice });
  assert.deepEqual(req.json.items.map((i) => i.id).sort(), [ctx.pub, id].sort());
  // The page form lands on My requests.
  const form = await ctx.aliceWeb.post('/portal/submit', { product: 'REP', title: 'Scheduled report e-mails', description: '' });
  assert.equal(form.status, 303);
  assert.match(form.location, /^\/portal\/requests/);
  let page = await ctx.aliceWeb.get('/portal/requests');
  assert.equal(page.status, 200);
  for (const t of ['Refunds in bulk', 'Scheduled report e-mails', PUBLIC_TITLE]) assert.ok(htmlDecode(page.text).includes(t), t);
  clean(page.text, 'alice requests page', [GLOBEX, 'SEPA', INTERNAL_TITLE, PRIVATE_TITLE]);

  // Declined: the reason shows. Merged: the original's public title. Shipped: with the date.
  const cur = await ok('GET', `/api/v1/ideas/${id}`);
  await ok('POST', `/api/v1/ideas/${id}/decline`, { reason: 'Refunds move to the bank portal.' }, { ifMatch: cur.version });
  const scheduled = (await api('GET', '/api/v1/portal/requests', undefined, { token: ctx.alice })).json.items.find(
    (i) => i.title === 'Scheduled report e-mails');
  const sc = await ok('GET', `/api/v1/ideas/${scheduled.id}`);
  await ok('POST', `/api/v1/ideas/${scheduled.id}/duplicate`, { of: ctx.pub }, { ifMatch: sc.version });
  const pubNow = await ok('GET', `/api/v1/ideas/${ctx.pub}`);
  const promoted = await ok('POST', `/api/v1/ideas/${ctx.pub}/promote`, {}, { ifMatch: pubNow.version });
  const fkey = promoted.feature?.key ?? promoted.feature;
  const f = await ok('GET', `/api/v1/features/${fkey}`);
  await ok('PATCH', `/api/v1/features/${fkey}`, { status: 'shipped' }, { ifMatch: f.version });

  req = await api('GET', '/api/v1/portal/requests', undefined, { token: ctx.alice });
  const byId = Object.fromEntries(req.json.items.map((i) => [i.id, i]));
  assert.equal(byId[id].status, 'declined');
  assert.equal(byId[id].decline_reason, 'Refunds move to the bank portal.');
  assert.equal(byId[scheduled.id].status, 'duplicate');
  assert.equal(byId[scheduled.id].duplicate_of.id, ctx.pub);
  assert.equal(byId[scheduled.id].duplicate_of.title, PUBLIC_TITLE);
  assert.equal(byId[ctx.pub].shipped, true);
  assert.equal(byId[ctx.pub].status_label, 'Shipped');
  assert.match(byId[ctx.pub].shipped_at, /^\d{4}-\d\d-\d\dT/);
  clean(req.text, 'alice requests', [INTERNAL_TITLE, GLOBEX, fkey]);
  page = await ctx.aliceWeb.get('/portal/requests');
  const text = htmlDecode(page.text);
  assert.match(text, /Declined: Refunds move to the bank portal\./);
  assert.ok(text.includes(`Same as <a href="/portal/ideas/${ctx.pub}">${PUBLIC_TITLE}</a>`), 'the original, by its public title');
  assert.match(text, /Shipped <time/);
  // Bob never sees Alice's declined request, nor its reason.
  const probe = await api('GET', `/api/v1/portal/ideas/${id}`, undefined, { token: ctx.bob });
  assert.equal(probe.status, 404);
  clean(probe.text, 'bob probe', ['bank portal', 'Refunds']);
});

test('unpublishing hides an idea from everyone but its submitter', async () => {
  const sub = await api('POST', '/api/v1/portal/ideas', { product: 'PAY', title: 'Alice asks: dark mode' }, { token: ctx.alice });
  const id = sub.json.id;
  const cur = await ok('GET', `/api/v1/ideas/${id}`);
  await ok('POST', `/api/v1/ideas/${id}/publish`, {}, { ifMatch: cur.version });
  const voted = await api('POST', `/api/v1/portal/ideas/${id}/vote`, undefined, { token: ctx.bob });
  assert.equal(voted.status, 200);
  assert.ok((await api('GET', '/api/v1/portal/requests', undefined, { token: ctx.bob })).json.items.some((i) => i.id === id));
  const now = await ok('GET', `/api/v1/ideas/${id}`);
  const un = await api('POST', `/api/v1/ideas/${id}/unpublish`, undefined, { ifMatch: now.version });
  assert.equal(un.status, 200);
  assert.equal(un.json.public, false);
  assert.equal((await api('GET', `/api/v1/portal/ideas/${id}`, undefined, { token: ctx.bob })).status, 404);
  assert.ok(!(await api('GET', '/api/v1/portal/requests', undefined, { token: ctx.bob })).json.items.some((i) => i.id === id));
  assert.equal((await api('GET', `/api/v1/portal/ideas/${id}`, undefined, { token: ctx.alice })).status, 200);
});

test('anonymous submission: off by default, then on with the setting, CSRF-protected and throttled', async () => {
  const anon = new Web(k);
  const form = await anon.get('/portal/submit');
  assert.equal(form.status, 303);
  assert.match(form.location, /^\/login\?next=/);
  const post = await anon.post('/portal/submit', { product: 'PAY', title: 'Anonymous', name: 'Nia', email: 'nia@example.com' }, { csrf: null });
  assert.equal(post.status, 401);
  assert.equal((await k.api('POST', '/api/v1/portal/ideas', { body: { product: 'PAY', title: 'x' } })).status, 401);
  assert.equal((await anon.get('/portal')).status, 303, 'the portal itself still needs an account');

  const get = await k.cli(['settings', 'get', 'portal.anonymous']);
  assert.equal(get.code, 0, get.stderr);
  assert.match(get.stdout, /off|no/);
  let set = await k.cli(['settings', 'set', 'portal.anonymous', 'maybe'], { user: 'admin@keel.test' });
  assert.notEqual(set.code, 0);
  set = await k.cli(['settings', 'set', 'portal.anonymous', 'on'], { user: 'admin@keel.test' });
  assert.equal(set.code, 0, set.stderr);

  // Several visitors from one address (the throttle counts per client address).
  const visitor = new Web(k);
  const page = await visitor.get('/portal/submit');
  assert.equal(page.status, 200);
  assert.match(page.text, /name="email"/);
  assert.doesNotMatch(page.text, /href="\/portal\/requests"/);
  const token = htmlDecode(page.text.match(/name="portal_csrf" value="([^"]*)"/)[1]);
  // Without the form's token (a cross-site post), refused and nothing stored.
  const before = (await ok('GET', '/api/v1/ideas?limit=200')).items.length;
  const forged = await new Web(k).post('/portal/submit', { product: 'PAY', title: 'Forged', name: 'Eve', email: 'eve@example.com', portal_csrf: token },
    { csrf: null });
  assert.equal(forged.status, 403);
  const badEmail = await visitor.post('/portal/submit', { product: 'PAY', title: 'No mail', name: 'Nia', email: 'not-an-address', portal_csrf: token },
    { csrf: null });
  assert.equal(badEmail.status, 422);
  assert.match(htmlDecode(badEmail.text), /No mail/, 'the form comes back filled in');
  // The form shown again carries a fresh token (and cookie).
  const again = htmlDecode(badEmail.text.match(/name="portal_csrf" value="([^"]*)"/)[1]);
  assert.equal((await ok('GET', '/api/v1/ideas?limit=200')).items.length, before);
  const good = await visitor.post('/portal/submit', {
    product: 'PAY', title: 'Anonymous idea: invoices in Danish', name: 'Nia Nobody', email: 'nia@example.com', portal_csrf: again,
  }, { csrf: null });
  assert.equal(good.status, 303, good.text.slice(0, 300));
  const ideas = (await ok('GET', '/api/v1/ideas?limit=200')).items;
  const stored = ideas.find((i) => i.title === 'Anonymous idea: invoices in Danish');
  assert.ok(stored, 'the anonymous idea is stored');
  const full = await ok('GET', `/api/v1/ideas/${stored.id}`);
  assert.equal(full.submitter_email, 'nia@example.com');
  assert.equal(full.source, 'customer');
  assert.equal(full.public, false);
  // Throttled after PORTAL_ANON_PER_ADDRESS (5) submissions from one address.
  let last;
  for (let i = 0; i < 6; i++) {
    const w = new Web(k);
    const p = await w.get('/portal/submit');
    const t = htmlDecode(p.text.match(/name="portal_csrf" value="([^"]*)"/)[1]);
    last = await w.post('/portal/submit', { product: 'PAY', title: `Flood ${i}`, name: 'Flo', email: 'flo@example.com', portal_csrf: t }, { csrf: null });
    if (last.status === 429) break;
    assert.equal(last.status, 303);
  }
  assert.equal(last.status, 429);
  assert.ok(Number(last.headers.get('retry-after')) > 0);
  const flood = (await ok('GET', '/api/v1/ideas?limit=200')).items.filter((i) => i.title.startsWith('Flood'));
  assert.equal(flood.length, 4, 'five in the window: the first anonymous one and four floods');
  // Off again: closed again.
  assert.equal((await k.cli(['settings', 'set', 'portal.anonymous', 'off'], { user: 'admin@keel.test' })).code, 0);
  assert.equal((await new Web(k).get('/portal/submit')).status, 303);
});

test('admins add portal users with their customer (page, API, CLI); staff speak for no customer', async () => {
  const adminWeb = await k.session(k.users.admin.email, PASSWORD);
  const page = await adminWeb.get('/admin/users');
  assert.match(page.text, /<option value="portal">/);
  const made = await adminWeb.post('/admin/users', { email: 'carl@globex.test', name: 'Carl Globex', role: 'portal', customer: GLOBEX, password: PASSWORD });
  assert.equal(made.status, 303, made.text.slice(0, 300));
  const users = (await k.api('GET', '/api/v1/users', { token: k.users.admin.token })).json.items;
  const carl = users.find((u) => u.email === 'carl@globex.test');
  assert.equal(carl.role, 'portal');
  assert.equal(carl.customer_id, ctx.globex);
  const staff = await adminWeb.post('/admin/users', { email: 'dan@keel.test', name: 'Dan', role: 'viewer', customer: GLOBEX, password: PASSWORD });
  assert.equal(staff.status, 422);
  const api = await k.api('POST', '/api/v1/users', {
    token: k.users.admin.token,
    body: { email: 'erin@keel.test', name: 'Erin', role: 'pm', customer: ctx.acme, password: PASSWORD },
  });
  assert.equal(api.status, 422);
  assert.equal(api.json.error.field, 'customer');
  const none = await k.api('POST', '/api/v1/users', {
    token: k.users.admin.token,
    body: { email: 'fay@acme.test', name: 'Fay', role: 'portal', customer: 999999, password: PASSWORD },
  });
  assert.equal(none.status, 422);
  const cli = await k.cli(['user', 'add', 'gus@keel.test', '--name', 'Gus', '--role', 'viewer', '--customer', ACME], { input: `${PASSWORD}\n` });
  assert.notEqual(cli.code, 0);
  const list = await k.cliJson(['user', 'list']);
  assert.ok(!list.items.some((u) => ['dan@keel.test', 'erin@keel.test', 'fay@acme.test', 'gus@keel.test'].includes(u.email)), 'nothing was added');
  // Made staff, a portal user stops speaking for a customer.
  const v = (await k.api('GET', `/api/v1/users/${carl.id}`, { token: k.users.admin.token })).json;
  const up = await k.api('PATCH', `/api/v1/users/${carl.id}`, { token: k.users.admin.token, ifMatch: v.version, body: { role: 'viewer' } });
  assert.equal(up.status, 200, up.text);
  assert.equal(up.json.customer_id, null);
});
