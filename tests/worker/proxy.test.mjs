// The Worker's AOP proxy in workerd: AOP paths pass to the upstream with the right method,
// body and token; anything else of the Cloudflare API is refused with a 403 and never reaches
// the upstream. The upstream here is a recording HTTP server (the emulator tests cover the API
// itself), so what crosses the proxy can be asserted byte for byte.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { startWorker } from '../../scripts/worker-dev.mjs';

const seen = [];
const upstream = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    seen.push({ method: req.method, url: req.url, headers: req.headers, body });
    res.writeHead(req.url.includes('ratelimited') ? 429 : 200, {
      'content-type': 'application/json', 'cf-ray': 'abc123-LHR', 'retry-after': '7', 'set-cookie': 'x=y',
    });
    res.end(JSON.stringify({ success: true, errors: [], messages: [], result: { echoed: req.url } }));
  });
});
await new Promise((r) => upstream.listen(0, '127.0.0.1', r));
const UPSTREAM = `http://127.0.0.1:${upstream.address().port}/client/v4`;

const plain = await startWorker({ vars: { UPSTREAM } });
const ADMIN = 'proxy-test-admin-secret-0123456789';
const secret = await startWorker({ vars: { UPSTREAM, CF_API_TOKEN: 'server-secret-token', ADMIN_SECRET: ADMIN } });
test.after(async () => {
  await Promise.all([plain.stop(), secret.stop()]);
  upstream.close();
});

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';

test('AOP requests are forwarded with method, query, body and the page token', async () => {
  seen.length = 0;
  const res = await fetch(`${plain.url}/client/v4/zones/${ZONE}/origin_tls_client_auth/hostnames?page=2&per_page=50`, {
    method: 'PUT',
    headers: { authorization: 'Bearer page-token', 'content-type': 'application/json', cookie: 'session=1' },
    body: '{"config":[]}',
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cf-ray'), 'abc123-LHR');
  assert.equal(res.headers.get('set-cookie'), null);
  assert.equal(res.headers.get('access-control-allow-origin'), null);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].method, 'PUT');
  assert.equal(seen[0].url, `/client/v4/zones/${ZONE}/origin_tls_client_auth/hostnames?page=2&per_page=50`);
  assert.equal(seen[0].headers.authorization, 'Bearer page-token');
  assert.equal(seen[0].headers.cookie, undefined);
  assert.equal(seen[0].body, '{"config":[]}');
});

test('status and Retry-After pass back unchanged', async () => {
  const res = await fetch(`${plain.url}/client/v4/zones/${ZONE}/origin_tls_client_auth/ratelimited`);
  assert.equal(res.status, 429);
  assert.equal(res.headers.get('retry-after'), '7');
});

for (const [what, path, init] of [
  ['another Cloudflare API path', `/client/v4/zones/${ZONE}/dns_records`, {}],
  ['the zone list', '/client/v4/zones', {}],
  ['a bad zone id', '/client/v4/zones/not-a-zone/origin_tls_client_auth', {}],
  ['an encoded traversal', `/client/v4/zones/${ZONE}/origin_tls_client_auth/%2e%2e/%2e%2e/dns_records`, {}],
  ['an encoded slash', `/client/v4/zones/${ZONE}/origin_tls_client_auth/x%2fdns_records`, {}],
  ['PATCH', `/client/v4/zones/${ZONE}/origin_tls_client_auth/settings`, { method: 'PATCH', body: '{}' }],
  ['a cross-origin page', `/client/v4/zones/${ZONE}/origin_tls_client_auth`, { headers: { origin: 'https://evil.example' } }],
]) {
  test(`refused with 403 and never forwarded: ${what}`, async () => {
    seen.length = 0;
    const res = await fetch(`${plain.url}${path}`, init);
    assert.equal(res.status, 403);
    const body = await res.json();
    assert.equal(body.success, false);
    assert.equal(body.errors[0].code, 10403);
    assert.match(body.errors[0].message, /originpull proxy|traversal|method|cross-origin|cross-site/);
    assert.equal(seen.length, 0);
  });
}

test('with a server-held token the page sends the admin secret, never the token, and the token is never echoed', async () => {
  let res = await fetch(`${secret.url}/config`);
  assert.deepEqual(await res.json(), { tokenHeldByServer: true, upstream: UPSTREAM, protection: { adminSecret: true, access: false, refusing: false } });
  res = await fetch(`${plain.url}/config`);
  assert.equal((await res.json()).tokenHeldByServer, false);

  seen.length = 0;
  res = await fetch(`${secret.url}/client/v4/zones/${ZONE}/origin_tls_client_auth/settings`);
  assert.equal(res.status, 401, 'no admin secret: refused (issue 13)');
  assert.equal(seen.length, 0);
  res = await fetch(`${secret.url}/client/v4/zones/${ZONE}/origin_tls_client_auth/settings`, { headers: { authorization: `Bearer ${ADMIN}` } });
  assert.equal(res.status, 200);
  const text = await res.text();
  assert.equal(seen[0].headers.authorization, 'Bearer server-secret-token');
  assert.ok(!text.includes('server-secret-token'));
  assert.ok(![...res.headers.values()].some((v) => v.includes('server-secret-token')));
  assert.ok(!secret.logs().includes('server-secret-token'));
  assert.ok(!secret.logs().includes(ADMIN));
});

test('an unreachable upstream gives a 502 envelope', async () => {
  const dead = await startWorker({ vars: { UPSTREAM: 'http://127.0.0.1:9/client/v4' } });
  try {
    const res = await fetch(`${dead.url}/client/v4/zones/${ZONE}/origin_tls_client_auth`);
    assert.equal(res.status, 502);
    assert.equal((await res.json()).errors[0].code, 10502);
  } finally {
    await dead.stop();
  }
});

test('through the proxy to the local emulator: upload, list, settings', async () => {
  const { startEmulator, DEFAULT_TOKEN } = await import('../../emulator/index.js');
  const { readFixture } = await import('../helpers/paths.mjs');
  const emu = await startEmulator({ port: 0, host: '127.0.0.1', quiet: true, deployDelayMs: 0 });
  const w = await startWorker({ vars: { UPSTREAM: emu.url } });
  try {
    const base = `${w.url}/client/v4/zones/${ZONE}/origin_tls_client_auth`;
    const auth = { authorization: `Bearer ${DEFAULT_TOKEN}`, 'content-type': 'application/json' };
    let res = await fetch(`${base}/hostnames/certificates`, {
      method: 'POST', headers: auth,
      body: JSON.stringify({ certificate: readFixture('aop', 'leaf-ec.pem'), private_key: readFixture('aop', 'leaf-ec.key') }),
    });
    const up = await res.json();
    assert.equal(res.status, 200, JSON.stringify(up));
    assert.match(up.result.id, /^[0-9a-f-]{36}$/);
    res = await fetch(`${base}/hostnames/certificates`, { headers: auth });
    assert.deepEqual((await res.json()).result.map((c) => c.id), [up.result.id]);
    res = await fetch(`${base}/settings`, { method: 'PUT', headers: auth, body: '{"enabled":true}' });
    assert.equal((await res.json()).result.enabled, true);
    res = await fetch(`${base}/settings`);
    assert.equal(res.status, 401, 'no token: the emulator answers like Cloudflare');
  } finally {
    await w.stop();
    await emu.close();
  }
});
