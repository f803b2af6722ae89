// badinput.test.mjs — every kind of bad input the API, the web forms and the
// CLI must refuse, each followed by proof that NOTHING changed (the records
// re-read and compared, and the number of audit entries). Then hostile text:
// stored exactly as typed, and shown only escaped on every page.
import net from 'node:net';
import { after, before, test } from 'node:test';

import { assert, assertHtmlDocument, checkCount, htmlDecode, Keel, PASSWORD, Web } from './lib.mjs';

let k;
let T;
let pmWeb;
let ideaId; // a new idea by the contributor
const E = { viewer: 'viewer@keel.test', contributor: 'contributor@keel.test', pm: 'pm@keel.test', admin: 'admin@keel.test' };

before(async () => {
  k = await Keel.start();
  T = Object.fromEntries(Object.entries(k.users).map(([r, u]) => [r, u.token]));
  const p = await k.api('POST', '/api/v1/products', { token: T.pm, body: { key: 'PAY', name: 'Payments' } });
  assert.equal(p.status, 201, p.text);
  const f = await k.api('POST', '/api/v1/features', {
    token: T.pm,
    body: { product: 'PAY', title: 'Wallet checkout', description: 'Apple Pay', rice: { reach: 450, impact: 3, confidence: 100, effort: 2 }, ice: { impact: 5, confidence: 5, ease: 5 } },
  });
  assert.equal(f.status, 201, f.text);
  // Give PAY-1 a version above 1, so that "1" is a stale version.
  const f2 = await k.api('PATCH', '/api/v1/features/PAY-1', { token: T.pm, ifMatch: 1, body: { horizon: 'next' } });
  assert.equal(f2.status, 200, f2.text);
  const f3 = await k.api('POST', '/api/v1/features', { token: T.pm, body: { product: 'PAY', title: 'Saved cards' } });
  assert.equal(f3.status, 201, f3.text);
  const i = await k.api('POST', '/api/v1/ideas', { token: T.contributor, body: { product: 'PAY', title: 'Pay by bank', source: 'customer', customer: 'Fabrikam' } });
  assert.equal(i.status, 201, i.text);
  ideaId = i.json.id;
  const c = await k.api('POST', '/api/v1/features/PAY-1/comments', { token: T.contributor, body: { body: 'first' } });
  assert.equal(c.status, 201, c.text);
  pmWeb = await k.session(E.pm, PASSWORD);
});
after(async () => {
  await k?.stop();
});

/** Everything a refused request could have touched, read back. */
async function snapshot() {
  const get = async (p) => {
    const r = await k.api('GET', p, { token: T.admin });
    assert.equal(r.status, 200, `snapshot GET ${p}: ${r.text}`);
    return r.json;
  };
  return {
    products: await get('/api/v1/products'),
    features: await get('/api/v1/features?status=all&limit=200'),
    ideas: await get('/api/v1/ideas?status=all&limit=200'),
    users: await get('/api/v1/users'),
    pay1: await get('/api/v1/features/PAY-1'),
    idea: await get(`/api/v1/ideas/${ideaId}`),
    comments: await get('/api/v1/features/PAY-1/comments'),
    ideaComments: await get(`/api/v1/ideas/${ideaId}/comments`),
    history: await get('/api/v1/history?limit=5'),
    audit: await k.auditCount(),
  };
}

/** Runs fn, then asserts that nothing at all changed. */
async function unchanged(what, fn) {
  const before = await snapshot();
  await fn();
  const afterwards = await snapshot();
  assert.deepEqual(afterwards, before, `${what}: something changed`);
}

/** Asserts an API error: status, and (when given) field and a message pattern. */
function isError(r, status, field, message) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.ok(r.json && r.json.error, `an error body: ${r.text}`);
  assert.equal(typeof r.json.error.code, 'string');
  assert.ok(r.json.error.message.length > 0);
  if (field !== undefined) assert.equal(r.json.error.field, field, `field of ${r.text}`);
  if (message) assert.match(r.json.error.message, message);
}

const pm = (method, p, opts = {}) => k.api(method, p, { token: T.pm, ...opts });

/** Sends raw bytes to the server and resolves what comes back within a moment (or at close). */
function rawExchange(bytes) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(k.port, '127.0.0.1');
    let got = '';
    const done = () => {
      sock.destroy();
      resolve(got);
    };
    const timer = setTimeout(done, 3000);
    sock.setEncoding('latin1');
    sock.on('data', (d) => {
      got += d;
      if (/\r\n\r\n/.test(got)) {
        clearTimeout(timer);
        setTimeout(done, 50);
      }
    });
    sock.on('error', reject);
    sock.on('close', () => {
      clearTimeout(timer);
      resolve(got);
    });
    sock.write(bytes, 'latin1');
  });
}

// ---------------------------------------------------------------------------

