// slice.test.mjs — the daily slice end to end, through the CLI and the JSON API
// of the real binary: products, ideas from a contributor, triage (review,
// promote, decline, duplicate, reopen), votes, scored features, ETag/If-Match,
// ranking and the board, sorting and paging, filters, the audit trail and
// comments. Both doors must agree: what one writes, the other reads.
import { after, before, test } from 'node:test';

import { assert, checkCount, Keel } from './lib.mjs';

let k;
let T; // role -> API token
const E = { viewer: 'viewer@keel.test', contributor: 'contributor@keel.test', pm: 'pm@keel.test', admin: 'admin@keel.test' };

before(async () => {
  k = await Keel.start();
  T = Object.fromEntries(Object.entries(k.users).map(([r, u]) => [r, u.token]));
});
after(async () => {
  await k?.stop();
});

const rice = (r) => (r.reach * r.impact * (r.confidence / 100)) / r.effort;

/** GET one record; asserts 200 and that ETag is the body's version. */
async function getOne(p, token = T.pm) {
  const r = await k.api('GET', p, { token });
  assert.equal(r.status, 200, `GET ${p}: ${r.text}`);
  assert.equal(r.etag, `"${r.json.version}"`, `GET ${p}: ETag must be the version`);
  return r.json;
}

/** All PAY features (every status) in rank order, as the API lists them. */
async function rankOrder(product = 'PAY') {
  const r = await k.api('GET', `/api/v1/features?product=${product}&status=all&sort=rank&limit=100`, { token: T.viewer });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.next, null);
  return r.json.items.map((f) => f.key);
}

// ---------------------------------------------------------------------------

test('products: added through the CLI and the API, each readable through the other', async () => {
  const cli = await k.cliJson(['product', 'add', 'PAY', '--name', 'Payments', '--description', 'Checkout and *payouts*'], {
    user: E.pm,
  });
  assert.equal(cli.key, 'PAY');
  assert.equal(cli.version, 1);

  const api = await k.api('POST', '/api/v1/products', { token: T.pm, body: { key: 'INS', name: 'Insights' } });
  assert.equal(api.status, 201, api.text);
  assert.equal(api.location, '/api/v1/products/INS');
  assert.equal(api.etag, '"1"');
  assert.equal(api.json.name, 'Insights');

  const pay = await getOne('/api/v1/products/PAY', T.viewer);
  assert.equal(pay.name, 'Payments');
  assert.equal(pay.description, 'Checkout and *payouts*');
  const ins = await k.cliJson(['product', 'show', 'INS']);
  assert.equal(ins.name, 'Insights');
  assert.equal(ins.id, api.json.id);

  const list = await k.api('GET', '/api/v1/products', { token: T.contributor });
  assert.deepEqual(list.json.items.map((p) => p.key).sort(), ['INS', 'PAY']);
  const cliList = await k.cliJson(['product', 'list']);
  assert.deepEqual(cliList.items.map((p) => p.key).sort(), ['INS', 'PAY']);

  // A duplicate key is a conflict, through either door.
  const dup = await k.api('POST', '/api/v1/products', { token: T.pm, body: { key: 'PAY', name: 'Again' } });
  assert.equal(dup.status, 409, dup.text);
  const dupCli = await k.cli(['product', 'add', 'INS', '--name', 'Again']);
  assert.equal(dupCli.code, 6, dupCli.stderr);
});

// The PAY backlog used by the rest of the file. RICE = reach × impact × confidence% ÷ effort.
const SPECS = [
  { title: 'Wallet checkout', horizon: 'now', rice: { reach: 450, impact: 3, confidence: 100, effort: 2 }, ice: { impact: 8, confidence: 7, ease: 5 } },
  { title: 'Saved cards', horizon: 'now', rice: { reach: 2600, impact: 2, confidence: 80, effort: 2 } },
  { title: 'Smart retries', horizon: 'next', cli: true, rice: { reach: 900, impact: 3, confidence: 100, effort: 1.5 }, ice: { impact: 9, confidence: 9, ease: 7 } },
  { title: 'Partial refunds', horizon: 'next', status: 'planned', rice: { reach: 1500, impact: 1, confidence: 80, effort: 2 } },
  { title: 'Multi-currency pricing', horizon: 'later', rice: { reach: 3100, impact: 1, confidence: 50, effort: 4 } },
  { title: 'Invoice PDFs', horizon: 'later', cli: true, ice: { impact: 7, confidence: 8, ease: 8 } },
  { title: 'Crypto payments', horizon: 'unplanned' },
  { title: '3-D Secure challenge flow', horizon: 'now', status: 'shipped', rice: { reach: 6000, impact: 2, confidence: 100, effort: 1 } },
  { title: 'Tie score A', horizon: 'later', rice: { reach: 100, impact: 1, confidence: 100, effort: 1 } },
  { title: 'Tie score B', horizon: 'later', cli: true, rice: { reach: 200, impact: 0.5, confidence: 100, effort: 1 } },
  { title: 'Payout splitting', horizon: 'unplanned', status: 'in_progress' },
];

