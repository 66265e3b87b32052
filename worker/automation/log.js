// Structured logs (one JSON object per line: `wrangler tail` and Workers Logs read them) and
// the alert webhook. Nothing secret is ever passed here: no key, no token, no passphrase.

/** One decision, as a JSON line: `{ at, level, event, ...fields }`. */
export function log(event, fields = {}, level = 'info') {
  const line = JSON.stringify({ at: new Date().toISOString(), level, event, ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}

/** Alert kinds sent to ALERT_WEBHOOK. */
export const ALERTS = ['expiring', 'renewed', 'failed', 'rolled_back'];

/**
 * POST `{ source: 'originpull', event, zone, ... }` as JSON to ALERT_WEBHOOK (when set). A
 * webhook that fails or is slow (10 s) is logged, never retried in a loop, never fatal.
 */
export async function alert(env, event, fields) {
  const body = { source: 'originpull', event, at: new Date().toISOString(), ...fields };
  log('alert', { alert: event, zone: fields.zone, message: fields.message, webhook: Boolean(env.ALERT_WEBHOOK) }, event === 'renewed' ? 'info' : 'warn');
  if (!env.ALERT_WEBHOOK) return false;
  try {
    const res = await fetch(env.ALERT_WEBHOOK, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'originpull-worker' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    await res.body?.cancel();
    if (!res.ok) log('alert_webhook_failed', { zone: fields.zone, alert: event, status: res.status }, 'error');
    return res.ok;
  } catch (e) {
    log('alert_webhook_failed', { zone: fields.zone, alert: event, error: e.name }, 'error');
    return false;
  }
}
