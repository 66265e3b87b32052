// buildRequest / parseResponse through the package as users import it, checked against
// Cloudflare's own schema (../shared/cloudflare/aop-openapi.json, official subset): for every
// operation the method and path template come from the schema, and every JSON body validates
// against the operation's requestBody schema (ajv, OpenAPI 3.0 keywords).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const repoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
if (!existsSync(path.join(repoRoot, 'pkg', 'originpull_bg.wasm'))) {
  execFileSync('node', ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
}
const op = await import('originpull');

const schemaPath = path.join(repoRoot, '..', 'shared', 'cloudflare', 'aop-openapi.json');
const doc = existsSync(schemaPath) ? JSON.parse(readFileSync(schemaPath, 'utf8')) : null;
if (!doc) console.log(`# schema checks skipped: ${schemaPath} not found`);

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const CERT = '2458ce5a-0c35-4c7f-82c7-8e9487d3ff60';
const TOKEN = 'Xk9_abcdefGHIJKLmnopQRSTuvwxYZ0123456789';
// The schema's own example certificate and key (certificate-6 / private_key-3), so the upload
// bodies are realistic; they are only built into JSON here, never sent.
const schemas = doc?.components.schemas ?? {};
const PEM_CERT = schemas['tls-certificates-and-hostnames_certificate-6']?.example ??
  '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const PEM_KEY = schemas['tls-certificates-and-hostnames_private_key-3']?.example ??
  '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n';

/** operationId -> { method, template, operation } from the schema. */
const byId = new Map();
for (const [template, item] of Object.entries(doc?.paths ?? {})) {
  for (const [method, operation] of Object.entries(item)) {
    byId.set(operation.operationId, { method: method.toUpperCase(), template, operation });
  }
}

// Ajv over OpenAPI 3.0 schemas: `nullable`, `example` and x-* keywords are not JSON Schema,
// so strict mode is off; component refs are rewritten to local definitions.
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const definitions = JSON.parse(JSON.stringify(schemas).replaceAll('#/components/schemas/', '#/definitions/'));
function validator(schema) {
  const local = JSON.parse(JSON.stringify(schema).replaceAll('#/components/schemas/', '#/definitions/'));
  return ajv.compile({ ...local, definitions });
}

/** params for each operation, with what the path must be. */
const cases = {
  'zone-level-authenticated-origin-pulls-list-certificates': { params: { zone_id: ZONE } },
  'zone-level-authenticated-origin-pulls-upload-certificate': {
    params: { zone_id: ZONE, body: { certificate: PEM_CERT, private_key: PEM_KEY } },
  },
  'zone-level-authenticated-origin-pulls-get-certificate-details': { params: { zone_id: ZONE, certificate_id: CERT } },
  'zone-level-authenticated-origin-pulls-delete-certificate': { params: { zone_id: ZONE, certificate_id: CERT } },
  'zone-level-authenticated-origin-pulls-get-enablement-setting-for-zone': { params: { zone_id: ZONE } },
  'zone-level-authenticated-origin-pulls-set-enablement-for-zone': { params: { zone_id: ZONE, body: { enabled: true } } },
  'per-hostname-authenticated-origin-pull-list-certificates': { params: { zone_id: ZONE } },
  'per-hostname-authenticated-origin-pull-upload-a-hostname-client-certificate': {
    params: { zone_id: ZONE, body: { certificate: PEM_CERT, private_key: PEM_KEY } },
  },
  'per-hostname-authenticated-origin-pull-get-the-hostname-client-certificate': { params: { zone_id: ZONE, certificate_id: CERT } },
  'per-hostname-authenticated-origin-pull-delete-hostname-client-certificate': { params: { zone_id: ZONE, certificate_id: CERT } },
  'per-hostname-authenticated-origin-pull-enable-or-disable-a-hostname-for-client-authentication': {
    params: {
      zone_id: ZONE,
      body: {
        config: [
          { hostname: 'app.example.com', cert_id: CERT, enabled: true },
          { hostname: 'old.example.com', cert_id: CERT, enabled: false },
          { hostname: 'bücher.example', cert_id: CERT, enabled: null },
        ],
      },
    },
  },
  'per-hostname-authenticated-origin-pull-get-the-hostname-status-for-client-authentication': {
    params: { zone_id: ZONE, hostname: 'App.Example.com.' },
    hostname: 'app.example.com',
  },
  'per-hostname-authenticated-origin-pull-list-hostname-associations': {
    params: { zone_id: ZONE, page: 2, per_page: 1000, status: 'all' },
    query: { page: '2', per_page: '1000', status: 'all' },
  },
};

test('the cases cover exactly the schema operations', { skip: !doc }, () => {
  assert.equal(byId.size, 13);
  assert.deepEqual(Object.keys(cases).sort(), [...byId.keys()].sort());
});

test('the schema validators are not vacuous', { skip: !doc }, () => {
  const body = (id) => byId.get(id).operation.requestBody.content['application/json'].schema;
  const setting = validator(body('zone-level-authenticated-origin-pulls-set-enablement-for-zone'));
  assert.ok(setting({ enabled: true }));
  assert.ok(!setting({ enabled: null }), 'null is not a valid zone setting (P3)');
  assert.ok(!setting({}));
  const upload = validator(body('per-hostname-authenticated-origin-pull-upload-a-hostname-client-certificate'));
  assert.ok(!upload({ certificate: PEM_CERT }));
  const assoc = validator(body('per-hostname-authenticated-origin-pull-enable-or-disable-a-hostname-for-client-authentication'));
  assert.ok(assoc({ config: [{ hostname: 'a.example.com', cert_id: CERT, enabled: null }] }), JSON.stringify(assoc.errors));
  assert.ok(!assoc({ config: [{ hostname: 'a.example.com', cert_id: CERT, enabled: 'yes' }] }));
  assert.ok(!assoc({ config: [{ hostname: 'a.example.com', cert_id: `${CERT}0`, enabled: true }] }), 'cert_id maxLength 36');
});

for (const [operationId, c] of Object.entries(cases)) {
  test(`buildRequest ${operationId}`, () => {
    const req = op.buildRequest(operationId, c.params);
    assert.deepEqual(Object.keys(req).sort(), ['body', 'headers', 'method', 'path', 'url']);
    assert.equal(req.url, `https://api.cloudflare.com/client/v4${req.path}`);
    assert.equal(req.headers.accept, 'application/json');
    assert.equal(req.headers.authorization, undefined, 'no token header unless a token is passed');
    assert.equal(req.headers['content-type'], req.body === null ? undefined : 'application/json');
    for (const name of Object.keys(req.headers)) assert.equal(name, name.toLowerCase());

    if (!doc) return;
    const spec = byId.get(operationId);
    assert.ok(spec, 'operationId is in the schema');
    assert.equal(req.method, spec.method);

    // The path is the template with our values, plus the query string where the schema has one.
    const [pathname, query = ''] = req.path.split('?');
    const expected = spec.template
      .replace('{zone_id}', ZONE)
      .replace('{certificate_id}', CERT)
      .replace('{hostname}', c.hostname ?? '');
    assert.equal(pathname, expected);
    const params = spec.operation.parameters ?? [];
    for (const p of params.filter((p) => p.in === 'path')) {
      assert.ok(spec.template.includes(`{${p.name}}`));
    }
    const zoneSchema = params.find((p) => p.name === 'zone_id').schema;
    assert.ok(validator(zoneSchema)(ZONE), 'zone_id fits the identifier schema');
    const got = Object.fromEntries(new URLSearchParams(query));
    assert.deepEqual(got, c.query ?? {});
    for (const [name, value] of Object.entries(got)) {
      const p = params.find((p) => p.in === 'query' && p.name === name);
      assert.ok(p, `query parameter ${name} is in the schema`);
      const typed = p.schema.type === 'number' ? Number(value) : value;
      const v = validator(p.schema);
      assert.ok(v(typed), `${name}=${value}: ${JSON.stringify(v.errors)}`);
    }

    const rb = spec.operation.requestBody;
    const bodySchema = rb?.content?.['application/json']?.schema;
    if (req.method === 'DELETE') {
      // The schema declares a body without a schema; like the official SDK we send none (P20).
      assert.equal(req.body, null);
    } else if (bodySchema) {
      assert.notEqual(req.body, null, 'an operation with a body schema gets a body');
      const body = JSON.parse(req.body);
      const v = validator(bodySchema);
      assert.ok(v(body), JSON.stringify(v.errors));
      // Only documented fields (R5, P17): every key is a property of the schema.
      assert.deepEqual(Object.keys(body).sort(), Object.keys(bodySchema.properties).sort());
    } else {
      assert.equal(rb, undefined);
      assert.equal(req.body, null);
    }
  });
}

test('association bodies keep explicit nulls and normalise hostnames', () => {
  const id = 'per-hostname-authenticated-origin-pull-enable-or-disable-a-hostname-for-client-authentication';
  const req = op.buildRequest(id, cases[id].params);
  assert.deepEqual(JSON.parse(req.body), {
    config: [
      { hostname: 'app.example.com', cert_id: CERT, enabled: true },
      { hostname: 'old.example.com', cert_id: CERT, enabled: false },
      { hostname: 'xn--bcher-kva.example', cert_id: CERT, enabled: null },
    ],
  });
  assert.match(req.body, /"enabled":null/);
  // Node's own IDNA (WHATWG URL) agrees on the punycode form.
  assert.equal(new URL('https://bücher.example/').hostname, 'xn--bcher-kva.example');
});

test('a token appears only when passed, and baseUrl is honoured', () => {
  const id = 'zone-level-authenticated-origin-pulls-set-enablement-for-zone';
  const plain = op.buildRequest(id, { zone_id: ZONE, body: { enabled: false } });
  assert.ok(!JSON.stringify(plain).includes('Bearer'));
  const req = op.buildRequest(id, { zone_id: ZONE, body: { enabled: false } }, {
    token: TOKEN,
    baseUrl: 'http://127.0.0.1:8787/client/v4/',
  });
  assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(req.url, `http://127.0.0.1:8787/client/v4/zones/${ZONE}/origin_tls_client_auth/settings`);
  assert.equal(req.body, '{"enabled":false}');
});

test('bad ids and arguments throw INVALID_ARGUMENT before anything is built', () => {
  const bad = [
    ['zone-level-authenticated-origin-pulls-list-certificates', { zone_id: 'abc' }, /zone_id/],
    ['zone-level-authenticated-origin-pulls-list-certificates', { zone_id: TOKEN }, /zone_id/],
    ['zone-level-authenticated-origin-pulls-list-certificates', { zoneId: ZONE }, /zone_id/],
    ['zone-level-authenticated-origin-pulls-get-certificate-details', { zone_id: ZONE, certificate_id: '../settings' }, /certificate_id/],
    ['per-hostname-authenticated-origin-pull-get-the-hostname-status-for-client-authentication', { zone_id: ZONE, hostname: '*.example.com' }, /hostname/],
    ['per-hostname-authenticated-origin-pull-get-the-hostname-status-for-client-authentication', { zone_id: ZONE, hostname: 'a b.example.com' }, /hostname/],
    ['per-hostname-authenticated-origin-pull-list-hostname-associations', { zone_id: ZONE, per_page: 1001 }, /per_page/],
    ['per-hostname-authenticated-origin-pull-list-hostname-associations', { zone_id: ZONE, status: 'initializing' }, /status/],
    ['zone-level-authenticated-origin-pulls-set-enablement-for-zone', { zone_id: ZONE, body: { enabled: null } }, /enabled/],
    ['zone-level-authenticated-origin-pulls-upload-certificate', { zone_id: ZONE, body: { certificate: PEM_CERT, private_key: PEM_KEY, bundle_method: 'ubiquitous' } }, /bundle_method/],
    ['per-hostname-authenticated-origin-pull-enable-or-disable-a-hostname-for-client-authentication', { zone_id: ZONE, body: { config: [{ hostname: 'a.example.com', enabled: null }] } }, /cert_id is required/],
    ['no-such-operation', { zone_id: ZONE }, /operationId/],
  ];
  for (const [id, params, re] of bad) {
    assert.throws(() => op.buildRequest(id, params, { token: TOKEN }), (err) => {
      assert.ok(err instanceof Error);
      assert.equal(err.code, 'INVALID_ARGUMENT', err.message);
      assert.match(err.message, re);
      assert.ok(!err.message.includes(TOKEN), 'the token never appears in an error');
      assert.ok(!err.message.includes('PRIVATE KEY'), 'the key never appears in an error');
      return true;
    }, `${id} ${JSON.stringify(params).slice(0, 80)}`);
  }
  assert.throws(() => op.buildRequest(42, { zone_id: ZONE }), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => op.buildRequest('zone-level-authenticated-origin-pulls-list-certificates', { zone_id: 1n }), { code: 'INVALID_ARGUMENT' });
  assert.throws(
    () => op.buildRequest('zone-level-authenticated-origin-pulls-list-certificates', { zone_id: ZONE }, { token: 'a b' }),
    (err) => err.code === 'INVALID_ARGUMENT' && /token/.test(err.message),
  );
});

test('parseResponse: success keeps the result as sent', () => {
  const body = JSON.stringify({
    success: true, errors: [], messages: [],
    result: [{ hostname: 'app.example.com', cert_id: CERT, enabled: null, status: 'active', future_field: 1 }],
    result_info: { page: 1, per_page: 50, count: 1, total_count: 1, total_pages: 1 },
  });
  const r = op.parseResponse(200, '8f1e2d3c4b5a6978-LHR', body);
  assert.deepEqual(r.result, JSON.parse(body).result);
  assert.deepEqual(r.result_info, JSON.parse(body).result_info);
  assert.deepEqual(r.messages, []);
});

test('parseResponse: failures are CF_API_ERROR with evidence', { skip: !doc }, () => {
  const body = { success: false, errors: [{ code: 10000, message: 'Authentication error' }], messages: [], result: null };
  // The failure body itself fits the schema's failure envelope (validated alone, see P16).
  const failure = validator(schemas['tls-certificates-and-hostnames_api-response-common-failure']);
  assert.ok(failure(body), JSON.stringify(failure.errors));
  assert.throws(() => op.parseResponse(403, '8f1e2d3c4b5a6978-LHR', JSON.stringify(body)), (err) => {
    assert.ok(err instanceof Error);
    assert.equal(err.code, 'CF_API_ERROR');
    assert.equal(err.status, 403);
    assert.deepEqual(err.errors, [{ code: 10000, message: 'Authentication error' }]);
    assert.deepEqual(err.messages, []);
    assert.equal(err.rayId, '8f1e2d3c4b5a6978-LHR');
    assert.match(err.hint, /SSL and Certificates Write/);
    return true;
  });
  assert.throws(() => op.parseResponse(502, null, '<html><head><title>502 Bad Gateway</title></head></html>'), (err) => {
    assert.equal(err.code, 'CF_API_ERROR');
    assert.equal(err.status, 502);
    assert.deepEqual(err.errors, []);
    assert.equal(err.rayId, null);
    assert.match(err.message, /not JSON/);
    return true;
  });
  assert.throws(() => op.parseResponse(1000, null, '{}'), { code: 'INVALID_ARGUMENT' });
});