test('features: RICE and ICE through the API (Intercom example = 675) and the CLI, read back through both', async () => {
  for (const [i, s] of SPECS.entries()) {
    const key = `PAY-${i + 1}`;
    let created;
    if (s.cli) {
      const args = ['feature', 'add', '--product', 'PAY', '--title', s.title, '--horizon', s.horizon];
      if (s.status) args.push('--status', s.status);
      if (s.rice) args.push('--reach', `${s.rice.reach}`, '--impact', `${s.rice.impact}`, '--confidence', `${s.rice.confidence}`, '--effort', `${s.rice.effort}`);
      if (s.ice) args.push('--ice-impact', `${s.ice.impact}`, '--ice-confidence', `${s.ice.confidence}`, '--ice-ease', `${s.ice.ease}`);
      created = await k.cliJson(args, { user: E.pm });
    } else {
      const body = { product: 'PAY', title: s.title, horizon: s.horizon };
      if (s.status) body.status = s.status;
      if (s.rice) body.rice = s.rice;
      if (s.ice) body.ice = s.ice;
      const r = await k.api('POST', '/api/v1/features', { token: T.pm, body });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.location, `/api/v1/features/${key}`);
      assert.equal(r.etag, '"1"');
      created = r.json;
    }
    assert.equal(created.key, key);
    // Read it through the other door and compare.
    const f = await getOne(`/api/v1/features/${key}`, T.viewer);
    assert.equal(f.title, s.title);
    assert.equal(f.horizon, s.horizon);
    assert.equal(f.status, s.status || 'candidate');
    assert.deepEqual(f.rice, s.rice || null);
    assert.deepEqual(f.ice, s.ice || null);
    assert.equal(f.scores.rice, s.rice ? rice(s.rice) : null, `${key} RICE`);
    assert.equal(f.scores.ice, s.ice ? s.ice.impact * s.ice.confidence * s.ice.ease : null, `${key} ICE`);
    assert.equal(f.created_by, 'Pia Productowner');
    const viaCli = await k.cliJson(['feature', 'show', key]);
    assert.deepEqual(viaCli, f, `${key}: CLI and API disagree`);
  }
  // The Intercom example, spelled out.
  const intercom = await getOne('/api/v1/features/PAY-1');
  assert.equal(intercom.scores.rice, 675);
  assert.equal(intercom.scores.ice, 280);
  const text = await k.cli(['feature', 'show', 'PAY-1']);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /450 reach × 3 impact × 100% confidence ÷ 2 person-months = 675/);
  assert.match(text.stdout, /8 impact × 7 confidence × 5 ease = 280/);

  // One INS feature, to prove the product filter filters.
  const ins = await k.api('POST', '/api/v1/features', { token: T.admin, body: { product: 'INS', title: 'Revenue dashboard', rice: { reach: 10, impact: 1, confidence: 50, effort: 1 } } });
  assert.equal(ins.status, 201, ins.text);
  assert.equal(ins.json.key, 'INS-1');
});

test('GET gives an ETag; PATCH needs If-Match: 428 without, 412 stale, 200 fresh with a new ETag', async () => {
  const v1 = await getOne('/api/v1/features/PAY-2');
  assert.equal(v1.version, 1);

  const none = await k.api('PATCH', '/api/v1/features/PAY-2', { token: T.pm, body: { title: 'Saved cards v2' } });
  assert.equal(none.status, 428, none.text);
  assert.equal(none.json.error.field, 'If-Match');
  assert.deepEqual(await getOne('/api/v1/features/PAY-2'), v1, '428 must change nothing');

  const ok = await k.api('PATCH', '/api/v1/features/PAY-2', { token: T.pm, ifMatch: v1.version, body: { title: 'Saved cards for returning shoppers' } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.etag, '"2"');
  assert.equal(ok.json.version, 2);
  assert.equal(ok.json.title, 'Saved cards for returning shoppers');
  assert.deepEqual(ok.json.rice, v1.rice, 'fields not sent stay as they were');

  const stale = await k.api('PATCH', '/api/v1/features/PAY-2', { token: T.admin, ifMatch: v1.version, body: { title: 'Lost update' } });
  assert.equal(stale.status, 412, stale.text);
  assert.equal(stale.json.error.code.length > 0, true);
  const v2 = await getOne('/api/v1/features/PAY-2');
  assert.equal(v2.title, 'Saved cards for returning shoppers', 'a stale write must not be applied');
  assert.equal(v2.version, 2);

  // rice merges: one input changes, the others stay; the score follows.
  const merged = await k.api('PATCH', '/api/v1/features/PAY-2', { token: T.pm, ifMatch: '"2"', body: { rice: { confidence: 100 } } });
  assert.equal(merged.status, 200, merged.text);
  assert.equal(merged.etag, '"3"');
  assert.deepEqual(merged.json.rice, { reach: 2600, impact: 2, confidence: 100, effort: 2 });
  assert.equal(merged.json.scores.rice, 2600);
  // ...and null clears; a weak ETag is accepted too.
  const cleared = await k.api('PATCH', '/api/v1/features/PAY-11', { token: T.pm, ifMatch: 'W/"1"', body: { ice: null, description: 'Split payouts' } });
  assert.equal(cleared.status, 200, cleared.text);
  assert.equal(cleared.json.ice, null);
  assert.equal(cleared.json.description, 'Split payouts');

  // The CLI speaks versions too.
  const cliStale = await k.cli(['feature', 'edit', 'PAY-2', '--title', 'CLI edit', '--if-version', '2'], { user: E.pm });
  assert.equal(cliStale.code, 6, cliStale.stderr);
  const cliOk = await k.cliJson(['feature', 'edit', 'PAY-2', '--title', 'Saved cards', '--if-version', '3'], { user: E.pm });
  assert.equal(cliOk.version, 4);
  assert.equal((await getOne('/api/v1/features/PAY-2')).title, 'Saved cards');
});

// Ideas: one from each source, from a contributor, half through each door.
const SOURCES = ['customer', 'sales', 'support', 'engineering', 'leadership', 'other'];
const ideas = {}; // source -> idea id

test('a contributor submits ideas from every source, through the API and the CLI', async () => {
  for (const [i, source] of SOURCES.entries()) {
    const title = `Idea from ${source}`;
    const customer = source === 'customer' ? 'Northwind Traders' : source === 'sales' ? 'Contoso' : undefined;
    let created;
    if (i % 2 === 0) {
      const body = { product: 'PAY', title, description: `Why **${source}** wants it`, source };
      if (customer) body.customer = customer;
      const r = await k.api('POST', '/api/v1/ideas', { token: T.contributor, body });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.location, `/api/v1/ideas/${r.json.id}`);
      assert.equal(r.etag, '"1"');
      created = r.json;
      const viaCli = await k.cliJson(['idea', 'show', `${created.id}`], { user: E.contributor });
      assert.deepEqual(viaCli, created, 'idea: API and CLI disagree');
    } else {
      const args = ['idea', 'add', '--product', 'PAY', '--title', title, '--description', `Why **${source}** wants it`, '--source', source];
      if (customer) args.push('--customer', customer);
      created = await k.cliJson(args, { user: E.contributor });
      const viaApi = await getOne(`/api/v1/ideas/${created.id}`, T.contributor);
      assert.deepEqual(viaApi, created, 'idea: CLI and API disagree');
    }
    assert.equal(created.status, 'new');
    assert.equal(created.source, source);
    assert.equal(created.title, title);
    assert.equal(created.customer, customer || '');
    assert.equal(created.submitted_by, 'Cora Contributor');
    assert.equal(created.votes, 0);
    assert.equal(created.feature, null);
    ideas[source] = created.id;
  }
  // Listing by source finds exactly one of each.
  for (const source of SOURCES) {
    const r = await k.api('GET', `/api/v1/ideas?source=${source}`, { token: T.viewer });
    assert.deepEqual(r.json.items.map((i) => i.id), [ideas[source]], `source=${source}`);
  }
});

