// `npm start`: build, then run the project's Worker locally in workerd, serving the admin page
// on 127.0.0.1, and print the URL. Ctrl-C stops everything.
import { spawnSync } from 'node:child_process';
import { root } from './setup.mjs';
import { startWorker, freePort } from './worker-dev.mjs';

const build = spawnSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const wanted = Number(process.env.PORT ?? 8787);
const port = (await isFree(wanted)) ? wanted : await freePort();
const worker = await startWorker({ port, quiet: !process.env.VERBOSE });

console.log(`\noriginpull is running:\n\n  admin page   ${worker.url}/\n\nCtrl-C to stop.`);

async function isFree(p) {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(p, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

const shutdown = async () => {
  await worker.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
