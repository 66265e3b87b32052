// Shared by the tests that drive the local AOP emulator directly (to set up zones before a
// Client, the CLI or a rotation runs, and to read what is left afterwards).
import assert from 'node:assert/strict';

/** A fresh random 32-hex zone id (the emulator creates zones on first use). */
export const randomZone = () => [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');

/** One call to the emulator with plain fetch; asserts success and returns the `result`. */
export async function emulatorCall(emu, token, method, path, body) {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  assert.equal(json.success, true, JSON.stringify(json));
  return json.result;
}
