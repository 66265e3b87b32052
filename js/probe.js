// probeOrigin (Node only): does an origin really enforce Authenticated Origin Pulls? Two TLS
// connections to it, the first without a client certificate and the second with one, each
// with one HTTP/1.1 GET; the verdict and advice come from how the origin answered each.
//
// A browser or a Worker cannot present a client certificate on a connection it opens, so this
// file is only in the Node entry (js/node.js); the others export core.js's stub, which rejects.
//
// How refusals look (measured on loopback against nginx 1.22 and OpenSSL 3.0 s_server):
// - a TLS alert during the handshake (TLS 1.2: "handshake failure", "unknown ca", ...) or, on
//   TLS 1.3, after it: the server's alert ("certificate required") is read with the first
//   response bytes, after the client thinks the handshake is done;
// - nginx completes the handshake whatever the client sent and refuses at the HTTP level:
//   400 "No required SSL certificate was sent" (ssl_verify_client on, no certificate) or 400
//   "The SSL certificate error" (a certificate its CA file does not verify); 495/496 when an
//   error_page passes its internal codes on;
// - the connection closed without an answer.
// Whether the origin asked for a certificate at all: OpenSSL computes the client's shared
// signature algorithms (tlsSocket.getSharedSigalgs()) only from a CertificateRequest, so the
// list is empty exactly when the origin did not ask.
//
// The probe cannot run, and throws, when the origin cannot be reached (NETWORK_ERROR, TIMEOUT),
// does not speak TLS, fails the handshake for a reason that has nothing to do with client
// certificates (protocol version, unrecognised name), or presents a server certificate that
// is not trusted (NETWORK_ERROR saying to pass `serverCa` or `insecure`). Everything else is a
// verdict. The private key and passphrase go to node:tls only: never into a result, an error
// or a log.
import tls from 'node:tls';
import http from 'node:http';
import net from 'node:net';
import { X509Certificate } from 'node:crypto';
import { OriginpullError } from './core.js';

/** Default time limit of each of the two connections (connect, handshake, answer). */
export const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_TIMEOUT_MS = 300_000;
/** How much of a response body is read (enough for an error page), then the socket is closed. */
const MAX_BODY_BYTES = 16 * 1024;
/** The most bytes a PEM input may hold (as the core's inputs). */
const MAX_PEM_BYTES = 1024 * 1024;

const invalid = (message) => new OriginpullError('INVALID_ARGUMENT', `invalid argument: ${message}`);

/** TLS alerts (RFC 8446 6.2) that say something about the client certificate. */
const CERTIFICATE_ALERTS = new Set([
  'handshake failure', 'bad certificate', 'unsupported certificate', 'certificate revoked', 'certificate expired',
  'certificate unknown', 'unknown ca', 'access denied', 'decrypt error', 'certificate required',
]);

/** Node's code for a received alert, e.g. ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED. */
const ALERT_CODE = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_([A-Z_]+)$/;

/** Errors that mean the origin does not speak TLS on this port. */
const NOT_TLS = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST', 'ERR_SSL_RECORD_LAYER_FAILURE']);

const NGINX_NO_CERTIFICATE = 'No required SSL certificate was sent';
const NGINX_CERTIFICATE_ERROR = 'The SSL certificate error';

/**
 * PEM text from a string or a Uint8Array, at most 1 MiB; `what` names it in errors.
 * @returns {string | undefined}
 */
function pemText(value, what, required) {
  if (value == null) {
    if (required) throw invalid(`${what} is required (PEM text)`);
    return undefined;
  }
  let text;
  if (typeof value === 'string') text = value;
  else if (value instanceof Uint8Array) text = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('latin1');
  else throw invalid(`${what} must be a string or a Uint8Array (PEM)`);
  if (text.length > MAX_PEM_BYTES) throw new OriginpullError('INPUT_TOO_LARGE', `${what} is more than ${MAX_PEM_BYTES} bytes`);
  return text;
}

