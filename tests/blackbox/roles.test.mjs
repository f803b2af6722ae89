// roles.test.mjs — who may do what, driven by the route table itself
// (`keel routes --json`). Every route is called by every caller (anonymous,
// portal, viewer, contributor, pm, admin) with a request that is valid apart from
// who sends it: API routes with the role's bearer token, pages with the role's
// web session (cookie and CSRF token).
//
//   anonymous            → 401 (API and page changes) or a 303 to /login (page GET), unless public
//   a role not listed    → 403
//   a role listed        → never 401 or 403, and the route's success status
//
// A route in the table without a request builder below fails the test, and
// so does a builder for a route that no longer exists. Every response must
// carry the security headers, and the OpenAPI description must list exactly
// the API routes of the table.
import { after, before, test } from 'node:test';

import { assert, assertSecurityHeaders, checkCount, Keel, PASSWORD, ROLES, Web } from './lib.mjs';
import { strategyBuilders } from './strategy_roles.mjs'; // strategy: vision, personas, objectives

// The portal role sits below viewer: customers' people, who see the portal only.
const LADDER = ['portal', ...ROLES];
const CALLERS = ['anonymous', ...LADDER];

let k;
let routes; // from keel routes --json
const ctx = {
  token: {}, // role -> bearer token
  web: {}, // role -> signed-in Web
  password: {}, // role -> current password
  base: {}, // objects created in setup
  n: 0,
};
const uniq = () => ++ctx.n;

before(async () => {
  k = await Keel.start();
  for (const role of ROLES) {
    ctx.token[role] = k.users[role].token;
    ctx.password[role] = PASSWORD;
  }
  const r = await k.cli(['routes', '--json']);
  assert.equal(r.code, 0, r.stderr);
  routes = JSON.parse(r.stdout).items;
  // The shared objects: a product, two features, an idea, a user to change.
  await admin('POST', '/api/v1/products', { key: 'PAY', name: 'Payments' });
  await admin('POST', '/api/v1/features', { product: 'PAY', title: 'Wallet checkout', rice: { reach: 450, impact: 3, confidence: 100, effort: 2 } });
  await admin('POST', '/api/v1/features', { product: 'PAY', title: 'Edited by forms' });
  ctx.base.idea = (await admin('POST', '/api/v1/ideas', { product: 'PAY', title: 'Shared idea', source: 'customer' })).id;
  const spare = await admin('POST', '/api/v1/users', { email: 'spare@keel.test', name: 'Spare User', role: 'viewer', password: PASSWORD });
  ctx.base.spareUser = spare.id;
  for (const role of ROLES) ctx.web[role] = await k.session(k.users[role].email, PASSWORD);
  // A portal user (a customer's person), a published idea for the portal's
  // routes, and anonymous submission on (so that /portal/submit is open to all).
  await k.addUser('portal', 'portal@keel.test', 'Polly Portal');
  ctx.token.portal = await k.token('portal@keel.test');
  ctx.password.portal = PASSWORD;
  ctx.web.portal = await k.session('portal@keel.test', PASSWORD);
  await ctx.web.portal.refreshCsrf('/portal');
  const pub = await admin('POST', '/api/v1/ideas', { product: 'PAY', title: 'Internal title of the public idea' });
  ctx.base.publicIdea = (await admin('POST', `/api/v1/ideas/${pub.id}/publish`, { public_title: 'Public idea' }, pub.version)).id;
  const on = await k.cli(['settings', 'set', 'portal.anonymous', 'on']);
  assert.equal(on.code, 0, on.stderr);
  // Feedback from a customer, linked to PAY-1, so that PAY-1 has demand.
  ctx.base.customer = (await admin('POST', '/api/v1/customers', { name: 'Acme', segment: 'enterprise', arr: 1000 })).id;
  ctx.base.feedback = (await admin('POST', '/api/v1/feedback', { text: 'Base feedback', customer: ctx.base.customer })).id;
  await admin('POST', `/api/v1/feedback/${ctx.base.feedback}/link`, { feature: 'PAY-1' });
});
after(async () => {
  await k?.stop();
});

/** An API call as the admin that must succeed; returns the JSON. */
async function admin(method, p, body, ifMatch) {
  const r = await k.api(method, p, { token: ctx.token.admin, body, ifMatch });
  assert.ok(r.status >= 200 && r.status < 300, `setup ${method} ${p}: ${r.status} ${r.text}`);
  return r.json;
}
const versionOf = async (p) => (await admin('GET', p)).version;

/** A fresh idea in state "new": submitted by role when it may submit, else by the admin. */
async function freshIdea(role, allowed) {
  if (!allowed) return { id: ctx.base.idea, version: 1 };
  const token = ['contributor', 'pm', 'admin'].includes(role) ? ctx.token[role] : ctx.token.admin;
  const r = await k.api('POST', '/api/v1/ideas', { token, body: { product: 'PAY', title: `Fresh idea ${uniq()}`, source: 'other' } });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

/** A fresh feedback item in the inbox: recorded by role when it may, else by the admin. */
async function freshFeedback(role, allowed) {
  if (!allowed) return { id: ctx.base.feedback, version: 1 };
  const token = ['contributor', 'pm', 'admin'].includes(role) ? ctx.token[role] : ctx.token.admin;
  const r = await k.api('POST', '/api/v1/feedback', { token, body: { text: `Fresh feedback ${uniq()}` } });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

/** A multipart import form: a one-row CSV file (and the CSRF token unless null). */
function importForm(csrf, role) {
  const fd = new FormData();
  if (csrf) fd.append('_csrf', csrf);
  fd.append('file', new Blob([`said\nUploaded by ${role} ${uniq()}\n`], { type: 'text/csv' }), 'roles.csv');
  return fd;
}

/** Uploads a file as role (a PM or admin) and returns the token of its mapping step. */
async function uploadToken(role) {
  const web = ctx.web[role];
  const r = await web.request('POST', '/feedback/import', { body: importForm(web.csrf, role) });
  const m = r.text.match(/name="upload" value="([^"]*)"/);
  if (!m) throw new Error(`upload as ${role} gave ${r.status}: ${r.text.slice(0, 300)}`);
  return m[1];
}

/** A fresh link (made by the admin) on a fresh feedback item: {feedback, link}. */
async function freshLink(allowed) {
  if (!allowed) return { feedback: ctx.base.feedback, link: 1 };
  const f = await freshFeedback('admin', true);
  const l = await admin('POST', `/api/v1/feedback/${f.id}/link`, { feature: 'PAY-2' });
  return { feedback: f.id, link: l.id };
}

/** A fresh notification of role's own: role follows a fresh idea, someone else reviews it. */
async function freshNotification(role, allowed) {
  if (!allowed || role === 'anonymous') return 1;
  if (role === 'portal') {
    // A portal user hears about their own requests: submit one, the admin reviews it.
    const s = await k.api('POST', '/api/v1/portal/ideas', { token: ctx.token.portal, body: { product: 'PAY', title: `Request ${uniq()}` } });
    assert.equal(s.status, 201, s.text);
    const cur = await admin('GET', `/api/v1/ideas/${s.json.id}`);
    await admin('POST', `/api/v1/ideas/${s.json.id}/review`, undefined, cur.version);
    const list = await k.api('GET', '/api/v1/notifications?unread=true&limit=1', { token: ctx.token.portal });
    assert.equal(list.json.items[0].idea, s.json.id);
    return list.json.items[0].id;
  }
  const i = await freshIdea('admin', true);
  const f = await k.api('POST', `/api/v1/ideas/${i.id}/follow`, { token: ctx.token[role] });
  assert.equal(f.status, 200, f.text);
  const other = role === 'admin' ? 'pm' : 'admin';
  const rv = await k.api('POST', `/api/v1/ideas/${i.id}/review`, { token: ctx.token[other], ifMatch: i.version });
  assert.equal(rv.status, 200, rv.text);
  const list = await k.api('GET', '/api/v1/notifications?unread=true&limit=1', { token: ctx.token[role] });
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json.items[0].idea, i.id);
  return list.json.items[0].id;
}

