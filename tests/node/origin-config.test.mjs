// originConfig: the text for each server. nginx's snippet is run for real (Debian nginx, set
// up by `npm test`): `nginx -t` accepts it, and nginx configured with it refuses a request
// without the client certificate and accepts one with it, checked with the curl commands and
// the `originpull probe` line the text itself prints. Apache, Caddy, HAProxy and Envoy are not
// installed here: their text is checked structurally (directives, blocks, YAML that parses to
// the DownstreamTlsContext fields). Bad arguments are INVALID_ARGUMENT.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import * as op from 'originpull';
import { root } from '../helpers/paths.mjs';
import { makePki, hasNginx, nginxTest, startNginx } from '../helpers/origin.mjs';

const CLI = join(root, 'bin', 'originpull.mjs');
const HOSTS = ['app.example.test', 'www.example.test'];

/** The lines that are configuration (not comments, not blank). */
const directives = (text) => text.split('\n').filter((l) => l.trim() && !l.trimStart().startsWith('#'));

const invalid = (f) => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof op.OriginpullError, String(e));
    assert.equal(e.code, 'INVALID_ARGUMENT');
    return e.message;
  }
  assert.fail('no error');
};

test('every server: verification required, the CA file, where it goes, Cloudflare\'s side, the test', () => {
  for (const server of ['nginx', 'apache', 'caddy', 'haproxy', 'envoy']) {
    const text = op.originConfig({ server, caPath: '/srv/aop/ca.pem', hostnames: HOSTS });
    assert.match(text, /AOP must also be enabled in Cloudflare/, server);
    assert.match(text, /Full or\n#    Full \(strict\)/, server);
    assert.match(text, /#      npx originpull probe https:\/\/ORIGIN_IP\/ --servername app\.example\.test --cert client\.pem --key client\.key\n/, server);
    assert.match(text, /--resolve app\.example\.test:443:ORIGIN_IP https:\/\/app\.example\.test\/\n/, server);
    assert.match(text, /--resolve app\.example\.test:443:ORIGIN_IP --cert client\.pem --key client\.key https:\/\/app\.example\.test\/\n/, server);
    assert.match(text, /# 4\. Check and reload: /, server);
    assert.ok(text.includes('/srv/aop/ca.pem'), server);
    // Comments use '#' in all five languages; nothing else mentions the key.
    assert.ok(!/PRIVATE KEY/.test(text));
  }
});

test('nginx: ssl_client_certificate and ssl_verify_client on, in the server block of the hostnames', () => {
  const text = op.originConfig({ server: 'nginx', caPath: '/etc/nginx/aop.pem', hostnames: HOSTS });
  assert.deepEqual(directives(text), ['ssl_client_certificate /etc/nginx/aop.pem;', 'ssl_verify_client on;']);
  assert.match(text, /`server_name app\.example\.test www\.example\.test;`/);
  assert.match(text, /#    ssl_verify_depth 2;\n/);
  assert.match(text, /nginx -t && systemctl reload nginx/);
  assert.match(text, /400 "No required SSL certificate was sent"/);
  // The default CA path.
  assert.deepEqual(directives(op.originConfig({ server: 'nginx' }))[0], 'ssl_client_certificate /etc/nginx/origin-pull-ca.pem;');
});

test('apache: SSLVerifyClient require and SSLCACertificateFile in the VirtualHost; no trailing comments', () => {
  const text = op.originConfig({ server: 'apache', hostnames: HOSTS });
  assert.deepEqual(directives(text), ['SSLCACertificateFile /etc/apache2/ssl/origin-pull-ca.pem', 'SSLVerifyClient require', 'SSLVerifyDepth 1']);
  assert.match(text, /<VirtualHost \*:443> of ServerName app\.example\.test\n#    \(ServerAlias www\.example\.test\)/);
  assert.match(text, /not inside <Location> or <Directory>/);
  assert.match(text, /apachectl configtest/);
  // Apache takes '#' only at the start of a line: a directive line holds none.
  for (const l of directives(text)) assert.ok(!l.includes('#'), l);
});

test('caddy: tls { client_auth { mode require_and_verify; trust_pool file } } in the site block', () => {
  const text = op.originConfig({ server: 'caddy', caPath: '/etc/caddy/aop.pem', hostnames: HOSTS });
  const lines = directives(text);
  assert.deepEqual(lines, [
    'app.example.test, www.example.test {',
    '\ttls {',
    '\t\tclient_auth {',
    '\t\t\tmode require_and_verify',
    '\t\t\ttrust_pool file /etc/caddy/aop.pem',
    '\t\t}',
    '\t}',
    '}',
  ]);
  // Braces balance, each opening at the end of its line and each closing alone (Caddyfile rules).
  let depth = 0;
  for (const l of lines) {
    if (l.endsWith('{')) depth++;
    if (l.trim() === '}') depth--;
    assert.ok(depth >= 0);
  }
  assert.equal(depth, 0);
  assert.match(text, /trusted_ca_cert_file PATH/); // the spelling before Caddy 2.8, named as such
  // Without hostnames: the tls block alone, for the user's site block.
  assert.equal(directives(op.originConfig({ server: 'caddy' }))[0], '\ttls {');
});

test('haproxy: ca-file and verify required on the bind line', () => {
  const text = op.originConfig({ server: 'haproxy', caPath: '/etc/haproxy/aop.pem', hostnames: HOSTS });
  const lines = directives(text);
  assert.deepEqual(lines, ['frontend https-in', '\tbind :443 ssl crt /etc/haproxy/certs/ ca-file /etc/haproxy/aop.pem verify required']);
  const words = lines[1].trim().split(/\s+/);
  assert.equal(words[0], 'bind');
  assert.ok(words.includes('ssl'));
  assert.equal(words[words.indexOf('ca-file') + 1], '/etc/haproxy/aop.pem');
  assert.equal(words[words.indexOf('verify') + 1], 'required');
  assert.match(text, /haproxy -c -f \/etc\/haproxy\/haproxy\.cfg/);
});

test('envoy: a filter chain whose DownstreamTlsContext requires the certificate (the YAML parses)', () => {
  for (const hostnames of [HOSTS, undefined]) {
    const text = op.originConfig({ server: 'envoy', caPath: '/etc/envoy/aop.pem', hostnames });
    const chains = parseYaml(text);
    assert.ok(Array.isArray(chains) && chains.length === 1, text);
    const [chain] = chains;
    if (hostnames) assert.deepEqual(chain.filter_chain_match, { server_names: HOSTS });
    else assert.equal(chain.filter_chain_match, undefined);
    assert.equal(chain.transport_socket.name, 'envoy.transport_sockets.tls');
    const ctx = chain.transport_socket.typed_config;
    assert.equal(ctx['@type'], 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext');
    assert.equal(ctx.require_client_certificate, true);
    assert.deepEqual(ctx.common_tls_context.validation_context, { trusted_ca: { filename: '/etc/envoy/aop.pem' } });
    assert.equal(ctx.common_tls_context.tls_certificates.length, 1);
  }
});

test('INVALID_ARGUMENT: unknown server, injection through caPath, bad hostnames, wrong types', () => {
  assert.match(invalid(() => op.originConfig({ server: 'iis' })), /server must be one of nginx, apache, caddy, haproxy, envoy/);
  assert.match(invalid(() => op.originConfig({ server: 'NGINX' })), /server must be one of/);
  assert.match(invalid(() => op.originConfig({})), /server must be one of/);
  assert.match(invalid(() => op.originConfig(null)), /takes an object/);
  for (const caPath of ['/etc/ca.pem;\nssl_verify_client off;', '/etc/ca.pem"', "/etc/ca'.pem", '/etc/ca dir/ca.pem', '/etc/ca.pem\r\n', '/etc/{ca}.pem', '/etc/ca.pem # x', '/etc/$ca', 'C:\\ca.pem', '/etc/ca/']) {
    const message = invalid(() => op.originConfig({ server: 'nginx', caPath }));
    assert.match(message, /caPath/, caPath);
    assert.ok(!message.includes('/etc/ca'), `the path is not echoed: ${message}`);
  }
  assert.match(invalid(() => op.originConfig({ server: 'nginx', caPath: 42 })), /caPath must be a string/);
  assert.match(invalid(() => op.originConfig({ server: 'apache', hostnames: ['ok.example.com', 'bad host'] })), /hostnames\[1\]/);
  assert.match(invalid(() => op.originConfig({ server: 'apache', hostnames: ['*.example.com'] })), /hostnames\[0\]/);
  assert.match(invalid(() => op.originConfig({ server: 'apache', hostnames: ['a\n}server{.example.com'] })), /hostnames\[0\]/);
  assert.match(invalid(() => op.originConfig({ server: 'apache', hostnames: 'app.example.com' })), /array of strings/);
  assert.match(invalid(() => op.originConfig({ server: 'apache', hostnames: Array.from({ length: 101 }, (_, i) => `h${i}.example.com`) })), /more than 100/);
  // Hostnames are normalised as the API's are.
  assert.match(op.originConfig({ server: 'nginx', hostnames: ['Bücher.Example.'] }), /server_name xn--bcher-kva\.example;/);
});

// ---- nginx, for real --------------------------------------------------------------------------

const skip = !hasNginx && 'Debian nginx is not installed (npm test installs it: scripts/setup.mjs ensureNginx)';
let pki;
let nginx;
let snippet;

before(async () => {
  if (skip) return;
  pki = makePki();
  snippet = op.originConfig({ server: 'nginx', caPath: pki.file('ca.pem'), hostnames: ['app.example.test'] });
  nginx = await startNginx([{
    name: 'aop',
    body: `    server_name app.example.test;
    ssl_certificate ${pki.file('server.pem')};
    ssl_certificate_key ${pki.file('server.key')};
${snippet}
    location / { return 200 "origin content\\n"; }`,
  }]);
});
after(async () => {
  await nginx?.stop();
  pki?.remove();
});

test('nginx -t accepts the snippet in a server block', { skip }, () => {
  const body = `  server {\n    listen 127.0.0.1:1 ssl;\n    ssl_certificate ${pki.file('server.pem')};\n    ssl_certificate_key ${pki.file('server.key')};\n${snippet}\n  }`;
  const r = nginxTest(body);
  assert.equal(r.status, 0, r.output);
  assert.match(r.output, /syntax is ok/);
  assert.match(r.output, /test is successful/);
  // The check has teeth: a broken directive fails it.
  assert.notEqual(nginxTest(body.replace('ssl_verify_client on;', 'ssl_verify_client maybe;')).status, 0);
});

test('nginx with the snippet: the curl test it prints refuses without the certificate, accepts with it', { skip }, () => {
  const port = nginx.ports.aop;
  // The two curl lines of step 5, pointed at this nginx (ORIGIN_IP, its port) and trusting its
  // certificate's CA.
  const curls = snippet.split('\n').filter((l) => l.startsWith('#      curl ')).map((l) => l.slice('#      '.length));
  assert.equal(curls.length, 2);
  const run = (line) => {
    const args = line.split(' ').slice(1).map((a) => a.replace(/^'(.*)'$/, '$1'))
      .map((a) => a.replace('app.example.test:443:ORIGIN_IP', `app.example.test:${port}:127.0.0.1`).replace('https://app.example.test/', `https://app.example.test:${port}/`));
    return spawnSync('curl', [...args, '--cacert', pki.file('origin-ca.pem')], { cwd: pki.dir, encoding: 'utf8' });
  };
  const without = run(curls[0]);
  assert.equal(without.stdout.trim(), '400', without.stderr);
  const withCert = run(curls[1]);
  assert.equal(withCert.stdout.trim(), '200', withCert.stderr);
  // And the body nginx refuses with is the page the text names.
  const page = spawnSync('curl', ['-sS', '--resolve', `app.example.test:${port}:127.0.0.1`, '--cacert', pki.file('origin-ca.pem'), `https://app.example.test:${port}/`], { encoding: 'utf8' });
  assert.match(page.stdout, /No required SSL certificate was sent/);
});

test('nginx with the snippet: the probe line it prints says enforced (exit 0)', { skip }, () => {
  const line = snippet.split('\n').find((l) => l.startsWith('#      npx originpull probe ')).slice('#      npx originpull '.length);
  const args = line.split(' ').map((a) => (a === 'https://ORIGIN_IP/' ? `https://127.0.0.1:${nginx.ports.aop}/` : a));
  const r = spawnSync(process.execPath, [CLI, ...args, '--server-ca', pki.file('origin-ca.pem'), '--json'], { cwd: pki.dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const result = JSON.parse(r.stdout);
  assert.equal(result.enforced, true);
  assert.equal(result.withoutCertificate.status, 400);
  assert.equal(result.withCertificate.status, 200);
});

test('originpull origin-config prints the same text; bad arguments exit 2 in the CLI\'s words', () => {
  const r = spawnSync(process.execPath, [CLI, 'origin-config', 'haproxy', '--ca-path', '/etc/haproxy/aop.pem', '--hostname', 'app.example.test', '--hostname', 'www.example.test'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, op.originConfig({ server: 'haproxy', caPath: '/etc/haproxy/aop.pem', hostnames: HOSTS }));
  const j = spawnSync(process.execPath, [CLI, 'origin-config', 'envoy', '--json'], { encoding: 'utf8' });
  assert.equal(j.status, 0, j.stderr);
  assert.equal(JSON.parse(j.stdout).config, op.originConfig({ server: 'envoy' }));
  const bad = spawnSync(process.execPath, [CLI, 'origin-config', 'nginx', '--ca-path', '/a b', '--json'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--ca-path may hold only/);
  assert.equal(JSON.parse(bad.stdout).error.code, 'INVALID_ARGUMENT');
  const host = spawnSync(process.execPath, [CLI, 'origin-config', 'nginx', '--hostname', 'ok.example.test', '--hostname', 'bad host'], { encoding: 'utf8' });
  assert.equal(host.status, 2);
  assert.match(host.stderr, /--hostname #2/);
  const unknown = spawnSync(process.execPath, [CLI, 'origin-config', 'iis'], { encoding: 'utf8' });
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /server must be one of nginx, apache, caddy, haproxy, envoy/);
  const help = spawnSync(process.execPath, [CLI, 'help', 'origin-config'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /usage: originpull origin-config/);
});
