// The 13 AOP operations: routing (paths and operationIds as in the official schema) and the
// handlers. Handlers get `{ store, params, query, body, limits }` and return
// `{ status, body }`; rejections return `{ error }` built by errors.js.
import { Errors, successBody } from './errors.js';
import { parseUpload } from './certs.js';

export const BASE_PATH = '/client/v4';
const P = '/zones/{zone_id}/origin_tls_client_auth';

/** [method, path template, operationId]; order matters: literal segments before parameters. */
export const ROUTES = [
  ['GET', `${P}`, 'zone-level-authenticated-origin-pulls-list-certificates'],
  ['POST', `${P}`, 'zone-level-authenticated-origin-pulls-upload-certificate'],
  ['GET', `${P}/settings`, 'zone-level-authenticated-origin-pulls-get-enablement-setting-for-zone'],
  ['PUT', `${P}/settings`, 'zone-level-authenticated-origin-pulls-set-enablement-for-zone'],
  ['GET', `${P}/hostnames`, 'per-hostname-authenticated-origin-pull-list-hostname-associations'],
  ['PUT', `${P}/hostnames`, 'per-hostname-authenticated-origin-pull-enable-or-disable-a-hostname-for-client-authentication'],
  ['GET', `${P}/hostnames/certificates`, 'per-hostname-authenticated-origin-pull-list-certificates'],
  ['POST', `${P}/hostnames/certificates`, 'per-hostname-authenticated-origin-pull-upload-a-hostname-client-certificate'],
  ['GET', `${P}/hostnames/certificates/{certificate_id}`, 'per-hostname-authenticated-origin-pull-get-the-hostname-client-certificate'],
  ['DELETE', `${P}/hostnames/certificates/{certificate_id}`, 'per-hostname-authenticated-origin-pull-delete-hostname-client-certificate'],
  ['GET', `${P}/hostnames/{hostname}`, 'per-hostname-authenticated-origin-pull-get-the-hostname-status-for-client-authentication'],
  ['GET', `${P}/{certificate_id}`, 'zone-level-authenticated-origin-pulls-get-certificate-details'],
  ['DELETE', `${P}/{certificate_id}`, 'zone-level-authenticated-origin-pulls-delete-certificate'],
];

const compiled = ROUTES.map(([method, template, operationId]) => {
  const names = [];
  const source = template.replace(/\{(\w+)\}/g, (_, n) => {
    names.push(n);
    return '([^/]+)';
  });
  return { method, template, operationId, names, re: new RegExp(`^${source}$`) };
});

/**
 * Matches a path below the base (`/zones/...`). Returns `{ operationId, params, template }`
 * or null (no route for this method and path).
 */
export function matchRoute(method, path) {
  for (const r of compiled) {
    if (r.method !== method) continue;
    const m = r.re.exec(path);
    if (!m) continue;
    const params = {};
    let ok = true;
    r.names.forEach((n, i) => {
      try {
        params[n] = decodeURIComponent(m[i + 1]);
      } catch {
        ok = false;
      }
    });
    if (ok) return { operationId: r.operationId, template: r.template, params };
  }
  return null;
}

const ZONE_ID = /^[0-9a-f]{32}$/;
const CERT_ID = /^[0-9A-Za-z-]{1,64}$/;
const HOSTNAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const iso = (ms) => new Date(ms).toISOString();

/** Normalized hostname, or null when it is not a valid DNS name of at most 255 characters. */
export function normalizeHostname(h) {
  if (typeof h !== 'string') return null;
  const v = h.trim().toLowerCase().replace(/\.$/, '');
  return v.length > 0 && v.length <= 255 && HOSTNAME.test(v) ? v : null;
}

/** Path identifiers that do not look like identifiers: the gateway's 400 / 7003. */
export function checkIdentifiers(params, fullPath) {
  if (!ZONE_ID.test(params.zone_id)) return Errors.badIdentifier(fullPath);
  if (params.certificate_id !== undefined && !CERT_ID.test(params.certificate_id)) return Errors.badIdentifier(fullPath);
  return null;
}

// ---- result shapes -------------------------------------------------------------------------

function zoneCertResult(store, c) {
  return {
    id: c.id,
    certificate: c.certificate,
    issuer: c.issuer,
    serial_number: c.serial_number,
    signature: c.signature,
    status: store.certStatus(c),
    expires_on: c.expires_on,
    uploaded_on: iso(c.uploadedAt),
  };
}

function hostCertResult(store, c) {
  return zoneCertResult(store, c); // same fields: id, certificate, issuer, serial_number, signature, status, expires_on, uploaded_on
}

function assocResult(store, a) {
  const c = store.data.certs[a.certId];
  return {
    ...assocListItem(store, a),
    cert_status: store.certStatus(c),
    cert_uploaded_on: iso(c.uploadedAt),
    cert_updated_at: iso(c.updatedAt),
    certificate: c.certificate,
    issuer: c.issuer,
    serial_number: c.serial_number,
    signature: c.signature,
    expires_on: c.expires_on,
  };
}

