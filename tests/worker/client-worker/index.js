// Test-only Worker: scripted sequences of originpull Client calls (the package imported by
// its own name, resolved through the `workerd` export condition), answered as JSON so that
// tests/worker/client.test.mjs can assert them. POST / with { scenario, zone, ... }.
import { Client, inspectCertificates, planRotation, rotate, originConfig, probeOrigin } from 'originpull';
// The glue module the package's workerd entry initialised (same file, so the same instance in
// wrangler's bundle): `initSync` returns the running instance's exports.
import { initSync } from '../../../pkg/originpull.js';

/** A rejection as plain data (never the token: the Client keeps it out of errors). */
const failure = (e) => ({
  error: { name: e?.name, isError: e instanceof Error, code: e?.code, message: e?.message, status: e?.status, errors: e?.errors, rayId: e?.rayId, hint: e?.hint },
});
const attempt = (promise) => promise.then((result) => ({ result }), failure);

const SCENARIOS = {
  /** Every per-hostname operation, the zone setting, a zone upload, and two failures. */
  async flow(c, { zone, rsa, ec, missing }) {
    const out = {};
    out.setting = await attempt(c.setZoneSetting(zone, true));
    out.zoneUpload = await attempt(c.uploadZoneCertificate(zone, rsa));
    out.zoneList = await attempt(c.listZoneCertificates(zone));
    const cert = await c.uploadHostnameCertificate(zone, ec);
    out.upload = { result: cert };
    out.list = await attempt(c.listHostnameCertificates(zone));
    out.get = await attempt(c.getHostnameCertificate(zone, cert.id));
    out.put = await attempt(c.setHostnames(zone, [{ hostname: 'app.origin.example', cert_id: cert.id, enabled: true }]));
    out.hostname = await attempt(c.getHostname(zone, 'app.origin.example'));
    out.associations = await attempt(c.listHostnames(zone, { status: 'all', perPage: 10 }));
    out.void = await attempt(c.setHostnames(zone, [{ hostname: 'app.origin.example', cert_id: cert.id, enabled: null }]));
    out.delete = await attempt(c.deleteHostnameCertificate(zone, cert.id));
    out.notFound = await attempt(c.getZoneCertificate(zone, missing));
    out.invalid = await attempt(c.getHostname(zone, 'not a hostname'));
    return out;
  },
  async list(c, { zone }) {
    return attempt(c.listHostnameCertificates(zone));
  },
  async upload(c, { zone, ec }) {
    return attempt(c.uploadHostnameCertificate(zone, ec));
  },
  /** A real trap (the instance's memory grown to its limit, then an input that needs more):
   *  the error it becomes, then the module at work again; the Client made before it is stale. */
  async trap(c, { zone, pem }) {
    const { memory } = initSync();
    for (let step = 65536; step >= 1; ) {
      try {
        memory.grow(step);
      } catch {
        step = Math.floor(step / 2);
      }
    }
    const pages = memory.buffer.byteLength / 65536;
    const big = `${pem}\n`.repeat(Math.floor((1024 * 1024 - 1) / (pem.length + 1)));
    let error = null;
    try {
      inspectCertificates(big);
    } catch (e) {
      error = { ...failure(e).error, cause: e.cause instanceof WebAssembly.RuntimeError };
    }
    return {
      pages,
      error,
      fresh: initSync().memory !== memory,
      after: inspectCertificates(pem).map((x) => x.subject),
      stale: await attempt(c.listHostnameCertificates(zone)),
    };
  },
  /** The origin's side in workerd: originConfig's text, its argument errors, and
   *  probeOrigin, which needs Node (a Worker cannot present a client certificate). */
  async origin() {
    let invalid = null;
    try {
      originConfig({ server: 'nginx', caPath: '/etc/ca.pem;\nssl_verify_client off' });
    } catch (e) {
      invalid = failure(e).error;
    }
    return {
      nginx: originConfig({ server: 'nginx', caPath: '/etc/nginx/aop.pem', hostnames: ['app.origin.example'] }),
      invalid,
      probe: await attempt(probeOrigin({ url: 'https://203.0.113.10/' })),
    };
  },
  /** One rotation (tests/worker/rotation.test.mjs): the result, the progress events seen, and
   *  the plan; `rotation.state` resumes a rotation a previous invocation left. */
  async rotate(c, { rotation, crashAfter }) {
    const events = [];
    const plan = rotation.state ? null : planRotation(rotation);
    // `crashAfter: k` stops the invocation right after the k-th request, keeping the state of
    // the last event before it, as a Worker whose invocation ended would have saved it.
    const controller = new AbortController();
    let requests = 0;
    let saved = null;
    const onProgress = (e) => {
      if (controller.signal.aborted) return;
      events.push({ step: e.step, kind: e.kind, status: e.status });
      if (crashAfter && e.kind === 'request' && ++requests >= crashAfter) controller.abort();
      else saved = JSON.stringify(e.state);
    };
    if (crashAfter) {
      const r = await rotate(c, { ...rotation, onProgress, signal: controller.signal }).then((x) => ({ result: x }), failure);
      return { ...r, events, plan, saved, crashed: controller.signal.aborted };
    }
    const result = await rotate(c, { ...rotation, onProgress: (e) => events.push({ step: e.step, kind: e.kind, status: e.status }) }).then(
      (r) => ({ result: r }),
      failure,
    );
    return { ...result, events, plan };
  },
};

export default {
  async fetch(request, env) {
    if (request.method !== 'POST') return new Response('POST a scenario', { status: 405 });
    const input = await request.json();
    const scenario = SCENARIOS[input.scenario];
    if (!scenario) return Response.json({ error: { message: `unknown scenario ${input.scenario}` } }, { status: 400 });
    const client = new Client({ token: env.TOKEN, baseUrl: env.UPSTREAM, ...(input.options ?? {}) });
    const started = Date.now();
    const out = await scenario(client, input).catch((e) => failure(e));
    return Response.json({ out, ms: Date.now() - started });
  },
};
