// `npm run bench`: inspect a bundle of 1000 real-shaped client certificates (RSA-2048 and
// P-256, with SANs and EKU) in Node, reading the same fields (subject, issuer, serial,
// notAfter, SANs, SHA-256 fingerprint) with originpull, Node's built-in crypto.X509Certificate
// and @peculiar/x509, in one run, and print the time per 1000 and the ratios. A benchmark,
// not a test: nothing here passes or fails. `BASELINE=<dir> npm run bench` also times another
// build of originpull in the same run (a copy of an earlier `js/` and `pkg/` under <dir>), to
// measure a change before and after under the same conditions.
import 'reflect-metadata';
import { webcrypto, X509Certificate as NodeX509 } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as op from 'originpull';

const N = 1000;
const ROUNDS = Number(process.env.ROUNDS ?? 15);
x509.cryptoProvider.set(webcrypto);

/** 1000 certificates: half RSA-2048, half P-256, issued by an RSA and an EC CA. */
async function makeBundle() {
  const rsa = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  const ec = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const rsaKeys = await Promise.all([0, 1, 2, 3].map(() => webcrypto.subtle.generateKey(rsa, false, ['sign', 'verify'])));
  const ecKeys = await Promise.all([0, 1, 2, 3].map(() => webcrypto.subtle.generateKey(ec, false, ['sign', 'verify'])));
  const pems = [];
  for (let i = 0; i < N; i++) {
    const isRsa = i % 2 === 0;
    const keys = (isRsa ? rsaKeys : ecKeys)[i % 4];
    const issuerKeys = (isRsa ? rsaKeys : ecKeys)[(i + 1) % 4];
    const serial = (0x7f000000 + i).toString(16) + 'a1b2c3d4e5f60718293a4b5c';
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial,
      subject: `CN=client-${i}.origin.example.com, O=Example Corp ${i % 7}, OU=Edge, C=US`,
      issuer: `CN=Example ${isRsa ? 'RSA' : 'EC'} Issuing CA ${i % 4}, O=Example Corp, C=US`,
      notBefore: new Date(Date.UTC(2026, 0, 1)),
      notAfter: new Date(Date.UTC(2027, 0, 1 + (i % 300))),
      signingAlgorithm: isRsa ? rsa : ec,
      publicKey: keys.publicKey,
      signingKey: issuerKeys.privateKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
        new x509.SubjectAlternativeNameExtension([
          { type: 'dns', value: `client-${i}.origin.example.com` },
          { type: 'dns', value: `*.zone${i % 13}.example.net` },
          { type: 'ip', value: `192.0.2.${i % 250}` },
          { type: 'email', value: `ops${i}@example.com` },
        ]),
      ],
    });
    pems.push(cert.toString('pem'));
  }
  return pems;
}

function fields(c) {
  return [c.subject, c.issuer, c.serial, c.notAfter, c.sans.length, c.sha256];
}

const ours = (lib) => (bundles) =>
  bundles.flatMap((b) => lib.inspectCertificates(b)).map((c) => fields({
    subject: c.subject, issuer: c.issuer, serial: c.serialNumberHex, notAfter: c.notAfter,
    sans: [...c.subjectAltNames.dns, ...c.subjectAltNames.ip, ...c.subjectAltNames.email], sha256: c.fingerprints.sha256,
  }));

const impls = {
  originpull: ours(op),
  ...(process.env.BASELINE && {
    'originpull (BASELINE)': ours(await import(new URL(`file://${(await import('node:path')).resolve(process.env.BASELINE)}/js/node.js`).href)),
  }),
  'node:crypto X509Certificate'(bundle, pems) {
    return pems.map((pem) => {
      const c = new NodeX509(pem);
      return fields({ subject: c.subject, issuer: c.issuer, serial: c.serialNumber, notAfter: c.validTo,
        sans: (c.subjectAltName ?? '').split(', '), sha256: c.fingerprint256 });
    });
  },
  async '@peculiar/x509'(bundle, pems) {
    const out = [];
    for (const pem of pems) {
      const c = new x509.X509Certificate(pem);
      const san = c.getExtension(x509.SubjectAlternativeNameExtension);
      out.push(fields({ subject: c.subject, issuer: c.issuer, serial: c.serialNumber, notAfter: c.notAfter.toISOString(),
        sans: san ? san.names.items : [], sha256: Buffer.from(await c.getThumbprint('SHA-256')).toString('hex') }));
    }
    return out;
  },
};

const pems = await makeBundle();
// 1000 certificates are about 1 MiB of PEM, originpull's per-input limit, so originpull reads
// them as four bundles of 250 (one call each); the others read certificate by certificate.
const bundle = [0, 250, 500, 750].map((i) => pems.slice(i, i + 250).join(''));
const kib = bundle.reduce((n, b) => n + b.length, 0) / 1024;
console.log(`bundle: ${N} certificates (RSA-2048 and P-256, 4 SANs, EKU), ${kib.toFixed(0)} KiB of PEM; ${ROUNDS} rounds, median`);

if (process.env.DUMP) { (await import('node:fs')).writeFileSync(process.env.DUMP, bundle.join('')); }
const results = {};
// Rounds are interleaved (each round times every implementation once), so a change in the
// machine's speed during the run (other load, frequency scaling) weighs on all of them alike
// and the ratios stay comparable; each result is the median of its rounds.
const times = {};
for (const [name, fn] of Object.entries(impls)) {
  const check = await fn(bundle, pems);
  if (check.length !== N) throw new Error(`${name} read ${check.length} certificates`);
  times[name] = [];
}
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, fn] of Object.entries(impls)) {
    const t0 = process.hrtime.bigint();
    await fn(bundle, pems);
    times[name].push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
}
for (const [name, t] of Object.entries(times)) {
  t.sort((a, b) => a - b);
  results[name] = t[Math.floor(t.length / 2)];
}
const base = results.originpull;
for (const [name, ms] of Object.entries(results)) {
  const ratio = name === 'originpull' ? '' : `  originpull is ${(ms / base).toFixed(1)}x faster`;
  console.log(`${name.padEnd(30)} ${ms.toFixed(1).padStart(8)} ms per ${N}${ratio}`);
}
