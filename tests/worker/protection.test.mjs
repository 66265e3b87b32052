// The Worker holding an API token (CF_API_TOKEN) in workerd: the AOP proxy, /status and the
// automation's routes serve only requests with the admin secret or a valid Cloudflare Access
// JWT (checked against a local JWKS server standing in for the team's keys). Everything else
// is refused, and the emulator's audit proves that none of it reached the upstream. Also the
// defects of issue 13: the empty Authorization header, the Host header, double-encoded
// traversal, bodies read whole before a 413, and Cache-Control on token-bearing answers.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import { spawnSync } from 'node:child_process';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { startEmulator } from '../../emulator/index.js';
import { startWorker } from '../../scripts/worker-dev.mjs';
import { randomZone } from '../helpers/aop.mjs';

const TOKEN = 'protection-test-cf-token-0123456789';
const ADMIN = 'protection-admin-secret-abcdefghijkl';
const AUD = 'originpull-test-audience-tag';

// The team's signing key (served by the local JWKS) and an impostor's key with the same kid.
const team = await generateKeyPair('RS256', { extractable: true });
const impostor = await generateKeyPair('RS256', { extractable: true });
const jwks = createServer((req, res) => {
  if (req.url !== '/cdn-cgi/access/certs') {
    res.writeHead(404).end();
    return;
  }
  exportJWK(team.publicKey).then((jwk) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [{ ...jwk, kid: 'team-key', alg: 'RS256', use: 'sig' }] }));
  });
});
await new Promise((r) => jwks.listen(0, '127.0.0.1', r));
const TEAM = `http://127.0.0.1:${jwks.address().port}`;

const zone = randomZone();
const emu = await startEmulator({ port: 0, host: '127.0.0.1', quiet: true, deployDelayMs: 0, token: TOKEN });
const WATCH = JSON.stringify([{ zone, scope: 'zone' }]);
const guarded = await startWorker({
  inner: true,
  vars: { UPSTREAM: emu.url, CF_API_TOKEN: TOKEN, ADMIN_SECRET: ADMIN, ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: AUD, AOP_WATCH: WATCH },
});
const open = await startWorker({ vars: { UPSTREAM: emu.url, CF_API_TOKEN: TOKEN, AOP_WATCH: WATCH } });
const plain = await startWorker({ vars: { UPSTREAM: emu.url } });
test.after(async () => {
  await Promise.all([guarded.stop(), open.stop(), plain.stop()]);
  await emu.close();
  jwks.close();
});

const arrived = () => emu.audit().requests.filter((r) => r.zoneId === zone || r.path.includes('dns_records'));

async function jwt({ key = team.privateKey, aud = AUD, iss = TEAM, exp = '5m', kid = 'team-key' } = {}) {
  return new SignJWT({ email: 'ops@example.com' })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer(iss)
    .setAudience(aud)
    .setSubject('user-1')
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(key);
}

const LIST = `/client/v4/zones/${zone}/origin_tls_client_auth`;
const ROUTES = [
  ['the proxy', 'GET', LIST],
  ['GET /status', 'GET', '/status'],
  ['POST /automation/run', 'POST', '/automation/run'],
];

test('with a token held: no credentials, a wrong secret, bad Access JWTs are refused on every route; nothing reaches the upstream', async () => {
  const before = arrived().length;
  const expired = await jwt({ exp: Math.floor(Date.now() / 1000) - 60 });
  const forged = await jwt({ key: impostor.privateKey });
  const otherAud = await jwt({ aud: 'someone-else' });
  const otherIssuer = await jwt({ iss: 'https://evil.cloudflareaccess.com' });
  const cases = [
    ['no credentials', {}, 'UNAUTHENTICATED'],
    ['a wrong admin secret', { authorization: `Bearer ${ADMIN}x` }, 'ADMIN_SECRET_WRONG'],
    ['the API token itself as the secret', { authorization: `Bearer ${TOKEN}` }, 'ADMIN_SECRET_WRONG'],
    ['an expired Access JWT', { 'cf-access-jwt-assertion': expired }, 'ACCESS_JWT_INVALID'],
    ['a JWT signed by another key', { 'cf-access-jwt-assertion': forged }, 'ACCESS_JWT_INVALID'],
    ['a JWT for another audience', { 'cf-access-jwt-assertion': otherAud }, 'ACCESS_JWT_INVALID'],
    ['a JWT from another issuer', { 'cf-access-jwt-assertion': otherIssuer }, 'ACCESS_JWT_INVALID'],
    ['a malformed JWT', { 'cf-access-jwt-assertion': 'not.a.jwt' }, 'ACCESS_JWT_INVALID'],
  ];
  for (const [route, method, path] of ROUTES) {
    for (const [what, headers, code] of cases) {
      const res = await fetch(`${guarded.url}${path}`, { method, headers });
      assert.equal(res.status, 401, `${route}, ${what}`);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const text = await res.text();
      assert.match(text, new RegExp(code), `${route}, ${what}: ${text}`);
      assert.ok(!text.includes(TOKEN) && !text.includes(ADMIN), 'no secret in a refusal');
    }
  }
  assert.equal(arrived().length, before, JSON.stringify(arrived().slice(before)));
  assert.ok(!guarded.logs().includes(TOKEN) && !guarded.logs().includes(ADMIN));
});

