// Where renewals come from. `kv`: an external PKI writes the new certificate and key to the
// KV namespace bound as CERTS, under the key `aop:<zone id>`, as JSON
// `{ "certificate": "<PEM, leaf first, then intermediates>", "privateKey": "<PEM>",
//    "caCertificates"?: "<PEM of the CA the origin trusts>" }`. `mint`: the Worker issues the
// certificate itself from the CA in the secrets CA_CERT and CA_KEY.
//
// The private key is only ever held in memory for the rotation step that needs it (the
// upload): never logged, never stored in the Durable Object. A rotation resumed before its
// upload was confirmed gets the key again from here: KV is read again (and must still hold the
// same certificate); a minted key is gone, so that rotation is abandoned and started afresh.
import { inspectCertificates, issueClientCertificate } from 'originpull';

export const kvKey = (zone) => `aop:${zone}`;
const DAY_MS = 86_400_000;

/** The certificate's leaf facts: sha256 of its DER and notAfter (ms). */
export function leafFacts(pem) {
  const [leaf] = inspectCertificates(pem);
  return { sha256: leaf.fingerprints.sha256, notAfterMs: Date.parse(leaf.notAfter), serialNumberHex: leaf.serialNumberHex, subject: leaf.subject };
}

/**
 * A certificate to renew `entry` with: `{ ok: true, certificate, privateKey, caCertificates?,
 * source, sha256, notAfterMs }`, or `{ ok: false, waiting: true, reason }` when the source
 * has nothing newer yet (KV), or `{ ok: false, reason }` when it cannot give one.
 * `current`: sha256 fingerprints of the zone's live certificates (a KV entry still holding
 * one of them is not a renewal).
 */
export async function renewal(env, entry, { source, current = [], now = Date.now() }) {
  if (source === 'kv') return fromKv(env, entry, { current, now });
  if (source === 'mint') return minted(env, entry, { now });
  return { ok: false, reason: `unknown certificate source ${source}` };
}

async function fromKv(env, entry, { current, now }) {
  if (!env.CERTS) return { ok: false, reason: 'the certificate source is KV but no KV namespace is bound as CERTS (wrangler.jsonc kv_namespaces)' };
  const key = kvKey(entry.zone);
  let value;
  try {
    value = await env.CERTS.get(key, 'json');
  } catch {
    return { ok: false, reason: `KV key ${key} does not hold JSON { certificate, privateKey }` };
  }
  if (value === null) return { ok: false, waiting: true, reason: `no renewal certificate yet: the PKI writes it to KV key ${key}` };
  if (typeof value?.certificate !== 'string' || typeof value?.privateKey !== 'string') {
    return { ok: false, reason: `KV key ${key} must hold JSON { "certificate": PEM, "privateKey": PEM }` };
  }
  let facts;
  try {
    facts = leafFacts(value.certificate);
  } catch (e) {
    return { ok: false, reason: `KV key ${key}: the certificate cannot be read (${e.code ?? e.name})` };
  }
  if (current.includes(facts.sha256)) return { ok: false, waiting: true, reason: `KV key ${key} still holds the certificate already in use; the PKI has not written a new one yet` };
  if (facts.notAfterMs - now <= entry.renewDays * DAY_MS) {
    return { ok: false, waiting: true, reason: `the certificate in KV key ${key} expires within ${entry.renewDays} days itself; the PKI has not written a newer one` };
  }
  return {
    ok: true,
    source: 'kv',
    key,
    certificate: value.certificate,
    privateKey: value.privateKey,
    ...(typeof value.caCertificates === 'string' ? { caCertificates: value.caCertificates } : {}),
    ...facts,
  };
}

/** The certificate and key again for a rotation whose upload is not confirmed: KV only, and
 *  only while it still holds the same certificate; null otherwise. */
export async function again(env, record) {
  if (record.source !== 'kv' || !env.CERTS) return null;
  const value = await env.CERTS.get(record.key ?? kvKey(record.zone), 'json').catch(() => null);
  if (typeof value?.certificate !== 'string' || typeof value?.privateKey !== 'string') return null;
  try {
    if (leafFacts(value.certificate).sha256 !== record.sha256) return null;
  } catch {
    return null;
  }
  return { certificate: value.certificate, privateKey: value.privateKey, ...(typeof value.caCertificates === 'string' ? { caCertificates: value.caCertificates } : {}) };
}

/**
 * A new client certificate from the CA in the secrets CA_CERT (its certificate first, then
 * any chain) and CA_KEY (PEM; CA_KEY_PASSPHRASE if it is encrypted), for `validityDays`
 * (default 365), key type MINT_KEY_TYPE (default P-256). The key exists only in this
 * invocation's memory.
 */
async function minted(env, entry, { now }) {
  if (!env.CA_CERT || !env.CA_KEY) return { ok: false, reason: 'the certificate source is mint but the secrets CA_CERT and CA_KEY are not both set' };
  let out;
  try {
    out = await issueClientCertificate({
      ca: { certificate: String(env.CA_CERT), privateKey: String(env.CA_KEY), ...(env.CA_KEY_PASSPHRASE ? { passphrase: String(env.CA_KEY_PASSPHRASE) } : {}) },
      commonName: `originpull AOP client ${entry.zone}`,
      validityDays: entry.validityDays ?? 365,
      keyType: env.MINT_KEY_TYPE || 'P-256',
      now,
    });
  } catch (e) {
    return { ok: false, reason: `minting from CA_CERT/CA_KEY failed: ${e.code ?? e.name}: ${e.message}` };
  }
  return { ok: true, source: 'mint', certificate: out.certificate, privateKey: out.privateKey, caCertificates: out.chain, ...leafFacts(out.certificate) };
}
