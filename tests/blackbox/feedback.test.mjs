// feedback.test.mjs — customers, feedback, links and demand through the real
// binary: the API contract of issue 4 (customers, feedback with total and
// paging, links with quotes and importance, a feature's demand), the CLI
// reading what the API wrote and the other way round, bad input that changes
// nothing, permissions per role, and the pages (the inbox, an item, a
// customer, the demand panel on a feature) with hostile text escaped.
import { after, before, test } from 'node:test';

import { assert, assertHtmlDocument, checkCount, htmlDecode, Keel, PASSWORD, Web } from './lib.mjs';

let k;
let T; // role -> API token
const E = { viewer: 'viewer@keel.test', contributor: 'contributor@keel.test', pm: 'pm@keel.test', admin: 'admin@keel.test' };
const HOSTILE = '<script>alert(1)</script> & "quotes" \'too\'';
let acme, birch, feat, idea;

before(async () => {
  k = await Keel.start();
  T = Object.fromEntries(Object.entries(k.users).map(([r, u]) => [r, u.token]));
  assert.equal((await k.api('POST', '/api/v1/products', { token: T.pm, body: { key: 'PAY', name: 'Payments' } })).status, 201);
  const f = await k.api('POST', '/api/v1/features', {
    token: T.pm,
    body: { product: 'PAY', title: 'Bulk refunds', rice: { reach: 500, impact: 2, confidence: 80, effort: 4 } },
  });
  assert.equal(f.status, 201, f.text);
  feat = f.json;
  const i = await k.api('POST', '/api/v1/ideas', {
    token: T.contributor,
    body: { product: 'PAY', title: 'Refund many orders at once', source: 'customer' },
  });
  assert.equal(i.status, 201, i.text);
  idea = i.json;
});
after(async () => {
  await k?.stop();
});

test('customers: created through the API (contract) and the CLI, read through both', async () => {
  const r = await k.api('POST', '/api/v1/customers', { token: T.pm, body: { name: 'Acme', segment: 'enterprise', arr: 120000 } });
  assert.equal(r.status, 201, r.text);
  assert.equal(typeof r.json.id, 'number');
  assert.equal(r.location, `/api/v1/customers/${r.json.id}`);
  assert.equal(r.etag, '"1"');
  acme = r.json;
  const cli = await k.cliJson(['customer', 'add', 'Birch Bakery', '--segment', 'SMB', '--arr', '9000', '--plan', 'Starter'], {
    user: E.pm,
  });
  assert.equal(cli.segment, 'smb');
  birch = cli;
  const byName = await k.api('GET', '/api/v1/customers/birch%20bakery', { token: T.viewer });
  assert.equal(byName.status, 200, byName.text);
  assert.equal(byName.json.id, birch.id);
  assert.equal(byName.json.plan, 'Starter');
  const list = await k.cliJson(['customer', 'list', '--sort', 'arr']);
  assert.deepEqual(list.items.map((c) => c.name), ['Acme', 'Birch Bakery']);
  const contact = await k.api('POST', `/api/v1/customers/${acme.id}/contacts`, {
    token: T.pm,
    body: { name: 'Jo Bloggs', email: 'Jo@Acme.test' },
  });
  assert.equal(contact.status, 201, contact.text);
  assert.equal(contact.json.email, 'jo@acme.test');
  const shown = await k.cliJson(['customer', 'show', 'acme']);
  assert.equal(shown.contacts.length, 1);
  assert.equal(shown.contacts[0].name, 'Jo Bloggs');

  // Bad input changes nothing.
  const audit = await k.auditCount();
  for (const [body, status, field] of [
    [{ name: 'ACME ' }, 409, 'name'],
    [{ name: 'X', arr: -5 }, 422, 'arr'],
    [{ name: 'X', arr: '5' }, 422, 'arr'],
    [{ name: '' }, 422, 'name'],
    [{ name: 'X', colour: 'red' }, 400, null],
  ]) {
    const bad = await k.api('POST', '/api/v1/customers', { token: T.pm, body });
    assert.equal(bad.status, status, `${JSON.stringify(body)}: ${bad.text}`);
    if (field) assert.equal(bad.json.error.field, field);
  }
  assert.equal((await k.api('POST', '/api/v1/customers', { token: T.contributor, body: { name: 'X' } })).status, 403);
  assert.equal((await k.api('POST', '/api/v1/customers', { body: { name: 'X' } })).status, 401);
  const noMatch = await k.api('PATCH', `/api/v1/customers/${acme.id}`, { token: T.pm, body: { arr: 1 } });
  assert.equal(noMatch.status, 428);
  const stale = await k.api('PATCH', `/api/v1/customers/${acme.id}`, { token: T.pm, body: { arr: 1 }, ifMatch: 7 });
  assert.equal(stale.status, 412);
  assert.equal(await k.auditCount(), audit);
  const ok = await k.api('PATCH', `/api/v1/customers/${acme.id}`, { token: T.pm, body: { arr: 150000 }, ifMatch: 1 });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.arr, 150000);
  assert.equal(ok.etag, '"2"');
});