function assocListItem(store, a) {
  return {
    hostname: a.hostname,
    cert_id: a.certId,
    enabled: a.enabled,
    status: store.assocStatus(a),
    created_at: iso(a.createdAt),
    updated_at: iso(a.updatedAt),
  };
}

const ok = (result, resultInfo) => ({ status: 200, body: successBody(result, resultInfo) });
const fail = (error) => ({ error });
const requireObject = (body) => (body && typeof body === 'object' && !Array.isArray(body) ? null : Errors.invalid('the body must be a JSON object'));

// ---- handlers --------------------------------------------------------------------------------

function upload(scope) {
  return ({ store, params, body, limits }) => {
    const parsed = parseUpload(body);
    if (!parsed.ok) return fail(parsed.error);
    const zoneId = params.zone_id;
    const live = store.certsOf(zoneId, scope).filter((c) => store.certStatus(c) !== 'deleted');
    if (live.some((c) => c.fingerprint === parsed.cert.fingerprint && c.deleteRequestedAt == null)) return fail(Errors.duplicate());
    if (scope === 'hostname' && live.length >= limits.hostnameCertsPerZone) return fail(Errors.certQuota(limits.hostnameCertsPerZone));
    const c = store.addCert(zoneId, scope, parsed.cert);
    return ok(scope === 'zone' ? zoneCertResult(store, c) : hostCertResult(store, c));
  };
}

function listCerts(scope) {
  return ({ store, params }) => {
    const shape = scope === 'zone' ? zoneCertResult : hostCertResult;
    const list = store.certsOf(params.zone_id, scope).filter((c) => store.certStatus(c) !== 'deleted');
    return ok(list.map((c) => shape(store, c)));
  };
}

function getCert(scope) {
  return ({ store, params }) => {
    const c = store.getCert(params.zone_id, scope, params.certificate_id);
    if (!c) return fail(Errors.certNotFound());
    return ok(scope === 'zone' ? zoneCertResult(store, c) : hostCertResult(store, c));
  };
}

function deleteCert(scope) {
  return ({ store, params }) => {
    const c = store.getCert(params.zone_id, scope, params.certificate_id);
    if (!c) return fail(Errors.certNotFound());
    const status = store.certStatus(c);
    if (status === 'deleted') return fail(Errors.certNotFound());
    if (scope === 'hostname') {
      const using = store.assocsUsing(params.zone_id, c.id);
      if (using.length) return fail(Errors.certInUse(using.length));
    }
    if (status !== 'pending_deletion') store.deleteCert(c);
    return ok(scope === 'zone' ? zoneCertResult(store, c) : hostCertResult(store, c));
  };
}

function getSettings({ store, params }) {
  return ok({ enabled: store.zone(params.zone_id).settings.enabled });
}

function putSettings({ store, params, body }) {
  const bad = requireObject(body);
  if (bad) return fail(bad);
  if (typeof body.enabled !== 'boolean') return fail(Errors.invalid('enabled is required and must be true or false'));
  store.setZoneEnabled(params.zone_id, body.enabled);
  return ok({ enabled: body.enabled });
}

function putHostnames({ store, params, body, limits }) {
  const bad = requireObject(body);
  if (bad) return fail(bad);
  if (!Array.isArray(body.config)) return fail(Errors.invalid('config is required and must be an array'));
  const zoneId = params.zone_id;
  const zone = store.zone(zoneId);
  const items = [];
  const seen = new Set();
  for (const [i, item] of body.config.entries()) {
    if (!item || typeof item !== 'object' || Array.isArray(item)) return fail(Errors.invalid(`config[${i}] must be an object`));
    const hostname = normalizeHostname(item.hostname);
    if (!hostname) return fail(Errors.invalid(`config[${i}].hostname must be a valid hostname of at most 255 characters`));
    if (seen.has(hostname)) return fail(Errors.invalid(`config[${i}].hostname ${hostname} appears more than once`));
    seen.add(hostname);
    if (item.cert_id === undefined || item.cert_id === null || item.cert_id === '') return fail(Errors.certIdRequired());
    if (typeof item.cert_id !== 'string' || item.cert_id.length > 36) return fail(Errors.invalid(`config[${i}].cert_id must be a string of at most 36 characters`));
    if (!('enabled' in item) || !(item.enabled === true || item.enabled === false || item.enabled === null)) {
      return fail(Errors.invalid(`config[${i}].enabled must be true, false or null`));
    }
    const cert = store.getCert(zoneId, 'hostname', item.cert_id);
    if (item.enabled === null) {
      if (!cert) return fail(Errors.unknownCertId(item.cert_id));
      const rec = zone.assocs[hostname];
      if (rec && rec.enabled !== null && rec.certId !== item.cert_id) {
        return fail(Errors.invalid(`config[${i}]: ${hostname} is associated with certificate ${rec.certId}, not ${item.cert_id}`));
      }
    } else if (!cert || cert.deleteRequestedAt != null) {
      return fail(Errors.unknownCertId(item.cert_id));
    }
    items.push({ hostname, certId: item.cert_id, enabled: item.enabled });
  }
  // Association quota, counted as it would be after the whole batch.
  const after = new Map();
  for (const a of Object.values(zone.assocs)) if (a.enabled !== null) after.set(a.hostname, a.certId);
  for (const it of items) {
    if (it.enabled === null) after.delete(it.hostname);
    else after.set(it.hostname, it.certId);
  }
  const perCert = new Map();
  for (const certId of after.values()) perCert.set(certId, (perCert.get(certId) ?? 0) + 1);
  for (const it of items) {
    if (it.enabled !== null && perCert.get(it.certId) > limits.associationsPerCert) return fail(Errors.assocQuota(it.certId, limits.associationsPerCert));
  }
  for (const it of items) store.applyAssoc(zoneId, it.hostname, it.certId, it.enabled);
  const all = Object.values(zone.assocs)
    .filter((a) => store.assocStatus(a) !== 'deleted')
    .sort((a, b) => a.hostname.localeCompare(b.hostname));
  return ok(all.map((a) => assocResult(store, a)));
}