let newFeatureKey;

test('triage: review, promote (new feature and existing PAY-3), decline with a reason, duplicate, reopen', async () => {
  const id = ideas.customer;
  // review: needs If-Match
  const noVersion = await k.api('POST', `/api/v1/ideas/${id}/review`, { token: T.pm, body: {} });
  assert.equal(noVersion.status, 428, noVersion.text);
  assert.equal((await getOne(`/api/v1/ideas/${id}`)).status, 'new');
  const reviewed = await k.api('POST', `/api/v1/ideas/${id}/review`, { token: T.pm, ifMatch: 1 });
  assert.equal(reviewed.status, 200, reviewed.text);
  assert.equal(reviewed.json.status, 'under_review');
  assert.equal(reviewed.etag, '"2"');

  // promote to a new feature: {} body
  const before = await rankOrder();
  const promoted = await k.api('POST', `/api/v1/ideas/${id}/promote`, { token: T.pm, ifMatch: 2, body: {} });
  assert.equal(promoted.status, 200, promoted.text);
  assert.equal(promoted.json.status, 'planned');
  newFeatureKey = promoted.json.feature;
  assert.equal(newFeatureKey, `PAY-${SPECS.length + 1}`);
  assert.equal(promoted.json.feature_title, 'Idea from customer');
  const nf = await getOne(`/api/v1/features/${newFeatureKey}`);
  assert.equal(nf.title, 'Idea from customer');
  assert.equal(nf.description, 'Why **customer** wants it');
  assert.equal(nf.ideas, 1);
  assert.deepEqual(await rankOrder(), [...before, newFeatureKey], 'a new feature joins the bottom of the backlog');

  // promote linking an existing feature (through the CLI for one, the API for another)
  const sales = ideas.sales;
  const linked = await k.api('POST', `/api/v1/ideas/${sales}/promote`, { token: T.pm, ifMatch: 1, body: { feature: 'PAY-3' } });
  assert.equal(linked.status, 200, linked.text);
  assert.equal(linked.json.status, 'planned');
  assert.equal(linked.json.feature, 'PAY-3');
  assert.equal(linked.json.feature_title, 'Smart retries');
  const cliLinked = await k.cliJson(['idea', 'promote', `${ideas.engineering}`, '--feature', 'PAY-3'], { user: E.pm });
  assert.equal(cliLinked.feature, 'PAY-3');
  const pay3ideas = await k.api('GET', '/api/v1/features/PAY-3/ideas', { token: T.viewer });
  assert.deepEqual(pay3ideas.json.items.map((i) => i.id).sort((a, b) => a - b), [sales, ideas.engineering].sort((a, b) => a - b));
  assert.equal((await getOne('/api/v1/features/PAY-3')).ideas, 2);
  // linking to a feature that does not exist is a validation error
  const nope = await k.api('POST', `/api/v1/ideas/${ideas.leadership}/promote`, { token: T.pm, ifMatch: 1, body: { feature: 'PAY-999' } });
  assert.equal(nope.status, 422, nope.text);
  assert.equal(nope.json.error.field, 'feature');

  // decline: a reason is required
  const support = ideas.support;
  for (const body of [{}, { reason: '' }, { reason: '   ' }]) {
    const r = await k.api('POST', `/api/v1/ideas/${support}/decline`, { token: T.pm, ifMatch: 1, body });
    assert.equal(r.status, 422, `decline ${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.json.error.field, 'reason');
  }
  assert.equal((await getOne(`/api/v1/ideas/${support}`)).status, 'new', 'a refused decline changes nothing');
  const reason = 'Card networks already cover this; we will revisit if demand grows.';
  const declined = await k.api('POST', `/api/v1/ideas/${support}/decline`, { token: T.pm, ifMatch: 1, body: { reason } });
  assert.equal(declined.status, 200, declined.text);
  assert.equal(declined.json.status, 'declined');
  assert.equal(declined.json.decline_reason, reason);
  // the submitter sees the reason
  const seen = await getOne(`/api/v1/ideas/${support}`, T.contributor);
  assert.equal(seen.decline_reason, reason);
  // a closed idea cannot be reviewed again without reopening
  const again = await k.api('POST', `/api/v1/ideas/${support}/review`, { token: T.pm, ifMatch: 2 });
  assert.equal(again.status, 409, again.text);

  // duplicate: of the original; a duplicate of a duplicate points at the original
  const dup = await k.api('POST', `/api/v1/ideas/${ideas.leadership}/duplicate`, { token: T.pm, ifMatch: 1, body: { of: ideas.engineering } });
  assert.equal(dup.status, 200, dup.text);
  assert.equal(dup.json.status, 'duplicate');
  assert.equal(dup.json.duplicate_of, ideas.engineering);
  const chain = await k.cliJson(['idea', 'duplicate', `${ideas.other}`, '--of', `${ideas.leadership}`], { user: E.pm });
  assert.equal(chain.status, 'duplicate');
  assert.equal(chain.duplicate_of, ideas.engineering, 'a duplicate of a duplicate points at the original');
  const self = await k.api('POST', `/api/v1/ideas/${ideas.leadership}/duplicate`, { token: T.pm, ifMatch: 2, body: { of: ideas.leadership } });
  assert.equal(self.status, 409, self.text); // already a duplicate: reopen first

  // reopen a duplicate: back under review, no longer pointing anywhere
  const reopened = await k.api('POST', `/api/v1/ideas/${ideas.other}/reopen`, { token: T.pm, ifMatch: chain.version });
  assert.equal(reopened.status, 200, reopened.text);
  assert.equal(reopened.json.status, 'under_review');
  assert.equal(reopened.json.duplicate_of, null);
  assert.equal(reopened.json.decline_reason, null);
  // reopening an open idea is a conflict
  const open = await k.api('POST', `/api/v1/ideas/${ideas.other}/reopen`, { token: T.pm, ifMatch: reopened.json.version });
  assert.equal(open.status, 409, open.text);
  // decline → reopen → the reason is gone
  const d2 = await k.cliJson(['idea', 'decline', `${ideas.other}`, '--reason', 'Not now'], { user: E.pm });
  assert.equal(d2.decline_reason, 'Not now');
  const r2 = await k.cliJson(['idea', 'reopen', `${ideas.other}`], { user: E.pm });
  assert.equal(r2.status, 'under_review');
  assert.equal((await getOne(`/api/v1/ideas/${ideas.other}`)).decline_reason, null);
});

test('keel idea list --mine and GET /api/v1/ideas?mine=true show where each idea stands, and why', async () => {
  const want = {
    [ideas.customer]: { status: 'planned', feature: newFeatureKey, decline_reason: null },
    [ideas.sales]: { status: 'planned', feature: 'PAY-3', decline_reason: null },
    [ideas.support]: { status: 'declined', feature: null, decline_reason: 'Card networks already cover this; we will revisit if demand grows.' },
    [ideas.engineering]: { status: 'planned', feature: 'PAY-3', decline_reason: null },
    [ideas.leadership]: { status: 'duplicate', feature: null, decline_reason: null },
    [ideas.other]: { status: 'under_review', feature: null, decline_reason: null },
  };
  const cli = await k.cliJson(['idea', 'list', '--mine'], { user: E.contributor });
  const api = await k.api('GET', '/api/v1/ideas?mine=true', { token: T.contributor });
  assert.equal(api.status, 200, api.text);
  for (const list of [cli.items, api.json.items]) {
    assert.deepEqual(list.map((i) => i.id).sort((a, b) => a - b), Object.keys(want).map(Number).sort((a, b) => a - b));
    for (const i of list) {
      const w = want[i.id];
      assert.equal(i.status, w.status, `idea ${i.id} status`);
      assert.equal(i.feature, w.feature, `idea ${i.id} feature`);
      assert.equal(i.decline_reason, w.decline_reason, `idea ${i.id} reason`);
      assert.equal(i.submitted_by, 'Cora Contributor');
    }
  }
  assert.deepEqual(cli.items, api.json.items, 'CLI and API list the same ideas the same way');
  const sales = api.json.items.find((i) => i.id === ideas.sales);
  assert.equal(sales.feature_title, 'Smart retries');
  assert.equal(sales.feature_status, 'candidate');

  // The table a person reads says it in words.
  const text = await k.cli(['idea', 'list', '--mine'], { user: E.contributor });
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /declined: Card networks already cover this/);
  assert.match(text.stdout, /became PAY-3 \(Candidate\)/);
  assert.match(text.stdout, new RegExp(`duplicate of idea ${ideas.engineering}`));

  // "mine" is the caller's: the PM submitted nothing.
  const pmMine = await k.api('GET', '/api/v1/ideas?mine=true', { token: T.pm });
  assert.deepEqual(pmMine.json.items, []);
  const pmCli = await k.cliJson(['idea', 'list', '--mine'], { user: E.pm });
  assert.deepEqual(pmCli.items, []);
  // ...and the workspace owner (no --user) is nobody in particular.
  const owner = await k.cli(['idea', 'list', '--mine']);
  assert.equal(owner.code, 3, owner.stderr);
  assert.match(owner.stderr, /^keel: .*mine/);
});

test('votes: once per user, DELETE withdraws, closed ideas take none', async () => {
  const id = ideas.other; // under review
  const v1 = await k.api('POST', `/api/v1/ideas/${id}/vote`, { token: T.contributor });
  assert.equal(v1.status, 200, v1.text);
  assert.equal(v1.json.votes, 1);
  assert.equal(v1.json.voted, true);
  const v1again = await k.api('POST', `/api/v1/ideas/${id}/vote`, { token: T.contributor });
  assert.equal(v1again.status, 200, v1again.text);
  assert.equal(v1again.json.votes, 1, 'a second vote by the same user does not add');
  const v2 = await k.api('POST', `/api/v1/ideas/${id}/vote`, { token: T.pm });
  assert.equal(v2.json.votes, 2);
  const cli = await k.cli(['idea', 'vote', `${id}`], { user: E.admin });
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stdout, /3 votes, including yours/);
  const cliAgain = await k.cli(['idea', 'vote', `${id}`], { user: E.admin });
  assert.match(cliAgain.stdout, /3 votes/);

  // Others see the count, and whether they voted.
  const seen = await getOne(`/api/v1/ideas/${id}`, T.viewer);
  assert.equal(seen.votes, 3);
  assert.equal(seen.voted, false);
  assert.equal((await getOne(`/api/v1/ideas/${id}`, T.pm)).voted, true);

  const del = await k.api('DELETE', `/api/v1/ideas/${id}/vote`, { token: T.contributor });
  assert.equal(del.status, 200, del.text);
  assert.equal(del.json.votes, 2);
  assert.equal(del.json.voted, false);
  const delAgain = await k.api('DELETE', `/api/v1/ideas/${id}/vote`, { token: T.contributor });
  assert.equal(delAgain.json.votes, 2, 'withdrawing twice takes one vote away, once');
  const undo = await k.cli(['idea', 'vote', `${id}`, '--undo'], { user: E.admin });
  assert.equal(undo.code, 0);
  assert.equal((await getOne(`/api/v1/ideas/${id}`)).votes, 1);

  // Only real changes are audited: 3 votes, 2 withdrawals.
  const hist = await k.api('GET', `/api/v1/ideas/${id}/history?limit=100`, { token: T.viewer });
  const actions = hist.json.items.map((e) => e.action);
  assert.equal(actions.filter((a) => a === 'idea.vote').length, 3);
  assert.equal(actions.filter((a) => a === 'idea.unvote').length, 2);

  // A declined idea takes no more votes; a viewer cannot vote at all.
  const closed = await k.api('POST', `/api/v1/ideas/${ideas.support}/vote`, { token: T.contributor });
  assert.equal(closed.status, 409, closed.text);
  const viewer = await k.api('POST', `/api/v1/ideas/${id}/vote`, { token: T.viewer });
  assert.equal(viewer.status, 403, viewer.text);
  // Votes on planned ideas count on their feature.
  await k.api('POST', `/api/v1/ideas/${ideas.sales}/vote`, { token: T.pm });
  await k.api('POST', `/api/v1/ideas/${ideas.engineering}/vote`, { token: T.pm });
  await k.api('POST', `/api/v1/ideas/${ideas.engineering}/vote`, { token: T.admin });
  assert.equal((await getOne('/api/v1/features/PAY-3')).votes, 3);
});

test('ranking and the board: move before/after/top/bottom and between horizons; sort=rank shows the order', async () => {
  let order = await rankOrder();
  const expected = [...order];
  const place = (key, fn) => {
    expected.splice(expected.indexOf(key), 1);
    fn();
  };
  async function move(key, body, via = 'api') {
    if (via === 'api') {
      const cur = await getOne(`/api/v1/features/${key}`);
      const r = await k.api('POST', `/api/v1/features/${key}/move`, { token: T.pm, ifMatch: cur.version, body });
      assert.equal(r.status, 200, `move ${key} ${JSON.stringify(body)}: ${r.text}`);
      assert.equal(r.json.version, cur.version + 1);
      assert.equal(r.etag, `"${cur.version + 1}"`);
      return r.json;
    }
    const r = await k.cli(['feature', 'move', key, ...body], { user: E.pm });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
  }

  await move('PAY-5', { position: 'top' });
  place('PAY-5', () => expected.unshift('PAY-5'));
  assert.deepEqual(await rankOrder(), expected, 'after PAY-5 to the top');

  await move('PAY-1', { after: 'PAY-3' });
  place('PAY-1', () => expected.splice(expected.indexOf('PAY-3') + 1, 0, 'PAY-1'));
  assert.deepEqual(await rankOrder(), expected, 'after PAY-1 after PAY-3');

  await move('PAY-4', { before: 'PAY-2' });
  place('PAY-4', () => expected.splice(expected.indexOf('PAY-2'), 0, 'PAY-4'));
  assert.deepEqual(await rankOrder(), expected, 'after PAY-4 before PAY-2');

  await move('PAY-2', { position: 'bottom' });
  place('PAY-2', () => expected.push('PAY-2'));
  assert.deepEqual(await rankOrder(), expected, 'after PAY-2 to the bottom');

  const out = await move('PAY-6', ['--before', 'PAY-5'], 'cli');
  assert.match(out, /PAY-6 is now in Later, before PAY-5/);
  place('PAY-6', () => expected.unshift('PAY-6'));
  assert.deepEqual(await rankOrder(), expected, 'after keel feature move PAY-6 --before PAY-5');

  await move('PAY-9', ['--after', 'PAY-6', '--horizon', 'now'], 'cli');
  place('PAY-9', () => expected.splice(expected.indexOf('PAY-6') + 1, 0, 'PAY-9'));
  assert.deepEqual(await rankOrder(), expected);
  assert.equal((await getOne('/api/v1/features/PAY-9')).horizon, 'now');

  // Horizon alone keeps the rank.
  const moved = await move('PAY-7', { horizon: 'now' });
  assert.equal(moved.horizon, 'now');
  assert.deepEqual(await rankOrder(), expected, 'a horizon change alone keeps the rank');
  // Many moves to the same place keep working (the ranking makes room).
  for (let i = 0; i < 12; i++) {
    const key = i % 2 ? 'PAY-10' : 'PAY-11';
    await move(key, { after: 'PAY-6' });
    place(key, () => expected.splice(expected.indexOf('PAY-6') + 1, 0, key));
  }
  assert.deepEqual(await rankOrder(), expected, 'after 12 moves into the same gap');

  // The board's Now column: rank order within the horizon.
  const now = await k.api('GET', '/api/v1/features?product=PAY&horizon=now&status=all&sort=rank', { token: T.viewer });
  const nowKeys = now.json.items.map((f) => f.key);
  assert.deepEqual(nowKeys, expected.filter((key) => nowKeys.includes(key)));
  assert.ok(nowKeys.includes('PAY-7') && nowKeys.includes('PAY-9'));
  assert.ok(now.json.items.every((f) => f.horizon === 'now'));

  // Refused moves: two places, no place, no If-Match, stale, another product's feature.
  const cur = await getOne('/api/v1/features/PAY-3');
  const bad = [
    [{ before: 'PAY-1', after: 'PAY-2' }, cur.version, 422],
    [{}, cur.version, 422],
    [{ position: 'middle' }, cur.version, 422],
    [{ horizon: 'someday' }, cur.version, 422],
    [{ before: 'INS-1' }, cur.version, 422],
    [{ before: 'PAY-3' }, cur.version, 422],
    [{ position: 'top' }, undefined, 428],
    [{ position: 'top' }, cur.version + 5, 412],
  ];
  for (const [body, ifMatch, status] of bad) {
    const r = await k.api('POST', '/api/v1/features/PAY-3/move', { token: T.pm, body, ifMatch });
    assert.equal(r.status, status, `move ${JSON.stringify(body)} If-Match ${ifMatch}: ${r.text}`);
  }
  assert.deepEqual(await getOne('/api/v1/features/PAY-3'), cur, 'refused moves change nothing');
  assert.deepEqual(await rankOrder(), expected);
});

/** Follows "next" through every page; returns the items. */
async function allPages(query, limit) {
  const items = [];
  let after = null;
  let pages = 0;
  for (;;) {
    const q = `/api/v1/features?${query}&limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ''}`;
    const r = await k.api('GET', q, { token: T.viewer });
    assert.equal(r.status, 200, `${q}: ${r.text}`);
    assert.ok(r.json.items.length <= limit, 'a page holds at most limit items');
    items.push(...r.json.items);
    pages++;
    assert.ok(pages < 100, 'paging must end');
    if (r.json.next === null) break;
    assert.equal(r.json.items.length, limit, 'only the last page may be short');
    after = r.json.next;
  }
  return items;
}

test('sort=rice and sort=ice with limit page through everything: each feature once, best first, unscored last', async () => {
  const all = await k.api('GET', '/api/v1/features?status=all&limit=100', { token: T.viewer });
  const everything = all.json.items.map((f) => f.key).sort();
  assert.equal(everything.length, SPECS.length + 2); // + the promoted one + INS-1
  for (const sort of ['rice', 'ice']) {
    for (const limit of [1, 2, 3, 5]) {
      const items = await allPages(`status=all&sort=${sort}`, limit);
      const keys = items.map((f) => f.key);
      assert.deepEqual([...keys].sort(), everything, `sort=${sort} limit=${limit}: every feature exactly once`);
      const scores = items.map((f) => f.scores[sort]);
      const firstNull = scores.indexOf(null);
      const scored = firstNull < 0 ? scores : scores.slice(0, firstNull);
      assert.ok(scores.slice(scored.length).every((s) => s === null), `sort=${sort} limit=${limit}: unscored last`);
      for (let i = 1; i < scored.length; i++)
        assert.ok(scored[i - 1] >= scored[i], `sort=${sort} limit=${limit}: ${scored[i - 1]} before ${scored[i]}`);
    }
  }
  // The RICE leader is the shipped 3-D Secure flow (12000); the open backlog leaves it out.
  const top = await k.api('GET', '/api/v1/features?status=all&sort=rice&limit=1', { token: T.viewer });
  assert.equal(top.json.items[0].key, 'PAY-8');
  assert.equal(top.json.items[0].scores.rice, 12000);
  const open = await allPages('sort=rice&product=PAY', 4);
  assert.ok(!open.some((f) => f.key === 'PAY-8'), 'the default status filter (open) hides shipped work');
  assert.equal(open[0].key, 'PAY-2');
  assert.equal(open[0].scores.rice, 2600);
  // The CLI pages the same way.
  let cli = await k.cliJson(['feature', 'list', '--status', 'all', '--sort', 'rice', '--limit', '4']);
  const cliKeys = cli.items.map((f) => f.key);
  while (cli.next) {
    cli = await k.cliJson(['feature', 'list', '--status', 'all', '--sort', 'rice', '--limit', '4', '--after', cli.next]);
    cliKeys.push(...cli.items.map((f) => f.key));
  }
  assert.deepEqual(cliKeys, (await allPages('status=all&sort=rice', 4)).map((f) => f.key));
  // A cursor is not a number you can make up.
  const junk = await k.api('GET', '/api/v1/features?sort=rice&after=garbage', { token: T.viewer });
  assert.equal(junk.status, 422, junk.text);
  assert.equal(junk.json.error.field, 'after');
});

test('filters: status, horizon, q and product, through the API and the CLI', async () => {
  const all = (await k.api('GET', '/api/v1/features?status=all&limit=100', { token: T.viewer })).json.items;
  const keysOf = (r) => r.json.items.map((f) => f.key).sort();
  const expect = (pred) => all.filter(pred).map((f) => f.key).sort();

  const shipped = await k.api('GET', '/api/v1/features?status=shipped', { token: T.viewer });
  assert.deepEqual(keysOf(shipped), ['PAY-8']);
  const two = await k.api('GET', '/api/v1/features?status=planned,in_progress', { token: T.viewer });
  assert.deepEqual(keysOf(two), expect((f) => f.status === 'planned' || f.status === 'in_progress'));
  assert.deepEqual(keysOf(two), ['PAY-11', 'PAY-4']);
  const open = await k.api('GET', '/api/v1/features', { token: T.viewer });
  assert.deepEqual(keysOf(open), expect((f) => ['candidate', 'planned', 'in_progress'].includes(f.status)));

  for (const h of ['now', 'next', 'later', 'unplanned']) {
    const r = await k.api('GET', `/api/v1/features?horizon=${h}&status=all&product=PAY`, { token: T.viewer });
    assert.deepEqual(keysOf(r), expect((f) => f.horizon === h && f.product === 'PAY'), `horizon=${h}`);
    const c = await k.cliJson(['feature', 'list', '--horizon', h, '--status', 'all', '--product', 'PAY']);
    assert.deepEqual(c.items.map((f) => f.key).sort(), keysOf(r), `CLI horizon=${h}`);
  }
  const q = await k.api('GET', '/api/v1/features?q=retries', { token: T.viewer });
  assert.deepEqual(keysOf(q), ['PAY-3']);
  const q2 = await k.api('GET', '/api/v1/features?q=Tie%20score&status=all', { token: T.viewer });
  assert.deepEqual(keysOf(q2), ['PAY-10', 'PAY-9']);
  const none = await k.api('GET', '/api/v1/features?q=zzzz-nothing', { token: T.viewer });
  assert.deepEqual(none.json.items, []);
  const ins = await k.api('GET', '/api/v1/features?product=INS', { token: T.viewer });
  assert.deepEqual(keysOf(ins), ['INS-1']);

  // Bad filter values are named.
  for (const [qs, field] of [['status=bogus', 'status'], ['horizon=soon', 'horizon'], ['sort=random', 'sort'], ['product=NOPE', 'product'], ['limit=0', 'limit'], ['limit=abc', 'limit']]) {
    const r = await k.api('GET', `/api/v1/features?${qs}`, { token: T.viewer });
    assert.equal(r.status, 422, `${qs}: ${r.text}`);
    assert.equal(r.json.error.field, field, qs);
  }
  const unknown = await k.api('GET', '/api/v1/features?colour=red', { token: T.viewer });
  assert.equal(unknown.status, 400, unknown.text);
  assert.match(unknown.json.error.message, /colour/);

  // Ideas filter too.
  const declined = await k.api('GET', '/api/v1/ideas?status=declined', { token: T.viewer });
  assert.deepEqual(declined.json.items.map((i) => i.id), [ideas.support]);
  const byFeature = await k.api('GET', '/api/v1/ideas?feature=PAY-3&sort=votes', { token: T.viewer });
  assert.deepEqual(byFeature.json.items.map((i) => i.id), [ideas.engineering, ideas.sales], 'most votes first');
  const iq = await k.api('GET', '/api/v1/ideas?q=leadership', { token: T.viewer });
  assert.deepEqual(iq.json.items.map((i) => i.id), [ideas.leadership]);
});

test('comments on features and ideas, through the API and the CLI', async () => {
  const c1 = await k.api('POST', '/api/v1/features/PAY-3/comments', { token: T.contributor, body: { body: 'Retry on day **1, 3 and 7**.' } });
  assert.equal(c1.status, 201, c1.text);
  assert.equal(c1.json.author, 'Cora Contributor');
  assert.equal(c1.json.body, 'Retry on day **1, 3 and 7**.');
  const c2 = await k.cli(['feature', 'comment', 'PAY-3', '--body', 'Agreed; never retry hard declines.'], { user: E.pm });
  assert.equal(c2.code, 0, c2.stderr);
  const list = await k.api('GET', '/api/v1/features/PAY-3/comments', { token: T.viewer });
  assert.deepEqual(list.json.items.map((c) => [c.author, c.body]), [
    ['Cora Contributor', 'Retry on day **1, 3 and 7**.'],
    ['Pia Productowner', 'Agreed; never retry hard declines.'],
  ]);

  const id = ideas.customer;
  const i1 = await k.cli(['idea', 'comment', `${id}`, '--body', 'Northwind will move all volume to us.'], { user: E.contributor });
  assert.equal(i1.code, 0, i1.stderr);
  const i2 = await k.api('POST', `/api/v1/ideas/${id}/comments`, { token: T.pm, body: { body: 'Joined to the new feature.' } });
  assert.equal(i2.status, 201, i2.text);
  const ilist = await k.api('GET', `/api/v1/ideas/${id}/comments`, { token: T.viewer });
  assert.deepEqual(ilist.json.items.map((c) => c.body), ['Northwind will move all volume to us.', 'Joined to the new feature.']);

  // Empty comments and viewers' comments are refused.
  const empty = await k.api('POST', '/api/v1/features/PAY-3/comments', { token: T.pm, body: { body: '  ' } });
  assert.equal(empty.status, 422, empty.text);
  const viewer = await k.api('POST', '/api/v1/features/PAY-3/comments', { token: T.viewer, body: { body: 'hi' } });
  assert.equal(viewer.status, 403, viewer.text);
  const missing = await k.api('POST', '/api/v1/features/PAY-404/comments', { token: T.pm, body: { body: 'hi' } });
  assert.equal(missing.status, 404, missing.text);
  assert.equal((await k.api('GET', '/api/v1/features/PAY-3/comments', { token: T.viewer })).json.items.length, 2);
});

test('the audit trail: keel log and /api/v1/history agree and show before and after', async () => {
  const cli = await k.cliJson(['log', '--limit', '500']);
  assert.equal(cli.next, null);
  const api = [];
  let next = null;
  do {
    const r = await k.api('GET', `/api/v1/history?limit=50${next ? `&before=${next}` : ''}`, { token: T.viewer });
    assert.equal(r.status, 200, r.text);
    api.push(...r.json.items);
    next = r.json.next;
  } while (next !== null);
  assert.deepEqual(api, cli.items, 'CLI log and API history are the same entries');
  const ids = api.map((e) => e.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');

  const find = (pred, what) => {
    const e = api.find(pred);
    assert.ok(e, `no audit entry for ${what}`);
    return e;
  };
  // The PATCH of PAY-2's title, with before and after.
  const edit = find((e) => e.action === 'feature.update' && e.entity === 'PAY-2' && e.after.title === 'Saved cards for returning shoppers' && e.before.title !== e.after.title, 'PAY-2 edit');
  assert.equal(edit.before.title, 'Saved cards');
  assert.equal(edit.actor, 'Pia Productowner');
  assert.equal(edit.entity_type, 'feature');
  // The move to the top, named in words.
  const top = find((e) => e.action === 'feature.move' && e.entity === 'PAY-5', 'PAY-5 move');
  assert.equal(top.after.position, 'top of the backlog');
  assert.equal(top.before.version + 1, top.after.version);
  const hz = find((e) => e.action === 'feature.move' && e.entity === 'PAY-7', 'PAY-7 move');
  assert.equal(hz.before.horizon, 'unplanned');
  assert.equal(hz.after.horizon, 'now');
  // The decline, with its reason.
  const dec = find((e) => e.action === 'idea.decline' && e.entity_id === ideas.support, 'decline');
  assert.equal(dec.before.status, 'new');
  assert.equal(dec.after.status, 'declined');
  assert.equal(dec.after.decline_reason, 'Card networks already cover this; we will revisit if demand grows.');
  // The promotion created a feature in the same breath.
  find((e) => e.action === 'feature.create' && e.entity === newFeatureKey, 'feature created by promote');
  find((e) => e.action === 'idea.promote' && e.entity_id === ideas.customer && e.after.feature === newFeatureKey, 'promote');
  find((e) => e.action === 'comment.add', 'comment');
  // Refused requests left no trace: no entry says "Lost update".
  assert.ok(!api.some((e) => JSON.stringify(e).includes('Lost update')));

  // One feature's history, both ways.
  const fh = await k.api('GET', '/api/v1/features/PAY-5/history', { token: T.viewer });
  const fcli = await k.cliJson(['log', '--entity', 'feature:PAY-5']);
  assert.deepEqual(fh.json.items, fcli.items);
  assert.deepEqual(fh.json.items.map((e) => e.action), ['feature.move', 'feature.create']);

  // The text log names the change.
  const text = await k.cli(['log', '--entity', 'feature:PAY-2', '--limit', '50']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /feature\.update\s+PAY-2\s+Pia Productowner/);
  assert.match(text.stdout, /title: Saved cards -> Saved cards for returning shoppers/);
});

test('summary', (t) => {
  t.diagnostic(`${checkCount()} checks`);
});