/** The certificates of a PEM bundle (at least one), or PEM_INVALID naming `what`. */
function certificates(text, what) {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (!blocks.length) {
    throw new OriginpullError('PEM_INVALID', `invalid PEM or DER: ${what} holds no PEM certificate (-----BEGIN CERTIFICATE-----); probeOrigin takes PEM only (convert DER with: openssl x509 -inform der -in cert.der -out cert.pem)`);
  }
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block); // eslint-disable-line no-new
    } catch (e) {
      throw new OriginpullError('PEM_INVALID', `invalid PEM or DER: certificate #${i + 1} of ${what} cannot be read (${e.message})`);
    }
  }
  return blocks;
}

/** The options, checked; INVALID_ARGUMENT (or PEM_INVALID, KEY_INVALID) before any connection. */
function parseOptions(options) {
  if (options === null || typeof options !== 'object') throw invalid('probeOrigin takes an object { url, certificate, privateKey, ... }');
  const { url, certificate, privateKey, passphrase, serverCa, insecure, servername, timeoutMs } = options;
  if (typeof url !== 'string' || !url) throw invalid('url must be a string such as https://origin.example.com/');
  let u;
  try {
    u = new URL(url.includes('://') ? url : `https://${url}`);
  } catch {
    throw invalid('url is not a valid URL (https://origin.example.com:443/path)');
  }
  if (u.protocol !== 'https:') throw invalid(`url must be https: (the probe speaks TLS), not ${u.protocol}`);
  if (u.username || u.password) throw invalid('url must not hold a user name or password');
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(u.port || 443);
  if (passphrase != null && typeof passphrase !== 'string') throw invalid('passphrase must be a string');
  if (insecure != null && typeof insecure !== 'boolean') throw invalid('insecure must be true or false');
  if (servername != null) {
    if (typeof servername !== 'string' || !/^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9.])?$/.test(servername) || net.isIP(servername)) {
      throw invalid('servername must be a DNS hostname (letters, digits, dots, hyphens; not an IP address: SNI carries names only)');
    }
  }
  const timeout = timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > MAX_TIMEOUT_MS) {
    throw invalid(`timeoutMs must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`);
  }
  const cert = pemText(certificate, 'certificate', true);
  certificates(cert, 'certificate');
  const key = pemText(privateKey, 'privateKey', true);
  if (!/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(key)) {
    throw new OriginpullError('KEY_INVALID', 'invalid private key: privateKey holds no PEM private key (-----BEGIN PRIVATE KEY-----); probeOrigin takes PEM only');
  }
  // The pair as node:tls will use it: the key decrypted and matched against the certificate.
  try {
    tls.createSecureContext({ cert, key, passphrase: passphrase ?? undefined });
  } catch (e) {
    throw keyError(e, key, passphrase);
  }
  const ca = pemText(serverCa, 'serverCa', false);
  const name = servername ?? (net.isIP(host) ? undefined : host);
  return {
    host,
    port,
    path: `${u.pathname || '/'}${u.search}`,
    hostHeader: servername ? (u.port ? `${servername}:${u.port}` : servername) : u.host,
    servername: name,
    /** The name the server certificate must be for (node:tls checks servername, or the host). */
    identity: servername ?? host,
    ca: ca === undefined ? undefined : [...tls.rootCertificates, ...certificates(ca, 'serverCa')],
    insecure: insecure === true,
    cert,
    key,
    passphrase: passphrase ?? undefined,
    timeoutMs: timeout,
    origin: `${u.hostname}:${port}`,
  };
}