function getHostname({ store, params }) {
  const hostname = normalizeHostname(params.hostname);
  if (!hostname) return fail(Errors.invalid('hostname must be a valid hostname of at most 255 characters'));
  const rec = store.zone(params.zone_id).assocs[hostname];
  if (!rec) return fail(Errors.hostnameNotFound());
  return ok(assocResult(store, rec));
}

const LIST_STATUSES = ['active', 'pending_deployment', 'pending_deletion', 'deleted', 'deployment_timed_out', 'deletion_timed_out', 'all'];

function positiveInt(raw, name, def, max) {
  if (raw === null) return { value: def };
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < 1 || (max && n > max)) {
    return { error: Errors.invalid(`${name} must be an integer from 1${max ? ` to ${max}` : ''}`) };
  }
  return { value: n };
}

function listHostnames({ store, params, query }) {
  const page = positiveInt(query.get('page'), 'page', 1);
  if (page.error) return fail(page.error);
  const perPage = positiveInt(query.get('per_page'), 'per_page', 50, 1000);
  if (perPage.error) return fail(perPage.error);
  const statuses = (query.get('status') ?? 'active').split(',').map((s) => s.trim());
  const unknown = statuses.find((s) => !LIST_STATUSES.includes(s));
  if (unknown !== undefined) return fail(Errors.invalid(`status must be one of ${LIST_STATUSES.join(', ')} (comma-separated allowed), got ${JSON.stringify(unknown)}`));
  const all = statuses.includes('all');
  const matching = Object.values(store.zone(params.zone_id).assocs)
    .filter((a) => all || statuses.includes(store.assocStatus(a)))
    .sort((a, b) => a.hostname.localeCompare(b.hostname));
  const start = (page.value - 1) * perPage.value;
  const slice = matching.slice(start, start + perPage.value);
  return ok(slice.map((a) => assocListItem(store, a)), {
    count: slice.length,
    page: page.value,
    per_page: perPage.value,
    total_count: matching.length,
    total_pages: Math.ceil(matching.length / perPage.value),
  });
}

export const HANDLERS = {
  'zone-level-authenticated-origin-pulls-list-certificates': listCerts('zone'),
  'zone-level-authenticated-origin-pulls-upload-certificate': upload('zone'),
  'zone-level-authenticated-origin-pulls-get-certificate-details': getCert('zone'),
  'zone-level-authenticated-origin-pulls-delete-certificate': deleteCert('zone'),
  'zone-level-authenticated-origin-pulls-get-enablement-setting-for-zone': getSettings,
  'zone-level-authenticated-origin-pulls-set-enablement-for-zone': putSettings,
  'per-hostname-authenticated-origin-pull-list-certificates': listCerts('hostname'),
  'per-hostname-authenticated-origin-pull-upload-a-hostname-client-certificate': upload('hostname'),
  'per-hostname-authenticated-origin-pull-get-the-hostname-client-certificate': getCert('hostname'),
  'per-hostname-authenticated-origin-pull-delete-hostname-client-certificate': deleteCert('hostname'),
  'per-hostname-authenticated-origin-pull-enable-or-disable-a-hostname-for-client-authentication': putHostnames,
  'per-hostname-authenticated-origin-pull-get-the-hostname-status-for-client-authentication': getHostname,
  'per-hostname-authenticated-origin-pull-list-hostname-associations': listHostnames,
};