/** A fresh webhook (made by the admin, off, so that nothing is sent). */
async function freshWebhook() {
  return admin('POST', '/api/v1/webhooks', { url: `http://127.0.0.1:9/hook-${uniq()}`, events: ['idea.status'], active: false });
}

/** A fresh idea published by the admin (when the caller may unpublish it). */
async function freshPublished(allowed) {
  if (!allowed) return { id: ctx.base.publicIdea, version: 1 };
  const i = await freshIdea('admin', true);
  return admin('POST', `/api/v1/ideas/${i.id}/publish`, {}, i.version);
}

/** A fresh API token of role's own, to revoke. */
async function freshToken(role, allowed) {
  const token = allowed && role !== 'anonymous' ? ctx.token[role] : ctx.token.admin;
  const r = await k.api('POST', '/api/v1/tokens', { token, body: { name: `to revoke ${uniq()}` } });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

/** A second web session for role (or an anonymous client), for requests that end a session. */
async function freshSession(role) {
  if (role === 'anonymous') return new Web(k);
  return k.session(k.users[role].email, ctx.password[role]);
}

// Each builder gets (caller, allowed) and returns {path, body?, ifMatch?, form?, web?, ok: [statuses], check?(res)}.
const B = {
  // strategy: vision, personas, objectives (strategy_roles.mjs)
  ...strategyBuilders({ admin, versionOf, uniq }),
  // ---- API ----
  'GET /api/v1/openapi.json': () => ({ path: '/api/v1/openapi.json', ok: [200] }),
  'GET /api/v1/me': (role) => ({
    path: '/api/v1/me',
    ok: [200],
    check: (r) => assert.equal(r.json.email, `${role}@keel.test`),
  }),
  'POST /api/v1/me/password': (role, allowed) => {
    const next = `new-${role}-pass-${uniq()}`;
    return {
      path: '/api/v1/me/password',
      body: { current_password: allowed ? ctx.password[role] : PASSWORD, new_password: next },
      ok: [200],
      check: (r) => r.status === 200 && (ctx.password[role] = next),
    };
  },
  'GET /api/v1/products': () => ({ path: '/api/v1/products', ok: [200] }),
  'POST /api/v1/products': () => ({ path: '/api/v1/products', body: { key: `R${uniq()}`, name: 'Role product' }, ok: [201] }),
  'GET /api/v1/products/{key}': () => ({ path: '/api/v1/products/PAY', ok: [200] }),
  'PATCH /api/v1/products/{key}': async (role) => ({
    path: '/api/v1/products/PAY',
    ifMatch: await versionOf('/api/v1/products/PAY'),
    body: { description: `edited by ${role}` },
    ok: [200],
  }),
  'GET /api/v1/features': () => ({ path: '/api/v1/features?product=PAY', ok: [200] }),
  'POST /api/v1/features': (role) => ({ path: '/api/v1/features', body: { product: 'PAY', title: `Feature by ${role}` }, ok: [201] }),
  'GET /api/v1/features/{key}': () => ({ path: '/api/v1/features/PAY-1', ok: [200] }),
  'PATCH /api/v1/features/{key}': async (role) => ({
    path: '/api/v1/features/PAY-1',
    ifMatch: await versionOf('/api/v1/features/PAY-1'),
    body: { description: `edited by ${role}` },
    ok: [200],
  }),
  'POST /api/v1/features/{key}/move': async () => ({
    path: '/api/v1/features/PAY-1/move',
    ifMatch: await versionOf('/api/v1/features/PAY-1'),
    body: { horizon: ['now', 'next', 'later'][uniq() % 3] },
    ok: [200],
  }),
  'GET /api/v1/features/{key}/ideas': () => ({ path: '/api/v1/features/PAY-1/ideas', ok: [200] }),
  'GET /api/v1/features/{key}/comments': () => ({ path: '/api/v1/features/PAY-1/comments', ok: [200] }),
  'POST /api/v1/features/{key}/comments': (role) => ({ path: '/api/v1/features/PAY-1/comments', body: { body: `comment by ${role}` }, ok: [201] }),
  'GET /api/v1/features/{key}/history': () => ({ path: '/api/v1/features/PAY-1/history', ok: [200] }),
  'GET /api/v1/ideas': () => ({ path: '/api/v1/ideas', ok: [200] }),
  'POST /api/v1/ideas': (role) => ({ path: '/api/v1/ideas', body: { product: 'PAY', title: `Idea by ${role}`, source: 'sales' }, ok: [201] }),
  'GET /api/v1/ideas/{id}': () => ({ path: `/api/v1/ideas/${ctx.base.idea}`, ok: [200] }),
  'PATCH /api/v1/ideas/{id}': async (role, allowed) => {
    const i = await freshIdea(role, allowed); // a contributor may edit only their own
    return { path: `/api/v1/ideas/${i.id}`, ifMatch: i.version, body: { title: `Edited by ${role}` }, ok: [200] };
  },
  'POST /api/v1/ideas/{id}/review': async (role, allowed) => {
    const i = await freshIdea('admin', allowed);
    return { path: `/api/v1/ideas/${i.id}/review`, ifMatch: i.version, ok: [200], check: (r) => assert.equal(r.json.status, 'under_review') };
  },
  'POST /api/v1/ideas/{id}/promote': async (role, allowed) => {
    const i = await freshIdea('admin', allowed);
    return { path: `/api/v1/ideas/${i.id}/promote`, ifMatch: i.version, body: {}, ok: [200], check: (r) => assert.equal(r.json.status, 'planned') };
  },
  'POST /api/v1/ideas/{id}/decline': async (role, allowed) => {
    const i = await freshIdea('admin', allowed);
    return { path: `/api/v1/ideas/${i.id}/decline`, ifMatch: i.version, body: { reason: 'Not for us' }, ok: [200] };
  },
  'POST /api/v1/ideas/{id}/duplicate': async (role, allowed) => {
    const i = await freshIdea('admin', allowed);
    return { path: `/api/v1/ideas/${i.id}/duplicate`, ifMatch: i.version, body: { of: ctx.base.idea }, ok: [200] };
  },
  'POST /api/v1/ideas/{id}/reopen': async (role, allowed) => {
    const i = await freshIdea('admin', allowed);
    let v = i.version;
    if (allowed) v = (await admin('POST', `/api/v1/ideas/${i.id}/decline`, { reason: 'to reopen' }, i.version)).version;
    return { path: `/api/v1/ideas/${i.id}/reopen`, ifMatch: v, ok: [200] };
  },
  // Search, duplicate suggestions and merging (search.test.mjs checks what they return).
  'GET /api/v1/search': () => ({ path: '/api/v1/search?q=shared', ok: [200] }),
  // Impact vs effort (matrix.test.mjs checks what it draws).
  'GET /api/v1/matrix': () => ({ path: '/api/v1/matrix', ok: [200] }),
  'GET /api/v1/ideas/similar': () => ({ path: '/api/v1/ideas/similar?title=Shared%20idea', ok: [200] }),
  'GET /api/v1/ideas/{id}/similar': () => ({ path: `/api/v1/ideas/${ctx.base.idea}/similar`, ok: [200] }),
  'GET /api/v1/feedback/{id}/similar': () => ({ path: `/api/v1/feedback/${ctx.base.feedback}/similar`, ok: [200] }),
  'POST /api/v1/ideas/{id}/merge': async (role, allowed) => {
    const i = await freshIdea('admin', allowed);
    return { path: `/api/v1/ideas/${i.id}/merge`, ifMatch: i.version, body: { into: ctx.base.idea }, ok: [200], check: (r) => assert.equal(r.json.merged_into, ctx.base.idea) };
  },
  'POST /api/v1/ideas/{id}/vote': () => ({ path: `/api/v1/ideas/${ctx.base.idea}/vote`, ok: [200] }),
  'DELETE /api/v1/ideas/{id}/vote': () => ({ path: `/api/v1/ideas/${ctx.base.idea}/vote`, ok: [200] }),
  'GET /api/v1/ideas/{id}/comments': () => ({ path: `/api/v1/ideas/${ctx.base.idea}/comments`, ok: [200] }),
  'POST /api/v1/ideas/{id}/comments': (role) => ({ path: `/api/v1/ideas/${ctx.base.idea}/comments`, body: { body: `idea comment by ${role}` }, ok: [201] }),
  'GET /api/v1/ideas/{id}/history': () => ({ path: `/api/v1/ideas/${ctx.base.idea}/history`, ok: [200] }),
  'GET /api/v1/history': () => ({ path: '/api/v1/history', ok: [200] }),
  'GET /api/v1/users': () => ({ path: '/api/v1/users', ok: [200] }),
  'POST /api/v1/users': () => ({
    path: '/api/v1/users',
    body: { email: `new${uniq()}@keel.test`, name: 'New User', role: 'viewer', password: PASSWORD },
    ok: [201],
  }),
  'GET /api/v1/users/{id}': () => ({ path: `/api/v1/users/${ctx.base.spareUser}`, ok: [200] }),
  'PATCH /api/v1/users/{id}': async () => ({
    path: `/api/v1/users/${ctx.base.spareUser}`,
    ifMatch: await versionOf(`/api/v1/users/${ctx.base.spareUser}`),
    body: { name: `Spare ${uniq()}` },
    ok: [200],
  }),
  'GET /api/v1/tokens': () => ({ path: '/api/v1/tokens', ok: [200] }),
  'POST /api/v1/tokens': (role) => ({ path: '/api/v1/tokens', body: { name: `token of ${role}` }, ok: [201] }),
  'DELETE /api/v1/tokens/{id}': async (role, allowed) => ({ path: `/api/v1/tokens/${await freshToken(role, allowed)}`, ok: [200] }),
  'GET /api/v1/customers': () => ({ path: '/api/v1/customers', ok: [200] }),
  'POST /api/v1/customers': (role) => ({ path: '/api/v1/customers', body: { name: `Customer of ${role} ${uniq()}` }, ok: [201] }),
  'GET /api/v1/customers/{ref}': () => ({ path: `/api/v1/customers/${ctx.base.customer}`, ok: [200] }),
  'PATCH /api/v1/customers/{ref}': async () => ({
    path: `/api/v1/customers/${ctx.base.customer}`,
    ifMatch: await versionOf(`/api/v1/customers/${ctx.base.customer}`),
    body: { plan: `plan ${uniq()}` },
    ok: [200],
  }),
  'GET /api/v1/customers/{ref}/contacts': () => ({ path: `/api/v1/customers/${ctx.base.customer}/contacts`, ok: [200] }),
  'POST /api/v1/customers/{ref}/contacts': (role) => ({
    path: `/api/v1/customers/${ctx.base.customer}/contacts`,
    body: { name: `Contact of ${role}` },
    ok: [201],
  }),
  'GET /api/v1/feedback': () => ({ path: '/api/v1/feedback', ok: [200] }),
  'POST /api/v1/feedback/import': (role) => ({
    path: '/api/v1/feedback/import?map=text:said',
    headers: { 'Content-Type': 'text/csv' },
    body: `said\nImported by ${role}\n`,
    ok: [200],
  }),
  'GET /api/v1/feedback/export': () => ({ path: '/api/v1/feedback/export?format=csv', ok: [200] }),
  'POST /api/v1/feedback': (role) => ({ path: '/api/v1/feedback', body: { text: `Said to ${role}` }, ok: [201] }),
  'GET /api/v1/feedback/{id}': () => ({ path: `/api/v1/feedback/${ctx.base.feedback}`, ok: [200] }),
  'PATCH /api/v1/feedback/{id}': async (role, allowed) => {
    const f = await freshFeedback(role, allowed); // a contributor may edit only their own, in the inbox
    return { path: `/api/v1/feedback/${f.id}`, ifMatch: f.version, body: { reference: `R-${uniq()}` }, ok: [200] };
  },
  'POST /api/v1/feedback/{id}/link': async (role, allowed) => {
    const f = await freshFeedback('admin', allowed);
    return { path: `/api/v1/feedback/${f.id}/link`, body: { feature: 'PAY-2' }, ok: [201] };
  },
  'DELETE /api/v1/feedback/{id}/links/{link}': async (role, allowed) => {
    const l = await freshLink(allowed);
    return { path: `/api/v1/feedback/${l.feedback}/links/${l.link}`, ok: [200] };
  },
  'GET /api/v1/features/{key}/demand': () => ({ path: '/api/v1/features/PAY-1/demand', ok: [200] }),
  'POST /api/v1/features/{key}/reach-from-demand': async () => ({
    path: '/api/v1/features/PAY-1/reach-from-demand',
    ifMatch: await versionOf('/api/v1/features/PAY-1'),
    ok: [200],
  }),
  'GET /api/v1/ideas/{id}/demand': () => ({ path: `/api/v1/ideas/${ctx.base.idea}/demand`, ok: [200] }),
  'POST /api/v1/ideas/{id}/publish': async (role, allowed) => {
    const i = await freshIdea('admin', allowed);
    return { path: `/api/v1/ideas/${i.id}/publish`, ifMatch: i.version, body: { public_title: `Public by ${role}` }, ok: [200] };
  },
  'POST /api/v1/ideas/{id}/unpublish': async (role, allowed) => {
    const i = await freshPublished(allowed);
    return { path: `/api/v1/ideas/${i.id}/unpublish`, ifMatch: i.version, ok: [200] };
  },
  'GET /api/v1/portal/ideas': () => ({ path: '/api/v1/portal/ideas?sort=newest', ok: [200] }),
  'POST /api/v1/portal/ideas': (role) => ({ path: '/api/v1/portal/ideas', body: { product: 'PAY', title: `Request of ${role}` }, ok: [201] }),
  'GET /api/v1/portal/ideas/{id}': () => ({
    path: `/api/v1/portal/ideas/${ctx.base.publicIdea}`,
    ok: [200],
    check: (r) => assert.equal(r.json.title, 'Public idea'),
  }),
  'POST /api/v1/portal/ideas/{id}/vote': () => ({ path: `/api/v1/portal/ideas/${ctx.base.publicIdea}/vote`, ok: [200] }),
  'DELETE /api/v1/portal/ideas/{id}/vote': () => ({ path: `/api/v1/portal/ideas/${ctx.base.publicIdea}/vote`, ok: [200] }),
  'GET /api/v1/portal/ideas/{id}/comments': () => ({ path: `/api/v1/portal/ideas/${ctx.base.publicIdea}/comments`, ok: [200] }),
  'POST /api/v1/portal/ideas/{id}/comments': (role) => ({
    path: `/api/v1/portal/ideas/${ctx.base.publicIdea}/comments`,
    body: { body: `portal comment by ${role}` },
    ok: [201],
  }),
  'GET /api/v1/portal/requests': () => ({ path: '/api/v1/portal/requests', ok: [200] }),
  'GET /api/v1/portal/products': () => ({ path: '/api/v1/portal/products', ok: [200] }),
  'GET /api/v1/jobs': () => ({ path: '/api/v1/jobs', ok: [200] }),
  'POST /api/v1/ideas/{id}/follow': () => ({
    path: `/api/v1/ideas/${ctx.base.idea}/follow`,
    ok: [200],
    check: (r) => assert.equal(r.json.following, true),
  }),
  'DELETE /api/v1/ideas/{id}/follow': () => ({
    path: `/api/v1/ideas/${ctx.base.idea}/follow`,
    ok: [200],
    check: (r) => assert.equal(r.json.following, false),
  }),
  'GET /api/v1/notifications': () => ({ path: '/api/v1/notifications?unread=true', ok: [200] }),
  'POST /api/v1/notifications/{id}/read': async (role, allowed) => ({
    path: `/api/v1/notifications/${await freshNotification(role, allowed)}/read`,
    ok: [200],
    check: (r) => assert.equal(r.json.read, true),
  }),
  'POST /api/v1/notifications/read-all': () => ({ path: '/api/v1/notifications/read-all', ok: [200] }),
  'GET /api/v1/webhooks': () => ({ path: '/api/v1/webhooks', ok: [200] }),
  'POST /api/v1/webhooks': () => ({
    path: '/api/v1/webhooks',
    body: { url: `http://127.0.0.1:9/role-${uniq()}`, active: false },
    ok: [201],
    check: (r) => assert.match(r.json.secret, /^whsec_/),
  }),
  'GET /api/v1/webhooks/{id}': async (role, allowed) => ({ path: `/api/v1/webhooks/${allowed ? (await freshWebhook()).id : 1}`, ok: [200] }),
  'PATCH /api/v1/webhooks/{id}': async (role, allowed) => {
    const w = allowed ? await freshWebhook() : { id: 1, version: 1 };
    return { path: `/api/v1/webhooks/${w.id}`, ifMatch: w.version, body: { url: 'http://127.0.0.1:9/changed' }, ok: [200] };
  },
  'DELETE /api/v1/webhooks/{id}': async (role, allowed) => ({ path: `/api/v1/webhooks/${allowed ? (await freshWebhook()).id : 1}`, ok: [200] }),
  'GET /api/v1/webhooks/{id}/deliveries': async (role, allowed) => ({
    path: `/api/v1/webhooks/${allowed ? (await freshWebhook()).id : 1}/deliveries`,
    ok: [200],
  }),
  'POST /api/v1/webhooks/{id}/test': async (role, allowed) => ({ path: `/api/v1/webhooks/${allowed ? (await freshWebhook()).id : 1}/test`, ok: [202] }),
  'GET /api/v1/settings': () => ({ path: '/api/v1/settings', ok: [200] }),
  'GET /api/v1/settings/{key}': () => ({ path: '/api/v1/settings/site.url', ok: [200] }),
  'PUT /api/v1/settings/{key}': () => ({ path: '/api/v1/settings/site.url', body: { value: 'https://keel.example.com' }, ok: [200] }),
  'DELETE /api/v1/settings/{key}': () => ({ path: '/api/v1/settings/site.url', ok: [200] }),
  'POST /api/v1/jobs': () => ({ path: '/api/v1/jobs', body: { kind: 'recount' }, ok: [201] }),

  // ---- planning: teams, capacity, dependencies, allocation and the planner ----
  'GET /api/v1/teams': () => ({ path: '/api/v1/teams?product=PAY', ok: [200] }),
  'POST /api/v1/teams': (role) => ({ path: '/api/v1/teams', body: { product: 'PAY', name: `Team of ${role} ${uniq()}` }, ok: [201] }),
  'GET /api/v1/teams/{id}': async () => ({
    path: `/api/v1/teams/${(ctx.base.team ??= await admin('POST', '/api/v1/teams', { product: 'PAY', name: 'Roles team' })).id}`,
    ok: [200],
  }),
  'PATCH /api/v1/teams/{id}': async () => {
    const id = (ctx.base.team ??= await admin('POST', '/api/v1/teams', { product: 'PAY', name: 'Roles team' })).id;
    return { path: `/api/v1/teams/${id}`, ifMatch: await versionOf(`/api/v1/teams/${id}`), body: { wip_limit: uniq() % 7 }, ok: [200] };
  },
  'DELETE /api/v1/teams/{id}': async () => {
    const t = await admin('POST', '/api/v1/teams', { product: 'PAY', name: `Team to remove ${uniq()}` });
    return { path: `/api/v1/teams/${t.id}`, ifMatch: t.version, ok: [200] };
  },
  'PUT /api/v1/teams/{id}/capacity/{period}': async () => ({
    path: `/api/v1/teams/${(ctx.base.team ??= await admin('POST', '/api/v1/teams', { product: 'PAY', name: 'Roles team' })).id}/capacity/2026-Q4`,
    body: { capacity: uniq() },
    ok: [200],
  }),
  'GET /api/v1/features/{key}/dependencies': () => ({ path: '/api/v1/features/PAY-1/dependencies', ok: [200] }),
  'POST /api/v1/features/{key}/dependencies': async () => {
    const f = await admin('POST', '/api/v1/features', { product: 'PAY', title: `Depends on PAY-2 ${uniq()}` });
    return { path: `/api/v1/features/${f.key}/dependencies`, body: { on: 'PAY-2' }, ok: [201] };
  },
  'DELETE /api/v1/features/{key}/dependencies': async () => {
    const f = await admin('POST', '/api/v1/features', { product: 'PAY', title: `Depended on PAY-2 ${uniq()}` });
    await admin('POST', `/api/v1/features/${f.key}/dependencies`, { on: 'PAY-2' });
    return { path: `/api/v1/features/${f.key}/dependencies?on=PAY-2`, ok: [200] };
  },
  'GET /api/v1/products/{key}/allocation': () => ({ path: '/api/v1/products/PAY/allocation?period=2026-Q4', ok: [200] }),
  'PUT /api/v1/products/{key}/allocation': () => ({
    path: '/api/v1/products/PAY/allocation?period=2026-Q4',
    body: { innovation: uniq() % 50, keep_the_lights_on: 20 },
    ok: [200],
  }),
  'GET /api/v1/plan': () => ({ path: '/api/v1/plan?product=PAY', ok: [200] }),

  // ---- pages ----
  'GET /': (role) => ({ path: '/', ok: [303], check: (r) => assert.equal(r.location, role === 'portal' ? '/portal' : '/backlog') }),
  'GET /healthz': () => ({ path: '/healthz', ok: [200], check: (r) => assert.equal(r.text.trim(), 'ok') }),
  'GET /login': (role) => ({ path: '/login', ok: role === 'anonymous' ? [200] : [303] }),
  'POST /login': async (role) => {
    // A valid sign-in needs the keel_login cookie and its twin field from the form.
    const anon = new Web(k);
    const form = await anon.get('/login');
    const loginCsrf = form.text.match(/name="login_csrf" value="([^"]*)"/)[1];
    const web = role === 'anonymous' ? anon : new Web(k);
    if (role !== 'anonymous') {
      for (const [n, v] of ctx.web[role].cookies) web.cookies.set(n, v);
      web.csrf = ctx.web[role].csrf;
      web.cookies.set('keel_login', anon.cookies.get('keel_login'));
    }
    const who = role === 'anonymous' ? 'viewer' : role;
    return {
      web,
      path: '/login',
      form: { login_csrf: loginCsrf, email: `${who}@keel.test`, password: ctx.password[who], next: '/ideas' },
      ok: [303],
      check: (r) => {
        assert.equal(r.location, role === 'portal' ? '/portal' : '/ideas'); // a portal user lands in the portal
        assert.ok(r.setCookies.some((c) => c.name === 'keel_session' && c.value), 'a session cookie');
      },
    };
  },
  'POST /logout': async (role) => ({ web: await freshSession(role), path: '/logout', form: {}, ok: [303] }),
  'GET /backlog': () => ({ path: '/backlog', ok: [200] }),
  'GET /backlog.csv': () => ({ path: '/backlog.csv?product=PAY', ok: [200] }),
  'GET /board': () => ({ path: '/board?product=PAY', ok: [200] }),
  'GET /features/new': () => ({ path: '/features/new?product=PAY', ok: [200] }),
  'POST /features': (role) => ({ path: '/features', form: { product: 'PAY', title: `Form feature by ${role}` }, ok: [303] }),
  'GET /features/{key}': () => ({ path: '/features/PAY-1', ok: [200] }),
  'GET /features/{key}/edit': () => ({ path: '/features/PAY-2/edit', ok: [200] }),
  'POST /features/{key}': async (role) => ({
    path: '/features/PAY-2',
    form: { version: `${await versionOf('/api/v1/features/PAY-2')}`, title: `Edited by ${role}`, description: '', status: 'candidate', horizon: 'later' },
    ok: [303],
  }),
  'POST /features/{key}/move': async () => ({
    path: '/features/PAY-2/move',
    form: { version: `${await versionOf('/api/v1/features/PAY-2')}`, horizon: ['now', 'next'][uniq() % 2], back: '/board?product=PAY' },
    ok: [303],
  }),
  'POST /features/{key}/comments': (role) => ({ path: '/features/PAY-1/comments', form: { body: `form comment by ${role}` }, ok: [303] }),
  'GET /ideas': () => ({ path: '/ideas', ok: [200] }),
  'GET /ideas/mine': () => ({ path: '/ideas/mine', ok: [200] }),
  'GET /ideas/new': () => ({ path: '/ideas/new', ok: [200] }),
  'POST /ideas': (role) => ({ path: '/ideas', form: { product: 'PAY', title: `Form idea by ${role}`, source: 'support' }, ok: [303] }),
  'GET /ideas/{id}': () => ({ path: `/ideas/${ctx.base.idea}`, ok: [200] }),
  'GET /ideas/{id}/edit': async (role, allowed) => ({ path: `/ideas/${(await freshIdea(role, allowed)).id}/edit`, ok: [200] }),
  'POST /ideas/{id}': async (role, allowed) => {
    const i = await freshIdea(role, allowed);
    return { path: `/ideas/${i.id}`, form: { version: `${i.version}`, product: 'PAY', title: `Form edit by ${role}`, source: 'other' }, ok: [303] };
  },
  'POST /ideas/{id}/triage': async (role, allowed) => {
    const i = await freshIdea('admin', allowed);
    return { path: `/ideas/${i.id}/triage`, form: { version: `${i.version}`, action: 'review' }, ok: [303] };
  },
  'GET /search': () => ({ path: '/search?q=shared', ok: [200] }),
  'GET /matrix': () => ({ path: '/matrix', ok: [200] }),
  'GET /matrix.svg': () => ({ path: '/matrix.svg', ok: [200] }),
  'POST /ideas/{id}/merge': async (role, allowed) => {
    const i = await freshIdea('admin', allowed);
    return { path: `/ideas/${i.id}/merge`, form: { version: `${i.version}`, into: `${ctx.base.idea}` }, ok: [303] };
  },
  'POST /ideas/{id}/vote': () => ({ path: `/ideas/${ctx.base.idea}/vote`, form: { vote: 'on' }, ok: [303] }),
  'POST /ideas/{id}/comments': (role) => ({ path: `/ideas/${ctx.base.idea}/comments`, form: { body: `form idea comment by ${role}` }, ok: [303] }),
  'GET /products': () => ({ path: '/products', ok: [200] }),
  'POST /products': () => ({ path: '/products', form: { key: `F${uniq()}`, name: 'Form product' }, ok: [303] }),
  'GET /products/{key}': () => ({ path: '/products/PAY', ok: [200] }),
  'POST /products/{key}': async (role) => ({
    path: '/products/PAY',
    form: { version: `${await versionOf('/api/v1/products/PAY')}`, name: 'Payments', description: `form edit by ${role}` },
    ok: [303],
  }),
  'GET /feedback': () => ({ path: '/feedback', ok: [200] }),
  'GET /feedback/import': () => ({ path: '/feedback/import', ok: [200] }),
  'POST /feedback/import': (role) => ({ path: '/feedback/import', multipart: (csrf) => importForm(csrf, role), ok: [200] }),
  'POST /feedback/import/run': async (role, allowed) => ({
    path: '/feedback/import/run',
    form: { upload: allowed ? await uploadToken(role) : 'x'.repeat(43), map_text: '1' },
    ok: [200],
  }),
  'GET /feedback/new': () => ({ path: '/feedback/new', ok: [200] }),
  'POST /feedback': (role) => ({ path: '/feedback', form: { text: `Form feedback by ${role}`, channel: 'chat' }, ok: [303] }),
  'GET /feedback/{id}': () => ({ path: `/feedback/${ctx.base.feedback}`, ok: [200] }),
  'POST /feedback/{id}': async (role, allowed) => {
    const f = await freshFeedback(role, allowed);
    return { path: `/feedback/${f.id}`, form: { version: `${f.version}`, text: `Edited by ${role}`, channel: 'email' }, ok: [303] };
  },
  'POST /feedback/{id}/status': async (role, allowed) => {
    const f = await freshFeedback('admin', allowed);
    return { path: `/feedback/${f.id}/status`, form: { version: `${f.version}`, status: 'archived' }, ok: [303] };
  },
  'POST /feedback/{id}/link': async (role, allowed) => {
    const f = await freshFeedback('admin', allowed);
    return { path: `/feedback/${f.id}/link`, form: { feature: 'PAY-2', importance: 'critical' }, ok: [303] };
  },
  'POST /feedback/{id}/unlink': async (role, allowed) => {
    const l = await freshLink(allowed);
    return { path: `/feedback/${l.feedback}/unlink`, form: { link: `${l.link}` }, ok: [303] };
  },
  'GET /customers': () => ({ path: '/customers', ok: [200] }),
  'POST /customers': (role) => ({ path: '/customers', form: { name: `Form customer of ${role} ${uniq()}`, arr: '10' }, ok: [303] }),
  'GET /customers/{ref}': () => ({ path: `/customers/${ctx.base.customer}`, ok: [200] }),
  'POST /customers/{ref}': async (role) => ({
    path: `/customers/${ctx.base.customer}`,
    form: { version: `${await versionOf(`/api/v1/customers/${ctx.base.customer}`)}`, name: 'Acme', plan: `form ${role}` },
    ok: [303],
  }),
  'POST /customers/{ref}/contacts': (role) => ({ path: `/customers/${ctx.base.customer}/contacts`, form: { name: `Form contact ${role}` }, ok: [303] }),
  'POST /features/{key}/reach': async () => ({
    path: '/features/PAY-1/reach',
    form: { version: `${await versionOf('/api/v1/features/PAY-1')}` },
    ok: [303],
  }),
  'POST /ideas/{id}/follow': () => ({ path: `/ideas/${ctx.base.idea}/follow`, form: { follow: 'on' }, ok: [303] }),
  'GET /inbox': () => ({ path: '/inbox', ok: [200] }),
  'POST /inbox/{id}/read': async (role, allowed) => ({ path: `/inbox/${await freshNotification(role, allowed)}/read`, form: {}, ok: [303] }),
  'POST /inbox/read-all': () => ({ path: '/inbox/read-all', form: {}, ok: [303] }),
  'GET /admin/webhooks': () => ({ path: '/admin/webhooks', ok: [200] }),
  'POST /admin/webhooks': () => ({ path: '/admin/webhooks', form: { url: `http://127.0.0.1:9/form-${uniq()}` }, ok: [201] }),
  'GET /admin/webhooks/{id}': async (role, allowed) => ({ path: `/admin/webhooks/${allowed ? (await freshWebhook()).id : 1}`, ok: [200] }),
  'POST /admin/webhooks/{id}': async (role, allowed) => {
    const w = allowed ? await freshWebhook() : { id: 1, version: 1 };
    return { path: `/admin/webhooks/${w.id}`, form: { version: `${w.version}`, url: 'http://127.0.0.1:9/form-changed' }, ok: [303] };
  },
  'POST /admin/webhooks/{id}/delete': async (role, allowed) => ({ path: `/admin/webhooks/${allowed ? (await freshWebhook()).id : 1}/delete`, form: {}, ok: [303] }),
  'POST /admin/webhooks/{id}/test': async (role, allowed) => ({ path: `/admin/webhooks/${allowed ? (await freshWebhook()).id : 1}/test`, form: {}, ok: [303] }),
  'GET /admin/settings': () => ({ path: '/admin/settings', ok: [200] }),
  'POST /admin/settings': () => ({ path: '/admin/settings', form: { key: 'site.url', action: 'set', value: 'https://keel.example.com' }, ok: [303] }),
  'POST /ideas/{id}/publish': async (role, allowed) => {
    const i = await freshIdea('admin', allowed);
    return { path: `/ideas/${i.id}/publish`, form: { version: `${i.version}`, public_title: `Form public by ${role}` }, ok: [303] };
  },
  'POST /ideas/{id}/unpublish': async (role, allowed) => {
    const i = await freshPublished(allowed);
    return { path: `/ideas/${i.id}/unpublish`, form: { version: `${i.version}` }, ok: [303] };
  },
  'GET /portal': () => ({ path: '/portal', ok: [200], check: (r) => assert.ok(r.text.includes('Public idea')) }),
  'GET /portal/ideas/{id}': () => ({ path: `/portal/ideas/${ctx.base.publicIdea}`, ok: [200] }),
  'POST /portal/ideas/{id}/vote': () => ({ path: `/portal/ideas/${ctx.base.publicIdea}/vote`, form: { vote: 'on' }, ok: [303] }),
  'POST /portal/ideas/{id}/comments': (role) => ({
    path: `/portal/ideas/${ctx.base.publicIdea}/comments`,
    form: { body: `portal form comment by ${role}` },
    ok: [303],
  }),
  'GET /portal/submit': () => ({ path: '/portal/submit', ok: [200] }),
  'POST /portal/submit': async (role) => {
    const form = { product: 'PAY', title: `Portal form request of ${role}` };
    if (role !== 'anonymous') return { path: '/portal/submit', form, ok: [303] };
    // Anonymous (the setting is on): the form's token must match its cookie.
    const web = new Web(k);
    const page = await web.get('/portal/submit');
    const token = page.text.match(/name="portal_csrf" value="([^"]*)"/)[1];
    return { web, path: '/portal/submit', form: { ...form, name: 'Anna Nonymous', email: 'anna@example.com', portal_csrf: token }, ok: [303] };
  },
  'GET /portal/requests': () => ({ path: '/portal/requests', ok: [200] }),
  'GET /portal/account': () => ({ path: '/portal/account', ok: [200] }),
  'POST /portal/account/password': async (role, allowed) => {
    // Runs after POST /account/password ended the first sessions: a new one, with the current password.
    const next = `portal-${role}-pass-${uniq()}`;
    return {
      web: await freshSession(role),
      path: '/portal/account/password',
      form: { current_password: allowed ? ctx.password[role] : PASSWORD, new_password: next },
      ok: [303],
      check: (r) => r.status === 303 && (ctx.password[role] = next),
    };
  },
  // focus: trade-offs and focus health
  'GET /api/v1/tradeoffs': () => ({ path: '/api/v1/tradeoffs?product=PAY', ok: [200] }),
  'GET /api/v1/focus': () => ({ path: '/api/v1/focus?product=PAY', ok: [200] }),
  'GET /features/{key}/tradeoff': () => ({ path: '/features/PAY-2/tradeoff', ok: [200] }),
  'POST /features/{key}/tradeoff': async () => ({
    path: '/features/PAY-2/tradeoff',
    form: { version: `${await versionOf('/api/v1/features/PAY-2')}`, displace_to: 'next', reason: '' },
    ok: [303],
  }),
  'GET /focus': () => ({ path: '/focus?product=PAY', ok: [200] }),
  'GET /history': () => ({ path: '/history', ok: [200] }),
  'GET /admin/users': () => ({ path: '/admin/users', ok: [200] }),
  'POST /admin/users': () => ({ path: '/admin/users', form: { email: `form${uniq()}@keel.test`, name: 'Form User', role: 'viewer', password: PASSWORD }, ok: [303] }),
  'POST /admin/users/{id}': async () => ({
    path: `/admin/users/${ctx.base.spareUser}`,
    form: { version: `${await versionOf(`/api/v1/users/${ctx.base.spareUser}`)}`, role: 'viewer', active: 'yes' },
    ok: [303],
  }),
  'GET /admin/jobs': () => ({ path: '/admin/jobs', ok: [200] }),
  'POST /admin/jobs': () => ({ path: '/admin/jobs', form: { kind: 'housekeeping' }, ok: [303] }),
  'GET /account': () => ({ path: '/account', ok: [200] }),
  'POST /account/password': (role, allowed) => {
    const next = `form-${role}-pass-${uniq()}`;
    return {
      path: '/account/password',
      form: { current_password: allowed ? ctx.password[role] : PASSWORD, new_password: next },
      ok: [303],
      check: (r) => r.status === 303 && (ctx.password[role] = next),
    };
  },
  'POST /account/tokens': (role) => ({ path: '/account/tokens', form: { name: `form token of ${role}` }, ok: [201] }),
  'POST /account/tokens/{id}/revoke': async (role, allowed) => ({ path: `/account/tokens/${await freshToken(role, allowed)}/revoke`, form: {}, ok: [303] }),
  // planning
  'GET /plan': () => ({ path: '/plan?product=PAY', ok: [200] }),
  'POST /plan/capacity': async () => ({
    path: '/plan/capacity',
    form: {
      product: 'PAY',
      period: '2026-Q4',
      team: String((ctx.base.team ??= await admin('POST', '/api/v1/teams', { product: 'PAY', name: 'Roles team' })).id),
      capacity: String(uniq() % 20),
    },
    ok: [303],
  }),

  // ---- scoring frameworks: scores, criteria, main framework, ranking, and their pages ----
  'GET /api/v1/features/{key}/scores': () => ({ path: '/api/v1/features/PAY-1/scores', ok: [200] }),
  'PUT /api/v1/features/{key}/scores/{framework}': () => ({
    path: '/api/v1/features/PAY-1/scores/wsjf',
    body: { business_value: 8, time_criticality: 5, risk_reduction: 3, job_size: 5 },
    ok: [200],
  }),
  'DELETE /api/v1/features/{key}/scores/{framework}': async (role, allowed) => {
    if (allowed) await admin('PUT', '/api/v1/features/PAY-1/scores/moscow', { category: 'must' });
    return { path: '/api/v1/features/PAY-1/scores/moscow', ok: [200] };
  },
  'GET /api/v1/products/{key}/criteria': () => ({ path: '/api/v1/products/PAY/criteria', ok: [200] }),
  'POST /api/v1/products/{key}/criteria': (role) => ({ path: '/api/v1/products/PAY/criteria', body: { name: `Criterion of ${role} ${uniq()}`, weight: 1 }, ok: [201] }),
  'PATCH /api/v1/criteria/{id}': async (role, allowed) => {
    const c = allowed ? await admin('POST', '/api/v1/products/PAY/criteria', { name: `To edit ${uniq()}`, weight: 1 }) : { id: 1, version: 1 };
    return { path: `/api/v1/criteria/${c.id}`, ifMatch: c.version, body: { weight: 2 }, ok: [200] };
  },
  'DELETE /api/v1/criteria/{id}': async (role, allowed) => {
    const c = allowed ? await admin('POST', '/api/v1/products/PAY/criteria', { name: `To remove ${uniq()}`, weight: 1 }) : { id: 1, version: 1 };
    return { path: `/api/v1/criteria/${c.id}`, ifMatch: c.version, ok: [200] };
  },
  'PUT /api/v1/products/{key}/framework': async () => ({
    path: '/api/v1/products/PAY/framework',
    ifMatch: await versionOf('/api/v1/products/PAY'),
    body: { main_framework: 'rice' },
    ok: [200],
  }),
  'GET /api/v1/products/{key}/ranking': () => ({ path: '/api/v1/products/PAY/ranking?framework=wsjf', ok: [200] }),
  'POST /features/{key}/scores/{framework}': async () => ({
    path: '/features/PAY-1/scores/value_effort',
    form: { version: `${await versionOf('/api/v1/features/PAY-1')}`, value: '6', effort: '3' },
    ok: [303],
  }),
  'POST /features/{key}/scores/{framework}/clear': async (role, allowed) => {
    if (allowed) await admin('PUT', '/api/v1/features/PAY-1/scores/kano', { category: 'attractive' });
    return { path: '/features/PAY-1/scores/kano/clear', form: { version: `${await versionOf('/api/v1/features/PAY-1')}` }, ok: [303] };
  },
  'GET /products/{key}/scoring': () => ({ path: '/products/PAY/scoring', ok: [200] }),
  'POST /products/{key}/scoring/framework': async () => ({
    path: '/products/PAY/scoring/framework',
    form: { version: `${await versionOf('/api/v1/products/PAY')}`, main_framework: 'rice' },
    ok: [303],
  }),
  'POST /products/{key}/criteria': (role) => ({ path: '/products/PAY/criteria', form: { name: `Form criterion of ${role} ${uniq()}`, weight: '2' }, ok: [303] }),
  'POST /criteria/{id}': async (role, allowed) => {
    const c = allowed ? await admin('POST', '/api/v1/products/PAY/criteria', { name: `Form edit ${uniq()}`, weight: 1 }) : { id: 1, version: 1 };
    return { path: `/criteria/${c.id}`, form: { version: `${c.version}`, weight: '3' }, ok: [303] };
  },
  'POST /criteria/{id}/remove': async (role, allowed) => {
    const c = allowed ? await admin('POST', '/api/v1/products/PAY/criteria', { name: `Form remove ${uniq()}`, weight: 1 }) : { id: 1, version: 1 };
    return { path: `/criteria/${c.id}/remove`, form: { version: `${c.version}` }, ok: [303] };
  },

  // ---- assets ----
  'GET /assets/app.css': () => ({ path: '/assets/app.css', ok: [200] }),
  'GET /assets/app.js': () => ({ path: '/assets/app.js', ok: [200] }),
};