test('malformed JSON → 400 with line and column', async () => {
  await unchanged('malformed JSON', async () => {
    isError(await pm('POST', '/api/v1/features', { body: '{"product": "PAY", "title": }' }), 400, undefined, /line 1, column \d+/);
    isError(await pm('POST', '/api/v1/features', { body: '{\n  "product": "PAY",\n  "title": "x",,\n}' }), 400, undefined, /line 3, column \d+/);
    isError(await pm('POST', '/api/v1/ideas', { body: '{"product":"PAY","title":"x"} trailing' }), 400, undefined, /line 1, column \d+/);
    isError(await pm('POST', '/api/v1/ideas', { body: '{"product":"PAY","title":"unterminated' }), 400, undefined, /line \d+, column \d+/);
    isError(await pm('POST', '/api/v1/ideas', { body: '[1, 2]' }), 400, undefined, /JSON object/);
    isError(await pm('POST', '/api/v1/ideas', { body: '"just a string"' }), 400);
    isError(await pm('POST', '/api/v1/ideas', { body: '{"title": "bad \\u0000 nul", "product": "PAY"}' }), 400);
    isError(await pm('POST', '/api/v1/ideas', { body: Buffer.from('{"product":"PAY","title":"\xff\xfe"}', 'latin1') }), 400);
    isError(await pm('POST', '/api/v1/ideas', { body: '['.repeat(5000) + ']'.repeat(5000) }), 400);
    isError(await pm('PATCH', '/api/v1/features/PAY-1', { ifMatch: 2, body: '{"title": "x" "status": "planned"}' }), 400, undefined, /line 1, column \d+/);
    isError(await pm('POST', `/api/v1/ideas/${ideaId}/decline`, { ifMatch: 1, body: '{reason: "unquoted"}' }), 400, undefined, /line 1, column \d+/);
  });
});

test('unknown fields → 400 naming each of them', async () => {
  await unchanged('unknown fields', async () => {
    // (size is a feature field since planning: weight is the second unknown one)
    const r = await pm('POST', '/api/v1/features', { body: { product: 'PAY', title: 'x', colour: 'red', weight: 3 } });
    isError(r, 400, 'colour', /colour/);
    assert.match(r.json.error.message, /weight/);
    isError(await pm('POST', '/api/v1/features', { body: { product: 'PAY', title: 'x', rice: { reach: 1, impact: 1, confidence: 50, effort: 1, urgency: 9 } } }), 400, 'rice.urgency', /rice\.urgency/);
    isError(await pm('PATCH', '/api/v1/features/PAY-1', { ifMatch: 2, body: { titel: 'typo' } }), 400, 'titel', /titel/);
    isError(await pm('PATCH', '/api/v1/features/PAY-1', { ifMatch: 2, body: { product: 'PAY' } }), 400, 'product', /product/);
    isError(await pm('POST', '/api/v1/ideas', { body: { product: 'PAY', title: 'x', votes: 100 } }), 400, 'votes', /votes/);
    isError(await pm('POST', `/api/v1/ideas/${ideaId}/review`, { ifMatch: 1, body: { reason: 'no such field here' } }), 400, 'reason');
    isError(await pm('POST', `/api/v1/ideas/${ideaId}/vote`, { body: { weight: 10 } }), 400, 'weight');
    isError(await k.api('PATCH', '/api/v1/users/1', { token: T.admin, ifMatch: 1, body: { password: 'sneaky-new-one' } }), 400, 'password');
    isError(await pm('GET', '/api/v1/ideas?colour=red&size=3'), 400, 'colour', /colour, size/);
  });
});