/** What node:tls said about the certificate and key, as a coded error without key material. */
function keyError(e, key, passphrase) {
  const reason = String(e?.reason ?? e?.code ?? 'unreadable');
  if (e?.code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH') {
    return invalid('privateKey does not belong to certificate (their public keys differ): give the key the certificate was issued for');
  }
  if (e?.code === 'ERR_OSSL_BAD_DECRYPT' || /ENCRYPTED/.test(key)) {
    return new OriginpullError('KEY_INVALID', passphrase == null
      ? 'invalid private key: privateKey is encrypted; give its passphrase'
      : 'invalid private key: the passphrase does not decrypt privateKey');
  }
  if (/PEM routines/.test(String(e?.library)) && /no start line/.test(reason)) {
    return new OriginpullError('PEM_INVALID', `invalid PEM or DER: certificate cannot be used by node:tls (${reason})`);
  }
  return new OriginpullError('KEY_INVALID', `invalid private key: node:tls cannot use privateKey (${reason})`);
}

/** "certificate required" from ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED; null for other errors. */
function alertOf(e) {
  const m = ALERT_CODE.exec(String(e?.code ?? ''));
  return m ? m[1].toLowerCase().replace(/_/g, ' ') : null;
}

/**
 * One connection: TLS (with or without the client certificate), the server certificate
 * checked, one GET, the status and the first bytes of the body. Resolves with what the origin
 * did; rejects (NETWORK_ERROR, TIMEOUT) when the question could not be asked.
 */
function attempt(o, withCertificate) {
  return new Promise((resolve, reject) => {
    let phase = 'connect'; // connect -> handshake -> answer
    let requested = null; // did the origin ask for a client certificate (null: not known)
    let protocol = null;
    let settled = false;
    let socket;
    const finish = (value, error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket?.destroy();
      if (error) reject(error);
      else resolve({ ...value, requested, protocol });
    };
    const network = (message, cause) =>
      finish(null, new OriginpullError('NETWORK_ERROR', `network error: ${message}`, cause ? { cause } : {}));
    const timer = setTimeout(() => {
      const during = { connect: 'connecting', handshake: 'in the TLS handshake', answer: 'waiting for the HTTP answer' }[phase];
      finish(null, new OriginpullError('TIMEOUT', `no answer from ${o.origin} within ${o.timeoutMs} ms (${during}${withCertificate ? ', with the client certificate' : ', without a client certificate'}): check that the origin is up and that this machine may reach it (firewalls often admit only Cloudflare's addresses)`));
    }, o.timeoutMs);

    /** A socket error, before or after the handshake, as a verdict or a thrown error. */
    const onError = (e) => {
      const alert = alertOf(e);
      if (alert) {
        if (!CERTIFICATE_ALERTS.has(alert)) {
          return network(`the TLS handshake with ${o.origin} failed with the alert "${alert}", which has nothing to do with client certificates${alert === 'unrecognized name' ? ' (the origin has no site for this name: check --servername / servername)' : alert === 'protocol version' ? ' (no TLS version in common)' : ''}`, e);
        }
        return finish({ kind: 'alert', alert, afterHandshake: phase === 'answer' });
      }
      if (phase === 'connect') {
        const why = { ECONNREFUSED: 'connection refused (nothing listens on that port)', ENOTFOUND: 'no such host', EAI_AGAIN: 'DNS lookup failed', EHOSTUNREACH: 'host unreachable', ENETUNREACH: 'network unreachable', ETIMEDOUT: 'connection timed out' }[e?.code];
        return network(`cannot connect to ${o.origin}: ${why ?? e?.message ?? e}. Is the origin up, the address and port right, and may this machine reach it (firewalls often admit only Cloudflare's addresses)?`, e);
      }
      if (NOT_TLS.has(e?.code)) {
        return network(`${o.origin} does not speak TLS (${e.code}): is this the HTTPS port? (plain HTTP is usually on 80)`, e);
      }
      if (typeof e?.code === 'string' && e.code.startsWith('HPE_')) {
        return network(`${o.origin} answered something that is not HTTP/1.1 (${e.code})`, e);
      }
      if (['ECONNRESET', 'EPIPE'].includes(e?.code) || /socket hang up|disconnected/i.test(String(e?.message))) {
        return finish({ kind: 'closed', afterHandshake: phase === 'answer' });
      }
      if (typeof e?.code === 'string' && e.code.startsWith('ERR_SSL_')) {
        return network(`the TLS handshake with ${o.origin} failed (${e.code}): not a client-certificate refusal`, e);
      }
      return network(`${o.origin}: ${e?.message ?? e}`, e);
    };

    socket = tls.connect({
      host: o.host,
      port: o.port,
      servername: o.servername,
      ca: o.ca,
      // Checked below, once the handshake is done, with a message that says what to do.
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
      ...(withCertificate ? { cert: o.cert, key: o.key, passphrase: o.passphrase } : {}),
    });
    socket.once('connect', () => {
      phase = 'handshake';
    });
    socket.on('error', onError);
    socket.once('secureConnect', () => {
      phase = 'answer';
      protocol = socket.getProtocol();
      requested = socket.getSharedSigalgs().length > 0;
      // node:tls checked the chain against `ca` (or its roots) and the name (servername, or
      // the URL's host) with checkServerIdentity, and did not stop on failure.
      if (!o.insecure && !socket.authorized) {
        return finish(null, untrusted(o, socket.authorizationError, socket.getPeerCertificate()));
      }
      const req = http.request({
        // With createConnection and no agent, node:http sends on this socket (no pool).
        createConnection: () => socket,
        method: 'GET',
        path: o.path,
        headers: { host: o.hostHeader, 'user-agent': 'originpull-probe', accept: '*/*', connection: 'close' },
      });
      req.on('error', onError);
      req.on('response', (res) => {
        const chunks = [];
        let size = 0;
        const done = () => finish({ kind: 'http', status: res.statusCode, statusText: res.statusMessage ?? '', body: Buffer.concat(chunks).toString('latin1') });
        res.on('data', (chunk) => {
          const room = MAX_BODY_BYTES - size;
          if (room > 0) chunks.push(chunk.subarray(0, room));
          size += chunk.length;
          if (size >= MAX_BODY_BYTES) done();
        });
        res.on('end', done);
        res.on('error', done);
        res.on('aborted', done);
      });
      req.end();
    });
  });
}