const keyOf = (rt) => `${rt.method} ${rt.path}`;

// These end every session of the caller (a password change), so they run after all the others.
const LAST = { 'POST /account/password': 1, 'POST /portal/account/password': 2, 'POST /api/v1/me/password': 3 };

test('the request map covers the route table exactly', () => {
  assert.ok(routes.length > 50, `the route table has ${routes.length} rows`);
  const table = new Set(routes.map(keyOf));
  assert.equal(table.size, routes.length, 'no route appears twice');
  const missing = [...table].filter((key) => !(key in B));
  const stale = Object.keys(B).filter((key) => !table.has(key));
  assert.deepEqual(missing, [], 'routes without a request builder in roles.test.mjs');
  assert.deepEqual(stale, [], 'request builders for routes that are no longer in the table');
  for (const rt of routes) {
    assert.ok(['api', 'page', 'asset'].includes(rt.kind), keyOf(rt));
    assert.equal(rt.public, rt.capability === 'public', `${keyOf(rt)}: public means capability public`);
    if (rt.kind === 'api') assert.ok(rt.path.startsWith('/api/v1/'), `${keyOf(rt)}: API routes live under /api/v1`);
    // Roles are a rising ladder: a role that may, every role above may too.
    const idx = rt.roles.map((r) => LADDER.indexOf(r));
    assert.ok(idx.length > 0 && idx.every((x, i) => x === LADDER.length - idx.length + i), `${keyOf(rt)}: roles ${rt.roles}`);
  }
});

