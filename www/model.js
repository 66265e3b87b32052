// Pure functions of the admin page: no DOM, no network, no storage, so Node tests import them
// (tests/node/page-model.test.mjs). Everything the page shows about the API is computed here.

const DAY = 86_400_000;

/** Days left until `notAfter`, and the badge text and tone for it. */
export function expiryBadge(notAfter, now = Date.now()) {
  const ms = Date.parse(notAfter);
  if (!Number.isFinite(ms)) return { text: 'expiry unknown', tone: 'warning', days: null };
  const days = Math.floor((ms - now) / DAY);
  if (days < 0) return { text: `expired ${-days} days ago`, tone: 'error', days };
  if (days < 30) return { text: `${days} days left`, tone: 'warning', days };
  return { text: `${days} days left`, tone: 'ok', days };
}

/** Cloudflare's decimal serial as minimal lowercase hex ('' when it is not a decimal number). */
export function serialHex(decimal) {
  if (typeof decimal !== 'string' || !/^[0-9]+$/.test(decimal)) return '';
  return BigInt(decimal).toString(16);
}

/** The CN of an RFC 4514 name ('' when it has none). */
export function commonName(rfc4514) {
  const m = /(?:^|,)CN=((?:\\.|[^,\\])*)/.exec(rfc4514 ?? '');
  return m ? m[1].replace(/\\(.)/g, '$1') : '';
}

/**
 * A Cloudflare certificate named as people recognise it: common name (else subject, else
 * issuer), issuer, serial in hex, days left; never the UUID alone.
 * @param {{ issuer?: string, serial_number?: string, expires_on?: string }} c
 * @param {string} subject the certificate's subject (RFC 4514), '' when unknown
 */
export function certificateLabel(c, subject, now = Date.now()) {
  const name = commonName(subject) || subject || (c.issuer ? `a certificate issued by ${c.issuer}` : 'a certificate');
  const parts = [];
  if (c.issuer && (commonName(subject) || subject)) parts.push(`issued by ${c.issuer}`);
  const serial = serialHex(c.serial_number);
  if (serial) parts.push(`serial ${serial}`);
  parts.push(expiryBadge(c.expires_on, now).text);
  return `${name} (${parts.join(', ')})`;
}

/**
 * What the origin will see after a change that stops Cloudflare presenting a client
 * certificate: the confirmation text for disabling or removing associations, turning zone-level
 * AOP off, and deleting a certificate. `kind`: 'disable' | 'remove' | 'zone-off' | 'delete'.
 */
export function consequence(kind, { hostnames = [], name = 'this certificate', scope = 'hostname' } = {}) {
  const outage = 'An origin that requires a client certificate (nginx ssl_verify_client on, Apache SSLVerifyClient require) then refuses every connection from Cloudflare: visitors get errors (an outage). Stop requiring it at the origin first, or move the hostnames to another certificate (Rotate).';
  const list = hostnames.join(', ');
  switch (kind) {
    case 'disable':
      return `Cloudflare stops presenting ${name} to the origin of ${list}; the association is kept (Enable turns it back on). ${outage}`;
    case 'remove':
      return `Cloudflare stops presenting ${name} to the origin of ${list}, and the association is deleted. ${outage}`;
    case 'zone-off':
      return `Cloudflare stops presenting the zone-level certificate to the origins of every hostname of this zone (hostnames with their own association keep theirs). ${outage}`;
    default:
      if (scope === 'zone') return `${name} is deleted. When it is the zone-level certificate in use and zone-level AOP is on, Cloudflare presents another of yours or its shared certificate instead; an origin that trusts only yours refuses Cloudflare's connections (an outage). This cannot be undone.`;
      if (hostnames.length) return `${name} is still used by ${list}. To delete it, their associations are removed first: Cloudflare stops presenting a client certificate to their origins. ${outage} This cannot be undone.`;
      return `${name} is deleted. No hostname uses it, so no origin sees a change. This cannot be undone.`;
  }
}

/** The token shown in place of a real one, everywhere the page prints a request. */
export const REDACTED_TOKEN = '<redacted>';

const shellQuote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

/**
 * A built request (buildRequest's result) as a curl command. The token is never printed:
 * `Authorization: Bearer <redacted>` when the page sends one, nothing when the Worker adds
 * it (`tokenHeldByServer`). An upload body's `private_key` is shown as `[REDACTED]`.
 * @param {{ method: string, url: string, headers: Record<string,string>, body: string | null }} request
 * @param {{ sendsToken?: boolean }} [options]
 */
export function curlCommand(request, { sendsToken = true } = {}) {
  const lines = [`curl -X ${request.method} ${shellQuote(request.url)}`];
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (name === 'authorization') continue;
    lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  }
  if (sendsToken) lines.push(`-H ${shellQuote(`Authorization: Bearer ${REDACTED_TOKEN}`)}`);
  if (request.body != null) lines.push(`--data ${shellQuote(redactBody(request.body))}`);
  return lines.join(' \\\n  ');
}

/** A JSON body with any `private_key` replaced by "[REDACTED]" (compact, as sent). */
export function redactBody(body) {
  try {
    const parsed = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && 'private_key' in parsed) {
      return JSON.stringify({ ...parsed, private_key: '[REDACTED]' });
    }
    return body;
  } catch {
    return body;
  }
}

/**
 * An error as plain words for the page: Cloudflare's own messages with their codes, the
 * project's hint, what to do; never a stack trace.
 * @returns {{ title: string, details: string[] }}
 */