test('curl without Origin and without credentials is refused (the defect: only cross-origin was checked)', async (t) => {
  if (spawnSync('curl', ['--version']).status !== 0) return t.skip('curl is not installed');
  const before = arrived().length;
  for (const [, method, path] of ROUTES) {
    const out = spawnSync('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-X', method, `${guarded.url}${path}`], { encoding: 'utf8' });
    assert.equal(out.stdout, '401', `${method} ${path}`);
  }
  const out = spawnSync('curl', ['-s', '-X', 'PUT', '-H', 'content-type: application/json', '-d', '{"enabled":false}', `${guarded.url}${LIST}/settings`], { encoding: 'utf8' });
  assert.match(out.stdout, /UNAUTHENTICATED/);
  assert.equal(arrived().length, before);
});

test('the admin secret or a valid Access JWT gets through; the server token is what the upstream sees', async () => {
  const before = arrived().length;
  let res = await fetch(`${guarded.url}${LIST}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.deepEqual((await res.json()).result, []);
  res = await fetch(`${guarded.url}${LIST}/settings`, { headers: { 'cf-access-jwt-assertion': await jwt() } });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).result.enabled, false);
  // The emulator accepts only TOKEN: both arrived with the server's token.
  assert.deepEqual(arrived().slice(before).map((r) => r.status), [200, 200]);
  res = await fetch(`${guarded.url}/status`, { headers: { authorization: `Bearer ${ADMIN}` } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const status = await res.json();
  assert.deepEqual(status.zones.map((z) => [z.zone, z.outcome]), [[zone, 'never_run']]);
  // With the secret, but from another site's page: refused.
  res = await fetch(`${guarded.url}/automation/run`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, origin: 'https://evil.example' } });
  assert.equal(res.status, 403);
  assert.equal((await res.json()).error.code, 'CROSS_ORIGIN');
});

test('a token with no protection configured: the Worker refuses and says why; /config tells the page', async () => {
  const before = arrived().length;
  for (const [, method, path] of ROUTES) {
    const res = await fetch(`${open.url}${path}`, { method, headers: { authorization: `Bearer ${ADMIN}` } });
    assert.equal(res.status, 503, path);
    assert.match(await res.text(), /PROTECTION_NOT_CONFIGURED.*set ADMIN_SECRET.*ACCESS_TEAM_DOMAIN/);
  }
  const config = await (await fetch(`${open.url}/config`)).json();
  assert.deepEqual(config.protection, { adminSecret: false, access: false, refusing: true });
  assert.equal(arrived().length, before);
});

test('an empty Authorization header is refused, never replaced by the server token', async () => {
  const before = arrived().length;
  // workerd may see an empty header as no header: with a token held, either is refused
  // (400 for a malformed one, 401 or 503 for none); never forwarded with the server's token.
  for (const w of [guarded, open]) {
    for (const value of ['', 'Bearer', 'Bearer ', 'Basic abc']) {
      const res = await raw(w.url, { path: LIST, headers: { authorization: value } });
      assert.ok([400, 401, 503].includes(res.status), `${JSON.stringify(value)}: ${res.status}`);
      assert.equal(JSON.parse(res.body).errors[0].code, 10403);
      assert.equal(res.headers['cache-control'], 'no-store');
    }
  }
  // Without a token held, a malformed header is refused too (it is never "no token").
  for (const value of ['Bearer', 'Bearer ', 'Basic abc']) {
    const res = await raw(plain.url, { path: LIST, headers: { authorization: value } });
    assert.equal(res.status, 400, JSON.stringify(value));
  }
  assert.equal(arrived().length, before);
});

/** A raw HTTP request (fetch may not set Host), answered as { status, headers, body }. */
function raw(base, { method = 'GET', path, headers = {}, body, hold = false }) {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        resolve({ status: res.statusCode, headers: res.headers, body: text, req });
        req.destroy();
      });
    });
    req.on('error', (e) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? null : reject(e)));
    if (body) req.write(body);
    if (!hold) req.end();
  });
}

test('DNS rebinding: a request naming another Host is refused even when Origin matches it', async () => {
  const before = arrived().length;
  const port = new URL(guarded.url).port;
  for (const path of [LIST, '/status', '/config']) {
    const res = await raw(guarded.url, {
      path,
      headers: { host: `rebind.attacker.example:${port}`, origin: `http://rebind.attacker.example:${port}`, authorization: `Bearer ${ADMIN}` },
    });
    assert.equal(res.status, 403, `${path}: ${res.body}`);
    assert.match(res.body, /host rebind\.attacker\.example.*ALLOWED_HOSTS/);
  }
  // The unprotected Worker (no token): the page's own token must not be spendable either.
  const res = await raw(plain.url, { path: LIST, headers: { host: `rebind.attacker.example:${port}`, authorization: `Bearer ${TOKEN}` } });
  assert.equal(res.status, 403);
  assert.equal(arrived().length, before);
});

