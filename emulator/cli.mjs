#!/usr/bin/env node
// node emulator/cli.mjs [--port 8788] [--host 127.0.0.1] [--state file.json] [--token T]
//                       [--any-token] [--deploy-delay-ms N] [--latency-ms N]
// Starts the AOP API emulator and prints its base URL; stops on SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { startEmulator, DEFAULT_TOKEN } from './index.js';

const usage = `usage: node emulator/cli.mjs [--port 8788] [--host 127.0.0.1] [--state file.json]
       [--token T | --any-token] [--deploy-delay-ms 300] [--latency-ms 0]`;

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: '8788' },
      host: { type: 'string', default: '127.0.0.1' },
      state: { type: 'string' },
      token: { type: 'string', default: process.env.EMULATOR_TOKEN || DEFAULT_TOKEN },
      'any-token': { type: 'boolean', default: false },
      'deploy-delay-ms': { type: 'string', default: '300' },
      'latency-ms': { type: 'string', default: '0' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (e) {
  console.error(`${e.message}\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const num = (name) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be an integer >= 0\n${usage}`);
    process.exit(2);
  }
  return n;
};

const emu = await startEmulator({
  quiet: false,
  port: num('port'),
  host: values.host,
  stateFile: values.state ?? null,
  token: values.token,
  anyToken: values['any-token'],
  deployDelayMs: num('deploy-delay-ms'),
  latencyMs: num('latency-ms'),
}).catch((e) => {
  console.error(`emulator: cannot start: ${e.code === 'EADDRINUSE' ? `port ${values.port} on ${values.host} is in use` : e.message}`);
  process.exit(1);
});
console.log(`AOP API emulator: ${emu.url}`);
console.log(`  token: ${values['any-token'] ? 'any non-empty bearer token' : values.token === DEFAULT_TOKEN ? DEFAULT_TOKEN : '(as given)'}`);
console.log(`  control: ${emu.origin}/__emulator/ (health, state, audit, faults, timeouts, clock, reset; Authorization: Bearer <token>)`);
if (values.state) console.log(`  state file: ${values.state}`);
const stop = () => emu.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