/** Sends one route's request as caller; returns the response. */
async function call(rt, caller, spec) {
  const method = rt.method;
  if (rt.kind === 'api') {
    const token = caller === 'anonymous' ? undefined : ctx.token[caller];
    return k.api(method, spec.path, { token, body: spec.body, ifMatch: spec.ifMatch, headers: spec.headers });
  }
  const web = spec.web || (caller === 'anonymous' ? new Web(k) : ctx.web[caller]);
  if (method === 'GET') return web.get(spec.path);
  if (spec.multipart) return web.request('POST', spec.path, { body: spec.multipart(caller === 'anonymous' ? null : web.csrf) });
  return web.post(spec.path, spec.form || {}, { csrf: caller === 'anonymous' && !spec.web ? null : web.csrf });
}

test('every route × every caller: 401 or a sign-in redirect, 403, or success, as the table says', async (t) => {
  const order = [...routes].sort((a, b) => (LAST[keyOf(a)] ?? 0) - (LAST[keyOf(b)] ?? 0));
  let seen = 0;
  for (const rt of order) {
    const build = B[keyOf(rt)];
    if (!build) continue; // reported by the coverage test
    await t.test(keyOf(rt), async () => {
      for (const caller of CALLERS) {
        const allowed = rt.public || (caller !== 'anonymous' && rt.roles.includes(caller));
        const spec = await build(caller, allowed);
        const r = await call(rt, caller, spec);
        seen++;
        const what = `${keyOf(rt)} as ${caller}`;
        assertSecurityHeaders(r, what);
        if (rt.public) {
          assert.ok(r.status !== 401 && r.status !== 403, `${what}: public route gave ${r.status}`);
          assert.ok(spec.ok.includes(r.status), `${what}: expected ${spec.ok}, got ${r.status}: ${r.text.slice(0, 300)}`);
        } else if (caller === 'anonymous') {
          if (rt.kind === 'page' && rt.method === 'GET') {
            assert.equal(r.status, 303, `${what}: expected a redirect to sign in, got ${r.status}`);
            assert.match(r.location || '', /^\/login\?next=/, `${what}: redirect to ${r.location}`);
          } else {
            assert.equal(r.status, 401, `${what}: expected 401, got ${r.status}: ${r.text.slice(0, 200)}`);
          }
        } else if (!allowed) {
          assert.equal(r.status, 403, `${what}: expected 403 (roles ${rt.roles}), got ${r.status}: ${r.text.slice(0, 200)}`);
        } else {
          assert.ok(r.status !== 401 && r.status !== 403, `${what}: refused with ${r.status}: ${r.text.slice(0, 300)}`);
          assert.ok(spec.ok.includes(r.status), `${what}: expected ${spec.ok}, got ${r.status}: ${r.text.slice(0, 300)}`);
        }
        if (rt.kind === 'api' && r.status >= 400) assert.ok(r.json?.error?.code, `${what}: an API error is JSON`);
        if (allowed && spec.check) spec.check(r);
      }
    });
  }
  assert.equal(seen, routes.length * CALLERS.length);
  t.diagnostic(`${seen} requests`);
});