test('double-encoded traversal is refused before the upstream', async () => {
  const before = arrived().length;
  for (const path of [
    `${LIST}/%252e%252e/%252e%252e/dns_records`,
    `${LIST}/%2e%2e/%2e%2e/dns_records`,
    `${LIST}/hostnames/%25252e%25252e`,
    `${LIST}/x%252fdns_records`,
  ]) {
    for (const w of [guarded, plain]) {
      const res = await raw(w.url, { path, headers: { authorization: `Bearer ${w === guarded ? ADMIN : TOKEN}` } });
      assert.equal(res.status, 403, `${path}: ${res.body}`);
      assert.match(res.body, /traversal|percent-encoding|originpull proxy forwards only/);
    }
  }
  assert.equal(arrived().length, before);
});

test('a huge body is refused as it streams in, not after it was read whole (proxy, /inspect, /validate)', async () => {
  const before = arrived().length;
  for (const [path, headers, limit] of [
    [`${LIST}/hostnames/certificates`, { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, 1 << 20],
    ['/inspect', {}, 1 << 20],
    ['/validate', { 'content-type': 'application/json' }, 3 * (1 << 20) + (64 << 10)],
  ]) {
    // No length, 8 MiB sent and the body never finished: workerd answers 413 while it is still
    // arriving (straight to the Worker's socket: wrangler's dev proxy waits for whole bodies).
    const open = await sendOpen(guarded.inner, path, { ...headers, 'transfer-encoding': 'chunked' });
    assert.equal(open.status, 413, `${path}: ${open.body}`);
    assert.equal(open.ended, false, 'answered before the body was finished');
    assert.match(open.body, new RegExp(`larger than this route's ${limit}-byte limit`));
    // A declared length over the limit, through wrangler dev as users run it: 413.
    const declared = await fetch(`${guarded.url}${path}`, { method: 'POST', headers, body: Buffer.alloc(limit + 1, 0x41) });
    assert.equal(declared.status, 413, path);
    assert.equal(declared.headers.get('cache-control'), 'no-store');
  }
  assert.equal(arrived().length, before);
});

/** POST a body that is never finished, 64 KiB every few milliseconds up to 8 MiB, until an
 *  answer starts (so the connection is not reset under it); the answer, and whether the body
 *  had ended. */
function sendOpen(target, path, headers) {
  const chunk = Buffer.alloc(64 * 1024, 0x41);
  return new Promise((resolve, reject) => {
    const u = new URL(target.url);
    let answered = false;
    const req = httpRequest({ host: u.hostname, port: u.port, method: 'POST', path, headers: { ...target.headers, ...headers } }, (res) => {
      answered = true;
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        resolve({ status: res.statusCode, body: text, ended: req.writableEnded });
        req.destroy();
      });
    });
    req.on('error', (e) => reject(new Error(`${path}: the connection failed before an answer (${e.code})`)));
    let sent = 0;
    const pump = () => {
      if (answered || sent >= 8 * 1024 * 1024) return;
      sent += chunk.length;
      req.write(chunk, () => setTimeout(pump, 2));
    };
    pump();
  });
}

test('token-bearing answers are never cached: /config, /inspect, /validate, the proxy', async () => {
  const demo = await startWorker({ vars: { UPSTREAM: emu.url, UPSTREAM_KIND: 'emulator', DEMO_TOKEN: 'demo-token' } });
  try {
    let res = await fetch(`${demo.url}/config`);
    assert.equal((await res.json()).demoToken, 'demo-token');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    res = await fetch(`${demo.url}/inspect`, { method: 'POST', body: 'x' });
    assert.equal(res.headers.get('cache-control'), 'no-store');
    res = await fetch(`${demo.url}/validate`, { method: 'POST', body: '{}' });
    assert.equal(res.headers.get('cache-control'), 'no-store');
    res = await fetch(`${demo.url}${LIST}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    res = await fetch(`${demo.url}/client/v4/zones`);
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('cache-control'), 'no-store');
  } finally {
    await demo.stop();
  }
});