test('feedback: the API contract, totals and paging, tags, and the CLI reading it', async () => {
  const r = await k.api('POST', '/api/v1/feedback', {
    token: T.contributor,
    body: { text: 'We refund 300 orders by hand after every outage.', channel: 'support', customer: acme.id },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(typeof r.json.id, 'number');
  assert.equal(r.json.status, 'inbox');
  assert.deepEqual(r.json.customer, { id: acme.id, name: 'Acme' });
  const f2 = await k.api('POST', '/api/v1/feedback', {
    token: T.contributor,
    body: {
      text: 'Refunds one by one are killing our support team.',
      channel: 'sales_call',
      customer_name: 'Cobalt Logistics', // a new customer, added on the way
      contact_email: 'ops@cobalt.test',
      contact_name: 'Ops Desk',
      product: 'PAY',
      received_at: '2026-11-02T09:30:00Z',
      reference: 'https://crm.example.test/calls/881',
      tags: ['Refunds', 'support load', 'refunds'],
      attributes: { country: 'NL', plan: 'pro', seats: 40 },
    },
  });
  assert.equal(f2.status, 201, f2.text);
  assert.deepEqual(f2.json.tags, ['refunds', 'support-load']);
  assert.deepEqual(f2.json.attributes, { country: 'NL', plan: 'pro', seats: 40 });
  assert.equal(f2.json.received_at, '2026-11-02T09:30:00Z');
  assert.equal(f2.json.contact.name, 'Ops Desk');
  const cobalt = await k.api('GET', '/api/v1/customers/Cobalt%20Logistics', { token: T.viewer });
  assert.equal(cobalt.status, 200);
  const cli = await k.cliJson(['feedback', 'add', '--text', '-', '--channel', 'interview', '--customer', 'Birch Bakery',
    '--tags', 'refunds'], { user: E.contributor, input: 'A bulk refund button would save us hours.\nEvery week.' });
  assert.equal(cli.text, 'A bulk refund button would save us hours.\nEvery week.');
  assert.equal(cli.customer.id, birch.id);

  const page1 = await k.api('GET', '/api/v1/feedback?limit=2', { token: T.viewer });
  assert.equal(page1.status, 200, page1.text);
  assert.equal(page1.json.total, 3);
  assert.equal(page1.json.items.length, 2);
  assert.ok(page1.json.next);
  const page2 = await k.api('GET', `/api/v1/feedback?limit=2&after=${encodeURIComponent(page1.json.next)}`, { token: T.viewer });
  assert.equal(page2.json.items.length, 1);
  assert.equal(page2.json.next, null);
  const ids = [...page1.json.items, ...page2.json.items].map((x) => x.id);
  assert.equal(new Set(ids).size, 3);
  const tagged = await k.api('GET', '/api/v1/feedback?tag=Refunds', { token: T.viewer });
  assert.equal(tagged.json.total, 2);
  const fromAcme = await k.cliJson(['feedback', 'list', '--customer', 'acme']);
  assert.equal(fromAcme.total, 1);
  assert.equal(fromAcme.items[0].id, r.json.id);

  // Bad input: a clear error, and nothing written.
  const audit = await k.auditCount();
  for (const [body, status, field] of [
    [{}, 422, 'text'],
    [{ text: 'x', channel: 'fax' }, 422, 'channel'],
    [{ text: 'x', customer: 99999 }, 422, 'customer'],
    [{ text: 'x', customer: 'Acme' }, 422, 'customer'],
    [{ text: 'x', received_at: 'last Tuesday' }, 422, 'received_at'],
    [{ text: 'x', tags: 'refunds' }, 422, 'tags'],
    [{ text: 'x', tags: ['a,b'] }, 422, 'tags'],
    [{ text: 'x', attributes: [1] }, 422, 'attributes'],
    [{ text: 'x', mood: 'angry' }, 400, null],
  ]) {
    const bad = await k.api('POST', '/api/v1/feedback', { token: T.pm, body });
    assert.equal(bad.status, status, `${JSON.stringify(body)}: ${bad.text}`);
    if (field) assert.equal(bad.json.error.field, field, bad.text);
  }
  const malformed = await k.api('POST', '/api/v1/feedback', { token: T.pm, body: '{"text": "x",' });
  assert.equal(malformed.status, 400);
  assert.match(malformed.json.error.message, /line 1, column/);
  assert.equal((await k.api('POST', '/api/v1/feedback', { token: T.viewer, body: { text: 'x' } })).status, 403);
  assert.equal((await k.api('GET', '/api/v1/feedback?colour=red', { token: T.viewer })).status, 400);
  assert.equal((await k.api('GET', '/api/v1/feedback?after=nonsense', { token: T.viewer })).status, 422);
  assert.equal(await k.auditCount(), audit);
});

test('links: the quote that matters and its importance; the inbox empties; demand adds up', async () => {
  const inbox = await k.api('GET', '/api/v1/feedback?status=inbox', { token: T.pm });
  const acmeItem = inbox.json.items.find((x) => x.customer?.name === 'Acme');
  const cobaltItem = inbox.json.items.find((x) => x.customer?.name === 'Cobalt Logistics');
  const birchItem = inbox.json.items.find((x) => x.customer?.name === 'Birch Bakery');

  // The contract: link to a feature by key with a quote and importance.
  const l1 = await k.api('POST', `/api/v1/feedback/${acmeItem.id}/link`, {
    token: T.pm,
    body: { feature: feat.key, quote: '300 orders by hand', importance: 'critical' },
  });
  assert.equal(l1.status, 201, l1.text);
  assert.equal(l1.json.feature, feat.key);
  assert.equal(l1.json.importance, 'critical');
  // …or to an idea by id; through the CLI too.
  const l2 = await k.api('POST', `/api/v1/feedback/${cobaltItem.id}/link`, { token: T.pm, body: { idea: idea.id } });
  assert.equal(l2.status, 201, l2.text);
  assert.equal(l2.json.importance, 'important');
  const l3 = await k.cliJson(['feedback', 'link', String(birchItem.id), '--feature', feat.key, '--importance', 'nice_to_have'], {
    user: E.pm,
  });
  assert.equal(l3.feature, feat.key);

  // Refused, and nothing changes: not the customer's words, twice the same, both targets, contributors.
  const audit = await k.auditCount();
  const notSaid = await k.api('POST', `/api/v1/feedback/${acmeItem.id}/link`, {
    token: T.pm,
    body: { idea: idea.id, quote: 'we would pay double' },
  });
  assert.equal(notSaid.status, 422);
  assert.equal(notSaid.json.error.field, 'quote');
  assert.equal((await k.api('POST', `/api/v1/feedback/${acmeItem.id}/link`, { token: T.pm, body: { feature: feat.key } })).status, 409);
  assert.equal((await k.api('POST', `/api/v1/feedback/${acmeItem.id}/link`, { token: T.pm, body: { feature: feat.key, idea: idea.id } })).status, 422);
  assert.equal((await k.api('POST', `/api/v1/feedback/${acmeItem.id}/link`, { token: T.pm, body: { feature: 'PAY-404' } })).status, 422);
  assert.equal((await k.api('POST', `/api/v1/feedback/${acmeItem.id}/link`, { token: T.contributor, body: { idea: idea.id } })).status, 403);
  assert.equal((await k.api('POST', '/api/v1/feedback/99999/link', { token: T.pm, body: { idea: idea.id } })).status, 404);
  assert.equal(await k.auditCount(), audit);

  const got = await k.api('GET', `/api/v1/feedback/${acmeItem.id}`, { token: T.viewer });
  assert.equal(got.json.status, 'linked');
  assert.equal(got.json.linked.length, 1);
  assert.equal(got.json.linked[0].quote, '300 orders by hand');
  assert.equal((await k.api('GET', '/api/v1/feedback?status=inbox', { token: T.pm })).json.total, 0);

  // The idea joins the feature: its demand counts for the feature too.
  const promoted = await k.api('POST', `/api/v1/ideas/${idea.id}/promote`, { token: T.pm, body: { feature: feat.key }, ifMatch: idea.version });
  assert.equal(promoted.status, 200, promoted.text);

  const d = await k.api('GET', `/api/v1/features/${feat.key}/demand`, { token: T.viewer });
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.customers, 3);
  assert.equal(d.json.arr, 150000 + 9000);
  assert.deepEqual(d.json.by_segment, {
    enterprise: { customers: 1, arr: 150000 },
    smb: { customers: 1, arr: 9000 },
    '(none)': { customers: 1, arr: 0 },
  });
  assert.equal(d.json.quotes.length, 3);
  assert.equal(d.json.quotes[0].quote, '300 orders by hand'); // critical first
  assert.equal(d.json.quotes[0].customer.name, 'Acme');
  assert.ok(d.json.quotes.some((q) => q.via === `idea ${idea.id}`));
  const cliDemand = await k.cliJson(['feature', 'demand', feat.key]);
  assert.deepEqual(cliDemand, d.json);

  // Demand as RICE reach: shown in the score, with If-Match.
  const cur = await k.api('GET', `/api/v1/features/${feat.key}`, { token: T.pm });
  assert.equal((await k.api('POST', `/api/v1/features/${feat.key}/reach-from-demand`, { token: T.pm })).status, 428);
  const reach = await k.api('POST', `/api/v1/features/${feat.key}/reach-from-demand`, { token: T.pm, ifMatch: cur.json.version });
  assert.equal(reach.status, 200, reach.text);
  assert.equal(reach.json.rice.reach, 3);
  assert.equal((await k.api('POST', `/api/v1/features/${feat.key}/reach-from-demand`, { token: T.viewer, ifMatch: reach.json.version })).status, 403);

  // Unlinking puts an item back in the inbox.
  const un = await k.api('DELETE', `/api/v1/feedback/${birchItem.id}/links/${l3.id}`, { token: T.pm });
  assert.equal(un.status, 200, un.text);
  const back = await k.api('GET', `/api/v1/feedback/${birchItem.id}`, { token: T.pm });
  assert.equal(back.json.status, 'inbox');
  assert.equal((await k.api('GET', `/api/v1/features/${feat.key}/demand`, { token: T.pm })).json.customers, 2);

  // Archive with If-Match; a linked item cannot be archived.
  const arch = await k.api('PATCH', `/api/v1/feedback/${birchItem.id}`, { token: T.pm, body: { status: 'archived' }, ifMatch: back.json.version });
  assert.equal(arch.status, 200, arch.text);
  assert.equal(arch.json.status, 'archived');
  const linked = await k.api('GET', `/api/v1/feedback/${acmeItem.id}`, { token: T.pm });
  const refused = await k.api('PATCH', `/api/v1/feedback/${acmeItem.id}`, { token: T.pm, body: { status: 'archived' }, ifMatch: linked.json.version });
  assert.equal(refused.status, 409);
});

test('pages: the inbox, an item with its links, a customer, and the demand panel; hostile text escaped', async () => {
  const hostile = await k.api('POST', '/api/v1/feedback', {
    token: T.contributor,
    body: { text: `The export says ${HOSTILE}`, customer_name: HOSTILE, tags: ['x'] },
  });
  assert.equal(hostile.status, 201, hostile.text);
  const web = new Web(k);
  await web.login(E.pm, PASSWORD);
  const inbox = await web.get('/feedback');
  assert.equal(inbox.status, 200);
  assertHtmlDocument(inbox.text, '/feedback');
  assert.ok(!inbox.text.includes('<script>alert(1)'), 'the inbox escapes what customers wrote');
  assert.ok(htmlDecode(inbox.text).includes(`The export says ${HOSTILE}`));
  const item = await web.get(`/feedback/${hostile.json.id}`);
  assert.equal(item.status, 200);
  assertHtmlDocument(item.text, 'a feedback item');
  assert.ok(!item.text.includes('<script>alert(1)'));
  assert.match(item.text, /Link it/);

  // Link through the page form.
  const linked = await web.post(`/feedback/${hostile.json.id}/link`, { feature: feat.key, quote: 'The export says', importance: 'important' });
  assert.equal(linked.status, 303, linked.text.slice(0, 300));
  const after = await web.get(`/feedback/${hostile.json.id}`);
  assert.match(after.text, new RegExp(`href="/features/${feat.key}"`));
  assert.match(htmlDecode(after.text), /The export says/);
  const badQuote = await web.post(`/feedback/${hostile.json.id}/link`, { idea: String(idea.id), quote: 'made up words' });
  assert.equal(badQuote.status, 422);
  assert.match(htmlDecode(badQuote.text), /words from the feedback/);

  const featurePage = await web.get(`/features/${feat.key}`);
  assert.equal(featurePage.status, 200);
  assert.match(featurePage.text, /Who wants it/);
  assert.match(htmlDecode(featurePage.text), /Acme/);
  assert.ok(!featurePage.text.includes('<script>alert(1)'));

  const customers = await web.get('/customers');
  assert.equal(customers.status, 200);
  assert.match(customers.text, /Birch Bakery/);
  const acmePage = await web.get(`/customers/${acme.id}`);
  assert.equal(acmePage.status, 200);
  assert.match(htmlDecode(acmePage.text), /We refund 300 orders by hand/);
  assert.match(htmlDecode(acmePage.text), /Jo Bloggs/);

  // Record feedback through the form; a viewer may not.
  const created = await web.post('/feedback', { text: 'Dark mode please', channel: 'chat', customer: 'Acme', tags: 'ui, Dark Mode' });
  assert.equal(created.status, 303, created.text.slice(0, 300));
  const viewer = new Web(k);
  await viewer.login(E.viewer, PASSWORD);
  assert.equal((await viewer.post('/feedback', { text: 'x' })).status, 403);
  assert.equal((await viewer.get('/feedback')).status, 200);
  const anonymous = await new Web(k).get('/feedback');
  assert.equal(anonymous.status, 303);
});

test('summary', (t) => {
  t.diagnostic(`${checkCount()} checks`);
});
