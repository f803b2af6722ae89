// proxy.test.mjs — keel serve behind a reverse proxy. X-Forwarded-For and
// X-Forwarded-Proto are believed only from the addresses named with
// --trust-proxy: then sign-in throttling counts each real client, not the
// proxy, and cookies say Secure when the client came over HTTPS. From anyone
// else the headers change nothing.
import { after, test } from 'node:test';

import { assert, checkCount, Keel, PASSWORD, Web } from './lib.mjs';

const started = [];
after(async () => {
  for (const k of started) await k.stop();
});

async function start(serveArgs = []) {
  const k = await Keel.start({ serveArgs });
  started.push(k);
  return k;
}

const sessionCookie = (r) => r.setCookies.find((c) => c.name === 'keel_session' && c.value);

/** Fails 20 sign-ins (the per-address limit) for unknown accounts, each from the given X-Forwarded-For. */
async function failTwenty(k, xff) {
  for (let i = 1; i <= 20; i++) {
    const r = await new Web(k, { headers: { 'X-Forwarded-For': xff(i) } }).login(`nobody-${i}@keel.test`, `guess-${i}`);
    assert.equal(r.status, 401, `failed sign-in ${i}`);
  }
}

test('--trust-proxy takes IPv4 addresses and networks; anything else is refused before serving', async () => {
  const k = new Keel();
  await k.init({ users: false });
  try {
    for (const [value, why] of [
      ['localhost', /localhost is not an IPv4 address or network/],
      ['::1', /::1 is not an IPv4 address/],
      ['10.0.0.0/33', /10\.0\.0\.0\/33 is not an IPv4 address or network/],
      ['', /name at least one proxy address/],
    ]) {
      const r = await k.cli(['serve', '--listen', '127.0.0.1:0', '--trust-proxy', value]);
      assert.notEqual(r.code, 0, `--trust-proxy '${value}' was accepted`);
      assert.match(r.stderr, why);
      assert.doesNotMatch(r.stdout, /keel is serving/);
    }
  } finally {
    await k.stop(); // never served: removes its workspace directory
  }
});

test('without --trust-proxy, forwarding headers are ignored: throttling counts the real peer, cookies are not Secure', async () => {
  const k = await start();
  const claimsHttps = new Web(k, { headers: { 'X-Forwarded-For': '203.0.113.5', 'X-Forwarded-Proto': 'https' } });
  const ok = await claimsHttps.login(k.users.viewer.email, PASSWORD);
  assert.equal(ok.status, 303);
  assert.equal(sessionCookie(ok).attrs.secure, undefined, 'no Secure on the word of an untrusted header');
  // Twenty failures, each claiming another address: all are this peer's.
  await failTwenty(k, (i) => `203.0.113.${i}`);
  const next = await new Web(k, { headers: { 'X-Forwarded-For': '198.51.100.1' } }).login(k.users.pm.email, PASSWORD);
  assert.equal(next.status, 429, 'a made-up X-Forwarded-For does not escape the per-address limit');
  assert.ok(Number(next.headers.get('retry-after')) > 0);
});

test('with --trust-proxy 127.0.0.1, each client behind the proxy is throttled on its own, and HTTPS clients get Secure cookies', async () => {
  const k = await start(['--trust-proxy', '127.0.0.1']);
  const https = await new Web(k, { headers: { 'X-Forwarded-For': '203.0.113.5', 'X-Forwarded-Proto': 'https' } })
    .login(k.users.viewer.email, PASSWORD);
  assert.equal(https.status, 303);
  assert.equal(sessionCookie(https).attrs.secure, true, `Set-Cookie: ${sessionCookie(https).raw}`);
  const http = await new Web(k, { headers: { 'X-Forwarded-For': '203.0.113.5', 'X-Forwarded-Proto': 'http' } })
    .login(k.users.viewer.email, PASSWORD);
  assert.equal(http.status, 303);
  assert.equal(sessionCookie(http).attrs.secure, undefined);

  await failTwenty(k, () => '203.0.113.5');
  const same = await new Web(k, { headers: { 'X-Forwarded-For': '203.0.113.5' } }).login(k.users.pm.email, PASSWORD);
  assert.equal(same.status, 429, 'the client with 20 failures waits');
  // A client cannot talk its way out: the proxy appends the address it saw,
  // and the rightmost untrusted entry is the one that counts.
  const spoof = await new Web(k, { headers: { 'X-Forwarded-For': '198.51.100.77, 203.0.113.5' } }).login(k.users.pm.email, PASSWORD);
  assert.equal(spoof.status, 429, 'an entry left of the real client is not believed');
  // Everybody else behind the same proxy signs in.
  const other = await new Web(k, { headers: { 'X-Forwarded-For': '203.0.113.6, 127.0.0.1' } }).login(k.users.pm.email, PASSWORD);
  assert.equal(other.status, 303, 'another client behind the same proxy is not throttled');
  const v6 = await new Web(k, { headers: { 'X-Forwarded-For': '[2001:db8::5]:51000' } }).login(k.users.admin.email, PASSWORD);
  assert.equal(v6.status, 303);
  // A header that is not an address counts against the proxy's own address.
  const junk = await new Web(k, { headers: { 'X-Forwarded-For': 'unknown' } }).login(k.users.contributor.email, PASSWORD);
  assert.equal(junk.status, 303);
});

test('summary', (t) => {
  t.diagnostic(`${checkCount()} checks`);
});