/** NETWORK_ERROR for a server certificate this machine does not trust, saying what to do. */
function untrusted(o, code, peer) {
  const issuer = Object.entries(peer?.issuer ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
  const skip = 'or insecure: true (CLI: --insecure) to skip this check: the probe is about the client certificate, not this one';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new OriginpullError('NETWORK_ERROR', `network error: the origin's server certificate is not for ${o.identity} (it names ${peer?.subjectaltname || 'no DNS name'}): give the name it is for as servername (CLI: --servername NAME), ${skip}`);
  }
  const fix = /CloudFlare Origin|Cloudflare Origin/i.test(issuer)
    ? "It is a Cloudflare Origin CA certificate, which only Cloudflare trusts: pass Cloudflare's Origin CA root (https://developers.cloudflare.com/ssl/origin-configuration/origin-ca/) as serverCa (CLI: --server-ca FILE)"
    : 'Pass the CA that issued it as serverCa (CLI: --server-ca FILE)';
  return new OriginpullError('NETWORK_ERROR', `network error: the origin's server certificate is not trusted (${code}${issuer ? `, issued by ${issuer}` : ''}). ${fix}, ${skip}.`);
}

/** How one attempt ended, for people: `{ accepted, status, detail, refusal }`. */
function describe(r, withCertificate) {
  const asked = r.requested === null ? null : r.requested ? 'the origin asked for a client certificate' : 'the origin did not ask for a client certificate';
  const facts = [r.protocol, asked].filter(Boolean).join('; ');
  const ctx = facts ? `(${facts})` : '';
  if (r.kind === 'alert') {
    const when = r.afterHandshake ? 'after the handshake (a TLS 1.3 server judges the certificate then; its alert arrives with the first read)' : 'during the handshake';
    return { accepted: false, status: null, refusal: `alert:${r.alert}`, detail: `refused: the origin ended the connection with the TLS alert "${r.alert}" ${when} ${ctx}`.trim() };
  }
  if (r.kind === 'closed') {
    return { accepted: false, status: null, refusal: 'closed', detail: `refused: the origin closed the connection ${r.afterHandshake ? 'after the handshake' : 'during the handshake'} without an answer or a TLS alert ${ctx}`.trim() };
  }
  const line = `HTTP ${r.status}${r.statusText ? ` ${r.statusText}` : ''}`;
  if (r.status === 496 || (r.status === 400 && r.body.includes(NGINX_NO_CERTIFICATE))) {
    return {
      accepted: false, status: r.status, refusal: 'nginx-no-certificate',
      detail: withCertificate
        ? `refused: ${line}, nginx's "${NGINX_NO_CERTIFICATE}" page although a certificate was offered: the origin did not receive it ${ctx}`
        : `refused: ${line}, nginx's "${NGINX_NO_CERTIFICATE}" page. nginx completes the TLS handshake without a certificate and refuses at the HTTP level: this is how ssl_verify_client on refuses (a refusal, not an error) ${ctx}`,
    };
  }
  if (r.status === 495 || (r.status === 400 && r.body.includes(NGINX_CERTIFICATE_ERROR))) {
    return { accepted: false, status: r.status, refusal: 'nginx-certificate-error', detail: `refused: ${line}, nginx's "${NGINX_CERTIFICATE_ERROR}" page: nginx did not verify the certificate against its ssl_client_certificate file ${ctx}` };
  }
  if (r.status === 403) {
    return { accepted: false, status: r.status, refusal: 'forbidden', detail: `refused: ${line} (an access rule such as Apache's Require ssl-verify-client, or one that refuses this path to everyone) ${ctx}` };
  }
  return { accepted: true, status: r.status, refusal: null, detail: `accepted: ${line} ${ctx}` };
}