test('a body over 1 MiB → 413, with or without Content-Length', async () => {
  const big = 'x'.repeat(1024 * 1024 + 16);
  await unchanged('oversized bodies', async () => {
    isError(await pm('POST', '/api/v1/ideas', { body: { product: 'PAY', title: 'big', description: big } }), 413);
    isError(await pm('PATCH', '/api/v1/features/PAY-1', { ifMatch: 2, body: { description: big } }), 413);
    // Chunked: the server only learns the size while reading.
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream({
      pull(c) {
        if (sent === 0) c.enqueue(new TextEncoder().encode('{"product":"PAY","title":"big","description":"'));
        if (sent > 1100 * 1024) {
          c.enqueue(new TextEncoder().encode('"}'));
          c.close();
          return;
        }
        c.enqueue(chunk);
        sent += chunk.length;
      },
    });
    const res = await fetch(`${k.base}/api/v1/ideas`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${T.pm}`, 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    });
    assert.equal(res.status, 413, await res.text());
    // A form that large is refused too.
    const form = await pmWeb.post('/ideas', { product: 'PAY', title: 'big', source: 'other', description: big });
    assert.equal(form.status, 413);
    assertHtmlDocument(form.text, 'the 413 page for a form');
    // A client that asks first (Expect: 100-continue) is refused before it sends the body.
    const head = await rawExchange(
      `POST /api/v1/ideas HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${T.pm}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${2 * 1024 * 1024}\r\nExpect: 100-continue\r\n\r\n`,
    );
    assert.match(head, /^HTTP\/1\.1 413 /, `Expect: 100-continue answer: ${head.slice(0, 80)}`);
  });
  // Several in a row on kept-alive connections: every one gets its 413 (none a reset connection).
  for (let i = 0; i < 8; i++) {
    const r = await pm('POST', '/api/v1/ideas', { body: { product: 'PAY', title: 'big', description: big } });
    assert.equal(r.status, 413);
  }
  // Just under the limit is read, and then judged on its content: a description holds at most 64 KiB.
  await unchanged('a body just under 1 MiB', async () => {
    const under = await pm('POST', '/api/v1/ideas', { body: { product: 'PAY', title: 'big', source: 'other', description: 'y'.repeat(1024 * 1024 - 200) } });
    isError(under, 422, 'description', /longer than/);
  });
  const most = await pm('POST', '/api/v1/ideas', { body: { product: 'PAY', title: 'long', source: 'other', description: 'y'.repeat(64 * 1024) } });
  assert.equal(most.status, 201, most.text.slice(0, 200));
  assert.equal(most.json.description.length, 64 * 1024);
  const back = await k.api('GET', `/api/v1/ideas/${most.json.id}`, { token: T.pm });
  assert.equal(back.json.description, 'y'.repeat(64 * 1024));
});

test('wrong types and out-of-range scores → 422 naming the field', async () => {
  await unchanged('wrong types', async () => {
    isError(await pm('POST', '/api/v1/features', { body: { product: 'PAY', title: 5 } }), 422, 'title');
    isError(await pm('POST', '/api/v1/features', { body: { product: 'PAY', title: null } }), 422, 'title');
    isError(await pm('POST', '/api/v1/features', { body: { product: 'PAY' } }), 422, 'title');
    isError(await pm('POST', '/api/v1/features', { body: { title: 'no product' } }), 422, 'product');
    isError(await pm('POST', '/api/v1/features', { body: { product: 'PAY', title: ['a'] } }), 422, 'title');
    isError(await pm('POST', '/api/v1/features', { body: { product: 'PAY', title: 'x', rice: 'high' } }), 422, 'rice');
    isError(await pm('POST', '/api/v1/features', { body: { product: 'PAY', title: 'x', rice: { reach: '450', impact: 3, confidence: 100, effort: 2 } } }), 422, 'rice.reach');
    isError(await pm('POST', '/api/v1/features', { body: { product: 'PAY', title: 'x', ice: { impact: 5.5, confidence: 5, ease: 5 } } }), 422, 'ice.impact');
    isError(await pm('POST', '/api/v1/features', { body: { product: 'PAY', title: 'x', status: 'done' } }), 422, 'status');
    isError(await pm('POST', '/api/v1/features', { body: { product: 'PAY', title: 'x', horizon: 'someday' } }), 422, 'horizon');
    isError(await pm('POST', '/api/v1/features', { body: { product: 'NOPE', title: 'x' } }), 422, 'product');
    isError(await pm('POST', '/api/v1/features', { body: { product: 'PAY', title: 'x'.repeat(5000) } }), 422, 'title');
    isError(await pm('POST', '/api/v1/features', { body: { product: 'PAY', title: 'tab\tin a title' } }), 422, 'title');
    isError(await pm('POST', '/api/v1/features', { body: { product: 'PAY', title: '   ' } }), 422, 'title');
    isError(await pm('PATCH', '/api/v1/features/PAY-1', { ifMatch: 2, body: { title: 5 } }), 422, 'title');
    isError(await pm('POST', '/api/v1/ideas', { body: { product: 'PAY', title: 'x', source: 3 } }), 422, 'source');
    isError(await pm('POST', '/api/v1/ideas', { body: { product: 'PAY', title: 'x', source: 'spaceship' } }), 422, 'source');
    isError(await pm('PATCH', `/api/v1/ideas/${ideaId}`, { ifMatch: 1, body: { customer: 7 } }), 422, 'customer');
    isError(await pm('POST', `/api/v1/ideas/${ideaId}/duplicate`, { ifMatch: 1, body: { of: 'one' } }), 422, 'of');
    isError(await k.api('PATCH', '/api/v1/users/1', { token: T.admin, ifMatch: 1, body: { active: 'yes' } }), 422, 'active');
    isError(await k.api('POST', '/api/v1/products', { token: T.pm, body: { key: 'lower', name: 'x' } }), 422, 'key');
  });
  await unchanged('out-of-range scores', async () => {
    const r = (rice) => ({ product: 'PAY', title: 'scored', rice: { reach: 450, impact: 3, confidence: 100, effort: 2, ...rice } });
    isError(await pm('POST', '/api/v1/features', { body: r({ impact: 7 }) }), 422, 'rice.impact');
    isError(await pm('POST', '/api/v1/features', { body: r({ confidence: 150 }) }), 422, 'rice.confidence');
    isError(await pm('POST', '/api/v1/features', { body: r({ confidence: -1 }) }), 422, 'rice.confidence');
    isError(await pm('POST', '/api/v1/features', { body: r({ reach: -5 }) }), 422, 'rice.reach');
    isError(await pm('POST', '/api/v1/features', { body: r({ effort: 0 }) }), 422, 'rice.effort');
    isError(await pm('PATCH', '/api/v1/features/PAY-1', { ifMatch: 2, body: { rice: { impact: 7 } } }), 422, 'rice.impact');
    isError(await pm('PATCH', '/api/v1/features/PAY-1', { ifMatch: 2, body: { rice: { confidence: 150 } } }), 422, 'rice.confidence');
    isError(await pm('PATCH', '/api/v1/features/PAY-1', { ifMatch: 2, body: { ice: { impact: 11 } } }), 422, 'ice.impact');
    isError(await pm('PATCH', '/api/v1/features/PAY-1', { ifMatch: 2, body: { ice: { ease: 0 } } }), 422, 'ice.ease');
    // A first score needs every input.
    isError(await pm('PATCH', '/api/v1/features/PAY-2', { ifMatch: 1, body: { rice: { reach: 10 } } }), 422, 'rice.impact');
  });
});

test('not signed in → 401; wrong role → 403; missing object → 404', async () => {
  await unchanged('401', async () => {
    const r = await k.api('GET', '/api/v1/features');
    isError(r, 401);
    assert.match(r.headers.get('www-authenticate') || '', /Bearer/);
    isError(await k.api('POST', '/api/v1/ideas', { body: { product: 'PAY', title: 'anon', source: 'other' } }), 401);
    isError(await k.api('PATCH', '/api/v1/features/PAY-1', { ifMatch: 2, body: { title: 'anon' } }), 401);
    isError(await k.api('GET', '/api/v1/features', { token: 'kt_not-a-real-token' }), 401);
    isError(await k.api('GET', '/api/v1/features', { token: T.pm.slice(0, -2) + 'xx' }), 401);
    isError(await k.api('GET', '/api/v1/features', { headers: { Authorization: `Basic ${Buffer.from('pm@keel.test:' + PASSWORD).toString('base64')}` } }), 401);
    isError(await k.api('POST', '/api/v1/features', { headers: { Cookie: 'keel_session=forged-session-value' }, body: { product: 'PAY', title: 'x' } }), 401);
  });
  await unchanged('403', async () => {
    const t = (role, method, p, opts = {}) => k.api(method, p, { token: T[role], ...opts });
    isError(await t('viewer', 'POST', '/api/v1/ideas', { body: { product: 'PAY', title: 'x', source: 'other' } }), 403);
    isError(await t('viewer', 'POST', `/api/v1/ideas/${ideaId}/vote`), 403);
    isError(await t('viewer', 'POST', '/api/v1/features/PAY-1/comments', { body: { body: 'x' } }), 403);
    isError(await t('contributor', 'POST', '/api/v1/features', { body: { product: 'PAY', title: 'x' } }), 403);
    isError(await t('contributor', 'PATCH', '/api/v1/features/PAY-1', { ifMatch: 2, body: { title: 'x' } }), 403);
    isError(await t('contributor', 'POST', '/api/v1/features/PAY-1/move', { ifMatch: 2, body: { position: 'top' } }), 403);
    isError(await t('contributor', 'POST', `/api/v1/ideas/${ideaId}/decline`, { ifMatch: 1, body: { reason: 'mine' } }), 403);
    isError(await t('pm', 'GET', '/api/v1/users'), 403);
    isError(await t('pm', 'POST', '/api/v1/users', { body: { email: 'x@keel.test', name: 'X', role: 'admin', password: 'long-enough-1' } }), 403);
    isError(await t('pm', 'PATCH', '/api/v1/users/1', { ifMatch: 1, body: { role: 'admin' } }), 403);
  });
  // A contributor may edit only their own idea (and only while it is new).
  const other = await k.api('POST', '/api/v1/ideas', { token: T.pm, body: { product: 'PAY', title: 'PM idea', source: 'other' } });
  assert.equal(other.status, 201);
  await unchanged('403 on another person\'s idea', async () => {
    isError(await k.api('PATCH', `/api/v1/ideas/${other.json.id}`, { token: T.contributor, ifMatch: 1, body: { title: 'hijack' } }), 403);
  });
  await unchanged('404', async () => {
    isError(await pm('GET', '/api/v1/features/PAY-999'), 404);
    isError(await pm('GET', '/api/v1/features/NOPE-1'), 404);
    isError(await pm('GET', '/api/v1/ideas/99999'), 404);
    isError(await pm('GET', '/api/v1/ideas/abc'), 404);
    isError(await pm('GET', '/api/v1/ideas/-1'), 404);
    isError(await pm('GET', '/api/v1/products/ZZZ'), 404);
    isError(await pm('PATCH', '/api/v1/features/PAY-999', { ifMatch: 1, body: { title: 'x' } }), 404);
    isError(await pm('POST', '/api/v1/ideas/99999/review', { ifMatch: 1 }), 404);
    isError(await pm('POST', '/api/v1/ideas/99999/vote'), 404);
    isError(await pm('POST', '/api/v1/features/PAY-999/comments', { body: { body: 'x' } }), 404);
    isError(await pm('GET', '/api/v1/no-such-thing'), 404);
    isError(await k.api('GET', '/api/v1/users/999', { token: T.admin }), 404);
    isError(await pm('DELETE', '/api/v1/tokens/999'), 404);
    const page = await pmWeb.get('/features/PAY-999');
    assert.equal(page.status, 404);
    assertHtmlDocument(page.text, '404 page');
  });
});

test('CSRF: a form POST or an API change with the session cookie but without the right token → 403', async () => {
  const pay1 = (await pm('GET', '/api/v1/features/PAY-1')).json;
  const editForm = { version: `${pay1.version}`, title: 'CSRF attack', description: '', status: 'candidate', horizon: 'now', reach: '', impact: '', confidence: '', effort: '', ice_impact: '', ice_confidence: '', ice_ease: '' };
  const admin = await k.session(E.admin, PASSWORD);
  await unchanged('CSRF', async () => {
    for (const csrf of [null, 'wrong-token', admin.csrf, '']) {
      const what = `_csrf ${JSON.stringify(csrf)}`;
      const r = await pmWeb.post('/features/PAY-1', editForm, { csrf });
      assert.equal(r.status, 403, `${what}: ${r.text.slice(0, 200)}`);
      assertHtmlDocument(r.text, what);
      const t = await pmWeb.post(`/ideas/${ideaId}/triage`, { version: '1', action: 'decline', reason: 'csrf' }, { csrf });
      assert.equal(t.status, 403, what);
      const a = await pmWeb.api('POST', '/api/v1/ideas', { csrf, body: { product: 'PAY', title: 'CSRF idea', source: 'other' } });
      isError(a, 403, '_csrf');
      const p = await pmWeb.api('PATCH', '/api/v1/features/PAY-1', { csrf, ifMatch: pay1.version, body: { title: 'CSRF attack' } });
      isError(p, 403, '_csrf');
    }
    // The token in the wrong place (a form field on a JSON request) does not count either.
    const j = await pmWeb.request('POST', '/api/v1/ideas', {
      body: JSON.stringify({ product: 'PAY', title: 'x', source: 'other', _csrf: pmWeb.csrf }),
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(j.status, 403);
    // Signing out needs the token too: without it, the session lives on.
    const out = await pmWeb.post('/logout', {}, { csrf: null });
    assert.equal(out.status, 403);
    assert.equal((await pmWeb.get('/account')).status, 200);
  });
  // The same requests with the right token work: the 403s above were the CSRF check.
  const ok = await pmWeb.api('POST', '/api/v1/features/PAY-1/comments', { body: { body: 'with the token' } });
  assert.equal(ok.status, 201, ok.text);
  const form = await pmWeb.post('/features/PAY-1/comments', { body: 'form with the token' });
  assert.equal(form.status, 303, form.text);
  // A bearer token needs no CSRF token: it is not sent by browsers on their own.
  assert.equal((await pm('POST', '/api/v1/features/PAY-1/comments', { body: { body: 'bearer' } })).status, 201);
});

test('If-Match: missing → 428, stale → 412, not an ETag → 400', async () => {
  const pay1 = (await pm('GET', '/api/v1/features/PAY-1')).json;
  assert.ok(pay1.version > 1);
  await unchanged('If-Match', async () => {
    isError(await pm('PATCH', '/api/v1/features/PAY-1', { body: { title: 'x' } }), 428, 'If-Match');
    isError(await pm('POST', '/api/v1/features/PAY-1/move', { body: { position: 'top' } }), 428, 'If-Match');
    for (const action of ['review', 'promote', 'decline', 'duplicate']) {
      const body = action === 'decline' ? { reason: 'r' } : action === 'duplicate' ? { of: 999 } : {};
      isError(await pm('POST', `/api/v1/ideas/${ideaId}/${action}`, { body }), 428, 'If-Match');
    }
    isError(await pm('PATCH', `/api/v1/ideas/${ideaId}`, { body: { title: 'x' } }), 428, 'If-Match');
    isError(await pm('PATCH', '/api/v1/products/PAY', { body: { name: 'x' } }), 428, 'If-Match');

    isError(await pm('PATCH', '/api/v1/features/PAY-1', { ifMatch: 1, body: { title: 'stale' } }), 412);
    isError(await pm('POST', '/api/v1/features/PAY-1/move', { ifMatch: 1, body: { position: 'top' } }), 412);
    isError(await pm('PATCH', '/api/v1/features/PAY-1', { ifMatch: pay1.version + 1, body: { title: 'future' } }), 412);
    isError(await pm('POST', `/api/v1/ideas/${ideaId}/review`, { ifMatch: 7 }), 412);
    isError(await pm('PATCH', '/api/v1/products/PAY', { ifMatch: 9, body: { name: 'x' } }), 412);

    for (const bad of ['abc', '"x"', '"0"', '"-3"', '"1" junk', 'W/"abc"', '1', '"99999999999999999999"', '""', '"2', '"2", "3"']) {
      isError(await pm('PATCH', '/api/v1/features/PAY-1', { ifMatch: bad, body: { title: 'x' } }), 400, 'If-Match');
    }
    isError(await pm('POST', `/api/v1/ideas/${ideaId}/review`, { ifMatch: 'yesterday' }), 400, 'If-Match');
  });
});

test('the CLI: invalid input → 3 with one "keel: ..." line; not found → 4; not allowed → 5; stale → 6; usage → 2', async () => {
  const oneLine = (r, code, what) => {
    assert.equal(r.code, code, `${what}: exit ${r.code}, stderr ${r.stderr}`);
    assert.match(r.stderr, /^keel: [^\n]+\n$/, `${what}: stderr must be one "keel: ..." line: ${JSON.stringify(r.stderr)}`);
    assert.equal(r.stdout, '', `${what}: nothing on stdout`);
  };
  await unchanged('CLI refusals', async () => {
    oneLine(await k.cli(['feature', 'add', '--product', 'PAY', '--title', 'x', '--reach', '1', '--impact', '7', '--confidence', '50', '--effort', '1']), 3, 'impact 7');
    oneLine(await k.cli(['feature', 'edit', 'PAY-1', '--confidence', '150']), 3, 'confidence 150');
    oneLine(await k.cli(['feature', 'add', '--product', 'NOPE', '--title', 'x']), 3, 'no such product');
    oneLine(await k.cli(['product', 'add', 'lower', '--name', 'x']), 3, 'bad key');
    oneLine(await k.cli(['idea', 'add', '--product', 'PAY', '--title', '  ', '--source', 'customer']), 3, 'empty title');
    oneLine(await k.cli(['idea', 'add', '--product', 'PAY', '--title', 'x', '--source', 'spaceship']), 3, 'bad source');
    oneLine(await k.cli(['idea', 'decline', `${ideaId}`, '--reason', '   ']), 3, 'blank reason');
    oneLine(await k.cli(['feature', 'list', '--status', 'bogus']), 3, 'bad status filter');
    oneLine(await k.cli(['feature', 'list'], { user: 'nobody@keel.test' }), 3, 'unknown --user');

    oneLine(await k.cli(['feature', 'show', 'PAY-999']), 4, 'feature show');
    oneLine(await k.cli(['idea', 'show', '99999']), 4, 'idea show');
    oneLine(await k.cli(['product', 'show', 'ZZZ']), 4, 'product show');
    oneLine(await k.cli(['feature', 'move', 'PAY-999', '--top']), 4, 'feature move');
    oneLine(await k.cli(['idea', 'review', '99999']), 4, 'idea review');
    oneLine(await k.cli(['feature', 'edit', 'PAY-999', '--title', 'x']), 4, 'feature edit');

    oneLine(await k.cli(['idea', 'add', '--product', 'PAY', '--title', 'x'], { user: E.viewer }), 5, 'viewer submits');
    oneLine(await k.cli(['feature', 'move', 'PAY-1', '--top'], { user: E.viewer }), 5, 'viewer moves');
    oneLine(await k.cli(['feature', 'add', '--product', 'PAY', '--title', 'x'], { user: E.contributor }), 5, 'contributor adds a feature');
    oneLine(await k.cli(['idea', 'decline', `${ideaId}`, '--reason', 'x'], { user: E.contributor }), 5, 'contributor declines');
    oneLine(await k.cli(['user', 'add', 'x@keel.test', '--name', 'X', '--role', 'admin'], { user: E.pm, input: 'long-enough-pw\n' }), 5, 'pm adds a user');

    oneLine(await k.cli(['feature', 'edit', 'PAY-1', '--title', 'stale', '--if-version', '1']), 6, 'stale feature edit');
    oneLine(await k.cli(['feature', 'move', 'PAY-1', '--top', '--if-version', '1']), 6, 'stale move');
    oneLine(await k.cli(['product', 'edit', 'PAY', '--name', 'x', '--if-version', '9']), 6, 'stale product edit');
    oneLine(await k.cli(['idea', 'review', `${ideaId}`, '--if-version', '9']), 6, 'stale review');
    oneLine(await k.cli(['product', 'add', 'PAY', '--name', 'again']), 6, 'duplicate product');

    const bare = await k.cli([]);
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /usage: keel/);
    assert.match(bare.stderr, /idea add/);
    assert.equal(bare.stdout, '');
    for (const args of [['frobnicate'], ['feature'], ['feature', 'add', '--bogus'], ['feature', 'add', '--title'], ['idea', 'show']]) {
      const r = await k.cli(args);
      assert.equal(r.code, 2, `keel ${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^keel/);
    }
  });
});

