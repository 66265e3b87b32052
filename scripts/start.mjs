// `npm start`: build, start the local AOP API emulator, then run the project's Worker locally
// in workerd with its API proxy pointed at the emulator, serving the admin page on 127.0.0.1,
// and print the URLs. Ctrl-C stops everything. Emulator state persists in .emulator-state.json
// (git-ignored) across restarts; delete it to start empty.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { root } from './setup.mjs';
import { startWorker, freePort } from './worker-dev.mjs';

const build = spawnSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const { startEmulator, DEFAULT_TOKEN } = await import('../emulator/index.js');

// Ctrl-C (or SIGTERM) at any point, even while things are still starting, stops what has
// started: the Worker's wrangler is also stopped by worker-dev.mjs when this process exits.
let emu;
let worker;
async function shutdown() {
  await Promise.allSettled([worker?.stop(), emu?.close()]);
  process.exit(0);
}
process.on('SIGINT', () => shutdown());
process.on('SIGTERM', () => shutdown());

async function port(wanted) {
  const free = await new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(wanted, '127.0.0.1', () => s.close(() => resolve(true)));
  });
  return free ? wanted : freePort();
}

emu = await startEmulator({
  port: await port(Number(process.env.EMULATOR_PORT ?? 8788)),
  host: '127.0.0.1',
  stateFile: join(root, '.emulator-state.json'),
  quiet: true,
});
worker = await startWorker({
  port: await port(Number(process.env.PORT ?? 8787)),
  vars: { UPSTREAM: emu.url, UPSTREAM_KIND: 'emulator', DEMO_TOKEN: DEFAULT_TOKEN },
  quiet: !process.env.VERBOSE,
});

console.log(`
originpull is running:

  admin page     ${worker.url}/
  API proxy      ${worker.url}/client/v4/zones/{zone_id}/origin_tls_client_auth…  ->  the emulator
  AOP emulator   ${emu.url}  (API token: ${DEFAULT_TOKEN}; any 32-hex zone id works)

No Cloudflare account is needed: every call goes to the local emulator.
Ctrl-C to stop.`);