const DIRECTIVES =
  'nginx: ssl_verify_client on; with ssl_client_certificate CA_FILE; (not optional or optional_no_ca). ' +
  'Apache: SSLVerifyClient require with SSLCACertificateFile, in the VirtualHost. ' +
  'Caddy: tls { client_auth { mode require_and_verify; trust_pool file CA_FILE } }. ' +
  'HAProxy: ca-file CA_FILE verify required on the bind line. ' +
  'Envoy: require_client_certificate: true with validation_context.trusted_ca. ' +
  'originConfig({ server }) (CLI: originpull origin-config SERVER) writes them.';

const CLOUDFLARE =
  'AOP must also be enabled in Cloudflare (the certificate uploaded and active, zone-level AOP on or the hostname associated), or Cloudflare presents nothing and its requests are refused too.';

/** Why the origin refused the certificate, and what to do, from how it refused. */
function certificateAdvice(w) {
  switch (w.refusal) {
    case 'nginx-certificate-error':
      return 'nginx did not verify it: its ssl_client_certificate file does not hold the CA that issued this certificate, or the certificate has expired, lacks the clientAuth purpose, or needs a larger ssl_verify_depth. nginx\'s error log says which ("client SSL certificate verify error: ...").';
    case 'alert:unknown ca':
      return "the origin does not know the CA that issued this certificate: put that CA's certificate in the origin's CA file (ssl_client_certificate, SSLCACertificateFile, trust_pool file, ca-file, trusted_ca) and reload.";
    case 'alert:certificate expired':
      return 'the origin says the certificate has expired or is not valid yet: check its dates (and the origin\'s clock).';
    case 'alert:bad certificate':
    case 'alert:unsupported certificate':
    case 'alert:certificate unknown':
      return 'the origin refused the certificate itself (not only its issuer): an extendedKeyUsage without clientAuth, a keyUsage without digitalSignature, a weak key or a SHA-1 signature are the usual causes; validateUpload (CLI: originpull validate --cert FILE --key FILE --ca CA_FILE) names them.';
    case 'alert:access denied':
      return 'the origin verified the certificate and denies it anyway: an access rule (a subject or fingerprint allow-list) leaves it out.';
    case 'alert:decrypt error':
      return "the origin could not verify the handshake signature made with this certificate's key.";
    case 'alert:certificate required':
    case 'nginx-no-certificate':
      return "the origin did not receive the certificate although it was offered: the client sends none when no signature algorithm the origin accepts fits the certificate's key (Go servers such as Caddy refuse Ed448 and RSA-PSS keys); use a P-256 or RSA key.";
    case 'forbidden':
      return 'both connections were answered 403: the origin refuses this path whatever the certificate (probe a URL that normally answers 200), or an access rule refuses this certificate.';
    case 'alert:handshake failure':
      return "the handshake fails with the certificate too (alert \"handshake failure\"): the origin refuses this certificate, or the handshake fails for another reason (no cipher or signature algorithm in common); the origin's error log says which.";
    default:
      return "the handshake fails with the certificate too; the origin's error log says why.";
  }
}