test('pages and lists are each caller\'s own, however often they are asked for (no cross-user cache hits)', async () => {
  // Each worker thread keeps its own cache; asking several times reaches all of them.
  const who = (html) => html.match(/<div class="who"><a href="\/account" title="([^"]*)">/)?.[1];
  const webs = {};
  for (const role of ROLES) webs[role] = await k.session(k.users[role].email, ctx.password[role]);
  for (let round = 0; round < 4; round++) {
    for (const p of ['/board?product=PAY', '/backlog?product=PAY', '/ideas']) {
      for (const role of ROLES) {
        for (const [how, r] of [['token', await k.api('GET', p, { token: ctx.token[role] })], ['session', await webs[role].get(p)]]) {
          assert.equal(r.status, 200, `${p} as ${role} by ${how}`);
          assert.equal(who(r.text), `${role}@keel.test`, `${p} as ${role} by ${how}: the page is someone else's (${r.headers.get('x-keel-cache')})`);
          const csrf = r.text.match(/<meta name="csrf-token" content="([^"]*)">/)?.[1];
          assert.equal(csrf, how === 'session' ? webs[role].csrf : undefined, `${p} as ${role} by ${how}: CSRF token`);
          const canDrag = /data-board|data-drag-list="rank"/.test(r.text);
          if (p !== '/ideas') assert.equal(canDrag, role === 'pm' || role === 'admin', `${p} as ${role}: drag and drop only for PMs`);
        }
      }
    }
    const ideas = await Promise.all(ROLES.map((role) => k.api('GET', '/api/v1/ideas?limit=100', { token: ctx.token[role] })));
    for (const [i, role] of ROLES.entries()) {
      const shared = ideas[i].json.items.find((x) => x.id === ctx.base.idea);
      assert.ok(shared, `the shared idea is listed for ${role}`);
      const mine = await k.api('GET', `/api/v1/ideas/${ctx.base.idea}`, { token: ctx.token[role] });
      assert.equal(shared.voted, mine.json.voted, `/api/v1/ideas "voted" is ${role}'s own`);
    }
  }
});