export function describeError(e) {
  const code = e?.code ?? 'ERROR';
  const message = String(e?.message ?? e ?? 'unknown error').replace(/^invalid argument: /, '');
  switch (code) {
    case 'CF_API_ERROR': {
      const details = (e.errors ?? []).map((m) => `Cloudflare: ${m.message} (code ${m.code})`);
      if (!details.length) details.push(`The API answered HTTP ${e.status ?? '?'} without an error message.`);
      if (e.hint) details.push(`What to do: ${e.hint}`);
      if (e.status === 401 || e.status === 403) {
        if (!e.hint) details.push('What to do: check the API token (it needs "SSL and Certificates: Edit" on this zone).');
      }
      if (e.rayId) details.push(`Ray ID ${e.rayId}`);
      return { title: `The API refused the request (HTTP ${e.status ?? '?'})`, details };
    }
    case 'NETWORK_ERROR':
      return { title: 'The API could not be reached', details: [message, 'Is the Worker (npm start) still running?'] };
    case 'TIMEOUT':
      return { title: 'The API did not answer in time', details: [message, 'Try again; nothing was changed twice.'] };
    case 'INVALID_ARGUMENT':
      return { title: 'Please check the input', details: [message] };
    case 'VALIDATION_FAILED':
      return { title: 'The certificate and key do not pass validation', details: [message, 'Fix the errors shown on the Check screen first.'] };
    case 'NOT_CONNECTED':
      return { title: 'Not connected', details: [message] };
    default:
      return { title: code === 'ERROR' ? 'Something went wrong' : `${code}`, details: [message] };
  }
}

/** A 32-hex zone id (Cloudflare's format), lower-cased and trimmed, or null. */
export function normalizeZoneId(text) {
  const z = String(text ?? '').trim().toLowerCase();
  return /^[0-9a-f]{32}$/.test(z) ? z : null;
}

/** Hostnames typed one per line (or separated by commas / spaces), trimmed, lower-cased, unique. */
export function parseHostnames(text) {
  const out = [];
  for (const h of String(text ?? '').split(/[\s,]+/)) {
    const v = h.trim().toLowerCase();
    if (v && !out.includes(v)) out.push(v);
  }
  return out;
}

/**
 * Which hostnames use each certificate: association list items (not voided or deleted)
 * grouped by `cert_id`, sorted by hostname.
 * @returns {Map<string, {hostname: string, enabled: boolean | null, status: string}[]>}
 */
export function hostnamesByCertificate(associations) {
  const map = new Map();
  for (const a of associations ?? []) {
    if (a.enabled === null || a.status === 'deleted') continue;
    if (!map.has(a.cert_id)) map.set(a.cert_id, []);
    map.get(a.cert_id).push({ hostname: a.hostname, enabled: a.enabled, status: a.status });
  }
  for (const list of map.values()) list.sort((x, y) => (x.hostname < y.hostname ? -1 : x.hostname > y.hostname ? 1 : 0));
  return map;
}

/** The steps of a rotation in the order they run, for the progress view (from a plan). */
export function progressSteps(plan) {
  const names = [];
  for (const s of plan ?? []) if (!names.includes(s.step)) names.push(s.step);
  if (!names.includes('done')) names.push('done');
  return names;
}

export const STEP_TITLES = {
  discover: 'Read the certificates and associations',
  upload: 'Upload the new certificate',
  wait_certificate: 'Wait until it is active',
  switch: 'Point the hostnames at it',
  wait_associations: 'Wait until every hostname uses it',
  enable_zone: 'Turn zone-level AOP on',
  delete_old: 'Delete the old certificate',
  rollback: 'Roll back',
  done: 'Done',
};

/**
 * What a saved rotation state needs to resume: nothing more than the connection, or the
 * private key again (the upload was not confirmed, so it may have to be sent).
 * @returns {{ finished: boolean, needsKey: boolean, summary: string }}
 */
export function resumeNeeds(state) {
  if (!state || typeof state !== 'object') return { finished: true, needsKey: false, summary: '' };
  const finished = state.phase?.name === 'finished' || (state.stop !== null && state.stop !== undefined && !state.stop.resumable);
  const needsKey = !finished && state.newCertId === null;
  const where = state.phase?.name ? state.phase.name.replace(/_/g, ' ') : 'the start';
  const summary = `${state.scope === 'zone' ? 'Zone-level' : 'Per-hostname'} rotation of zone ${state.zoneId}, stopped at: ${where}.`;
  return { finished, needsKey, summary };
}

/**
 * Whether a Check report can be uploaded or rotated to, in one sentence for the other screens.
 * @returns {{ ready: boolean, text: string }}
 */
export function readiness(report) {
  if (!report) return { ready: false, text: 'Nothing checked yet: paste the certificate and its key on the Check screen.' };
  const leaf = report.certificates?.[report.leaf ?? 0];
  if (report.ok) return { ready: true, text: `Ready: ${leaf?.subject || 'the checked certificate'}, serial ${leaf?.serialNumberHex ?? '?'}, expires ${leaf?.notAfter ?? '?'} (validation passed).` };
  const errors = (report.findings ?? []).filter((f) => f.severity === 'error');
  if (errors.length === 1 && errors[0].code === 'NO_PRIVATE_KEY') {
    return { ready: false, text: 'The private key is missing: paste it on the Check screen (it is never stored, so it is asked for again after an upload or a reload).' };
  }
  if (!errors.length) return { ready: false, text: 'Paste the certificate on the Check screen too.' };
  return { ready: false, text: `The checked certificate has ${errors.length} error${errors.length === 1 ? '' : 's'} (${errors.map((f) => f.code).join(', ')}): fix ${errors.length === 1 ? 'it' : 'them'} on the Check screen first.` };
}