/** The verdict from the two attempts. */
function verdict(without, withCert, rWithout, rWith) {
  if (!without.accepted && withCert.accepted) {
    return {
      enforced: true,
      verdict: 'ENFORCED',
      advice: `Enforced: the origin refuses connections without a client certificate and accepts this one (HTTP ${withCert.status}). ${CLOUDFLARE}`,
    };
  }
  if (without.accepted) {
    const cert = withCert.accepted ? '' : ` It also refuses this certificate: ${certificateAdvice(withCert)}`;
    if (rWithout.requested === false) {
      return {
        enforced: false,
        verdict: 'NOT_REQUESTED',
        advice: `Not enforced: the origin did not ask for a client certificate at all, so anyone who reaches it is served. Turn verification on in the server block (virtual host, site, bind line, filter chain) that answers this name: ${DIRECTIVES} If it is configured, check that it was reloaded and that --servername / servername names the site that has it.${cert}`,
      };
    }
    return {
      enforced: false,
      verdict: 'OPTIONAL',
      advice: `Not enforced: the origin asks for a client certificate but serves requests without one: verification is optional. Make it required: ${DIRECTIVES}${cert}`,
    };
  }
  if (rWithout.requested === false && rWith.requested === false) {
    // Refused twice by an origin that asked for no certificate: not about certificates.
    return {
      enforced: false,
      verdict: 'NOT_REQUESTED',
      advice: `Not enforced: the origin did not ask for a client certificate, and refused both requests for another reason (${withCert.detail}); probe a URL that normally answers 200. Then turn verification on: ${DIRECTIVES}`,
    };
  }
  return {
    enforced: false,
    verdict: 'CERTIFICATE_REFUSED',
    advice: `Not working yet: the origin refuses connections without a client certificate, as it should, but refuses this one too: ${certificateAdvice(withCert)} Cloudflare would be refused the same way with this certificate.`,
  };
}

/**
 * Does the origin enforce Authenticated Origin Pulls? Two connections: without a client
 * certificate, then with `certificate` and `privateKey`. `enforced` is true only when the
 * origin refuses the first and accepts the second.
 * @param {import('./index').ProbeOptions} options
 * @returns {Promise<import('./index').ProbeResult>}
 */
export async function probeOrigin(options) {
  const o = parseOptions(options);
  const rWithout = await attempt(o, false);
  const rWith = await attempt(o, true);
  const without = describe(rWithout, false);
  const withCert = describe(rWith, true);
  const v = verdict(without, withCert, rWithout, rWith);
  return {
    enforced: v.enforced,
    verdict: v.verdict,
    withoutCertificate: { accepted: without.accepted, status: without.status, detail: without.detail, certificateRequested: rWithout.requested },
    withCertificate: { accepted: withCert.accepted, status: withCert.status, detail: withCert.detail, certificateRequested: rWith.requested },
    advice: v.advice,
  };
}