test('sessions ended by a password change are gone; the new password works', async () => {
  // POST /account/password ran last but one: every role's first session ended with it.
  for (const role of ROLES) {
    const r = await ctx.web[role].get('/account');
    assert.equal(r.status, 303, `${role}'s old session should have ended`);
    const again = await k.session(k.users[role].email, ctx.password[role]);
    assert.equal((await again.get('/account')).status, 200);
  }
});

test('GET /api/v1/openapi.json lists every API route of the table, and only those', async () => {
  const r = await k.api('GET', '/api/v1/openapi.json');
  assert.equal(r.status, 200);
  assertSecurityHeaders(r, 'openapi.json');
  const doc = r.json;
  assert.match(doc.openapi, /^3\./);
  const api = routes.filter((rt) => rt.kind === 'api');
  for (const rt of api) {
    const op = doc.paths[rt.path]?.[rt.method.toLowerCase()];
    assert.ok(op, `openapi.json lacks ${keyOf(rt)}`);
    assert.deepEqual(op['x-keel-roles'], rt.roles, `${keyOf(rt)}: roles`);
    assert.equal(op['x-keel-capability'], rt.capability, `${keyOf(rt)}: capability`);
    const params = (rt.path.match(/\{(\w+)\}/g) || []).map((p) => p.slice(1, -1));
    for (const p of params) assert.ok(op.parameters.some((x) => x.in === 'path' && x.name === p), `${keyOf(rt)}: path parameter ${p}`);
    if (!rt.public) assert.ok(op.security, `${keyOf(rt)}: security`);
  }
  const listed = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
  assert.deepEqual(listed.sort(), api.map(keyOf).sort(), 'openapi.json lists exactly the API routes');
});

test('summary', (t) => {
  t.diagnostic(`${checkCount()} checks`);
});