// ---- hostile text ----------------------------------------------------------

const XSS1 = '<script>alert(1)</script>';
const XSS2 = `"'><img src=x onerror=alert(1)>`;
const AMP = `Tom & Jerry's "best" <b>deal</b> &amp; more`;
const UNI = 'Zoë Ünïcødé — 日本語 🚀 ½';
const MD = ['Intro **bold** and _em_', XSS1, XSS2, '[click me](javascript:alert(1))', '<a href="javascript:alert(2)">raw link</a>',
  '<iframe src="/login"></iframe>', AMP, UNI].join('\n\n');

/** Asserts a page shows each string (after unescaping) and nothing dangerous raw. */
function assertEscaped(r, what, shown) {
  assertHtmlDocument(r.text, what);
  const raw = r.text;
  assert.ok(!raw.includes('<script>alert'), `${what}: raw <script>alert`);
  assert.ok(!/<img src=x/i.test(raw), `${what}: raw <img src=x`);
  assert.ok(!/<iframe/i.test(raw), `${what}: raw <iframe`);
  assert.ok(!/<b>deal/.test(raw), `${what}: raw <b> from user text`);
  assert.ok(!/href\s*=\s*["']?\s*javascript:/i.test(raw), `${what}: a javascript: link`);
  const text = htmlDecode(raw);
  for (const s of shown) assert.ok(text.includes(s), `${what}: should show ${JSON.stringify(s)}`);
}

test('hostile text is stored exactly as typed and every page shows it only escaped', async () => {
  // The actors and objects, all with hostile text.
  const evilName = `${XSS2} Evil`;
  const u = await k.api('POST', '/api/v1/users', { token: T.admin, body: { email: 'evil@keel.test', name: evilName, role: 'contributor', password: PASSWORD } });
  assert.equal(u.status, 201, u.text);
  assert.equal(u.json.name, evilName);
  const evilToken = await k.token('evil@keel.test');

  const prodName = `${XSS1} Hostile & Co`;
  const p = await k.api('POST', '/api/v1/products', { token: T.pm, body: { key: 'HX', name: prodName, description: MD } });
  assert.equal(p.status, 201, p.text);
  assert.equal(p.json.name, prodName);
  assert.equal(p.json.description, MD);

  const t1 = `${XSS1} ${AMP}`;
  const t2 = `${XSS2} ${UNI}`;
  const f1 = await pm('POST', '/api/v1/features', { body: { product: 'HX', title: t1, description: MD, horizon: 'now', rice: { reach: 10, impact: 1, confidence: 50, effort: 1 } } });
  const f2 = await pm('POST', '/api/v1/features', { body: { product: 'HX', title: t2, horizon: 'now' } });
  assert.equal(f1.status, 201, f1.text);
  assert.equal(f2.status, 201, f2.text);
  // The CLI stores them as typed too.
  const f3 = await k.cliJson(['feature', 'add', '--product', 'HX', '--title', `${XSS2} cli`, '--description', MD, '--horizon', 'next']);

  const customer = `${XSS2} & Co "Ltd"`;
  const idea = await k.api('POST', '/api/v1/ideas', { token: evilToken, body: { product: 'HX', title: `${XSS1} idea`, description: MD, source: 'customer', customer } });
  assert.equal(idea.status, 201, idea.text);
  const idea2 = await k.api('POST', '/api/v1/ideas', { token: evilToken, body: { product: 'HX', title: `second ${UNI}`, source: 'sales' } });
  const reason = `${XSS1} ${AMP}`;
  const dec = await pm('POST', `/api/v1/ideas/${idea2.json.id}/decline`, { ifMatch: 1, body: { reason } });
  assert.equal(dec.status, 200, dec.text);
  const c1 = await k.api('POST', '/api/v1/features/HX-1/comments', { token: evilToken, body: { body: MD } });
  const c2 = await k.api('POST', `/api/v1/ideas/${idea.json.id}/comments`, { token: evilToken, body: { body: MD } });
  assert.equal(c1.status, 201, c1.text);
  assert.equal(c2.status, 201, c2.text);

  // Stored exactly as typed: read back through the API and the CLI.
  const g1 = (await pm('GET', '/api/v1/features/HX-1')).json;
  assert.equal(g1.title, t1);
  assert.equal(g1.description, MD);
  assert.equal((await pm('GET', '/api/v1/features/HX-2')).json.title, t2);
  assert.equal((await pm('GET', `/api/v1/features/${f3.key}`)).json.title, `${XSS2} cli`);
  assert.equal((await pm('GET', `/api/v1/features/${f3.key}`)).json.description, MD);
  const gi = (await pm('GET', `/api/v1/ideas/${idea.json.id}`)).json;
  assert.equal(gi.title, `${XSS1} idea`);
  assert.equal(gi.description, MD);
  assert.equal(gi.customer, customer);
  assert.equal(gi.submitted_by, evilName);
  assert.equal((await pm('GET', `/api/v1/ideas/${idea2.json.id}`)).json.decline_reason, reason);
  assert.equal((await pm('GET', '/api/v1/features/HX-1/comments')).json.items[0].body, MD);
  assert.equal((await pm('GET', '/api/v1/features/HX-1/comments')).json.items[0].author, evilName);
  assert.equal((await pm('GET', `/api/v1/ideas/${idea.json.id}/comments`)).json.items[0].body, MD);
  assert.equal((await k.cliJson(['idea', 'show', `${idea.json.id}`])).customer, customer);
  assert.equal((await k.cliJson(['product', 'show', 'HX'])).name, prodName);
  const hist = (await pm('GET', '/api/v1/features/HX-1/history')).json.items;
  assert.equal(hist[hist.length - 1].after.title, t1);

  // Every page that shows them.
  const admin = await k.session(E.admin, PASSWORD);
  const evil = await k.session('evil@keel.test', PASSWORD);
  const id = idea.json.id;
  const id2 = idea2.json.id;
  const pages = [
    [admin, '/backlog?status=all', [t1, t2, `${XSS2} cli`, prodName]],
    [admin, '/backlog?product=HX', [t1, t2]],
    [admin, '/board?product=HX', [t1, t2, `${XSS2} cli`, prodName]],
    [admin, '/features/HX-1', [t1, 'click me', 'raw link' /* text kept, tag dropped */, evilName, 'Tom & Jerry', UNI]],
    [admin, '/features/HX-1/edit', [t1, MD]],
    [admin, '/features/HX-2', [t2]],
    [admin, `/features/${f3.key}`, [`${XSS2} cli`]],
    [admin, '/ideas?status=all', [`${XSS1} idea`, customer, evilName, reason, `second ${UNI}`]],
    [admin, `/ideas?product=HX&q=${encodeURIComponent(XSS1)}`, [`${XSS1} idea`, XSS1]],
    [admin, `/ideas/${id}`, [`${XSS1} idea`, customer, evilName, 'click me']],
    [admin, `/ideas/${id}/edit`, [`${XSS1} idea`, MD, customer]],
    [admin, `/ideas/${id2}`, [reason]],
    [admin, '/products', [prodName]],
    [admin, '/products/HX', [prodName, MD, 'click me']],
    [admin, '/history', [evilName, t1]],
    [admin, '/admin/users', [evilName]],
    [admin, `/backlog?q=${encodeURIComponent(XSS1)}&status=all`, [XSS1, t1]],
    [admin, `/backlog?q=${encodeURIComponent(XSS2)}&status=all`, [XSS2, t2]],
    [evil, '/ideas/mine', [`${XSS1} idea`, customer, reason]],
    [evil, '/account', [evilName]],
    [evil, `/ideas/${id}`, [`${XSS1} idea`]],
  ];
  for (const [who, path, shown] of pages) {
    const r = await who.get(path);
    assert.equal(r.status, 200, `${path}: ${r.status}`);
    assertEscaped(r, path, shown);
  }
  // Markdown rendered, its raw HTML and javascript: links not.
  const fp = await admin.get('/features/HX-1');
  assert.match(fp.text, /<strong>bold<\/strong>/);
  assert.match(fp.text, /<em>em<\/em>/);
  // Text reflected from the URL: the sign-in form's "next", a 404 for a hostile key.
  const anon = new Web(k);
  const login = await anon.get(`/login?next=${encodeURIComponent('/"><script>alert(1)</script>')}`);
  assert.equal(login.status, 200);
  assertEscaped(login, '/login?next=...', ['/"><script>alert(1)</script>']);
  const missing = await admin.get(`/features/${encodeURIComponent(XSS1)}`);
  assert.equal(missing.status, 404);
  assertEscaped(missing, '404 page', []);
  const missing2 = await admin.get(`/ideas/${encodeURIComponent(XSS2)}`);
  assert.equal(missing2.status, 404);
  assertEscaped(missing2, '404 page (idea)', []);
  // A refused form shows the typed text back, escaped.
  const bad = await admin.post('/features', { product: 'HX', title: t1, reach: '1', impact: '7', confidence: '50', effort: '1', description: MD });
  assert.equal(bad.status, 422);
  assertEscaped(bad, 'refused feature form', [t1, MD]);
  // And the CSV export carries the text as typed (as data, not markup).
  const csv = await admin.get('/backlog.csv?product=HX');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.ok(csv.text.includes(`"${t1.replace(/"/g, '""')}"`), 'the CSV quotes the title');
});

test('summary', (t) => {
  t.diagnostic(`${checkCount()} checks`);
});
