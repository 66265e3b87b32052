// The automation's HTTP routes: GET /status (every watched zone, or ?zone=) and
// POST /automation/run (a run now, like the Cron Trigger's, for every zone or ?zone=). Both
// can spend the API token, so both need the admin secret or an Access login (auth.js), always.
import { authenticate, hostRefusal } from '../auth.js';
import { failure, json } from '../respond.js';
import { readWatch } from './config.js';
import { fanOut, zoneStub } from './run.js';
import { mapLimit } from './util.js';

/** The guard every automation route passes first: host, then credentials, then a token. */
async function guard(request, env, url) {
  const host = hostRefusal(url, env);
  if (host) return failure(403, 'HOST_NOT_ALLOWED', host);
  const origin = request.headers.get('origin');
  if (origin && origin !== url.origin) return failure(403, 'CROSS_ORIGIN', `cross-origin request from ${origin} refused`);
  if (request.headers.get('sec-fetch-site') === 'cross-site') return failure(403, 'CROSS_ORIGIN', 'cross-site request refused');
  const who = await authenticate(request, env);
  if (!who.ok) return failure(who.status, who.code, who.message, who.status === 401 ? { 'www-authenticate': 'Bearer realm="originpull"' } : {});
  if (!env.CF_API_TOKEN) return failure(503, 'AUTOMATION_NOT_CONFIGURED', 'the automation needs the API token: set the secret CF_API_TOKEN');
  return null;
}

export async function automation(request, env, url, ctx) {
  const refused = await guard(request, env, url);
  if (refused) return refused;
  const watch = readWatch(env);
  if (!watch.ok) return failure(500, 'AOP_WATCH_INVALID', watch.error);
  const only = url.searchParams.get('zone')?.toLowerCase();
  const zones = only ? watch.zones.filter((z) => z.zone === only) : watch.zones;
  if (only && !zones.length) return failure(404, 'ZONE_NOT_WATCHED', `zone ${only} is not in AOP_WATCH`);

  if (url.pathname === '/status') {
    if (request.method !== 'GET') return failure(405, 'METHOD_NOT_ALLOWED', 'use GET');
    const statuses = await mapLimit(zones, 16, async (z) => ({ ...(await zoneStub(env, z.zone).status()), zone: z.zone, scope: z.scope, renewDays: z.renewDays }));
    return json({ generatedAt: new Date().toISOString(), zones: statuses });
  }
  if (url.pathname === '/automation/run') {
    if (request.method !== 'POST') return failure(405, 'METHOD_NOT_ALLOWED', 'use POST');
    const queued = await fanOut(env, zones, { trigger: 'http' }, ctx);
    return json({ queued: queued.length, zones: queued }, 202);
  }
  return failure(404, 'NOT_FOUND', `no automation route ${url.pathname}`);
}
