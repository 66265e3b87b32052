// Inputs that ask for a lot of work, for the tests of the per-request limits (`limits`
// option; the Worker's caps): the issue-13 cases, made from checked-in fixtures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import { root, readFixture } from './paths.mjs';

/** tests/fixtures/aop/leaf-ec.slow.key: 10,000,000 PBKDF2 iterations (the library's cap). */
export const SLOW_KEY = readFixture('aop', 'leaf-ec.slow.key');
export const SLOW_PASSPHRASE = 'slow-fixture-passphrase';

/** Ten of them: 100,000,000 iterations, 36 s of work in workerd before issue 13. */
export const TEN_SLOW_KEYS = `${SLOW_KEY}\n`.repeat(10);

/**
 * tests/data/keys/p256.pkcs8-scrypt.pem (OpenSSL's scrypt default, N=16384, r=8, p=1: 16 MiB)
 * with N raised to 262,144: 256 MiB, the library's accepted maximum (OpenSSL will not write
 * one above 32 MiB). The PBES2 parameters are read and rewritten with asn1js; the ciphertext
 * no longer decrypts with it, which does not matter: the limits refuse it from its parameters.
 */
export function scrypt256MiB() {
  const pem = readFileSync(join(root, 'tests/data/keys/p256.pkcs8-scrypt.pem'), 'utf8');
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const { result } = asn1js.fromBER(new Uint8Array(der).buffer);
  // EncryptedPrivateKeyInfo.encryptionAlgorithm.parameters (PBES2-params).keyDerivationFunc.parameters (scrypt-params)
  const scryptParams = result.valueBlock.value[0].valueBlock.value[1].valueBlock.value[0].valueBlock.value[1];
  const [, n, r, p] = scryptParams.valueBlock.value;
  if (n.valueBlock.valueDec !== 16384 || r.valueBlock.valueDec !== 8 || p.valueBlock.valueDec !== 1) throw new Error('unexpected scrypt parameters in the fixture');
  scryptParams.valueBlock.value[1] = new asn1js.Integer({ value: 262144 });
  const out = Buffer.from(result.toBER(false)).toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${out}-----END ENCRYPTED PRIVATE KEY-----\n`;
}
export const SCRYPT_PASSPHRASE = 'op-test-passphrase';

/** `count` copies of a self-signed certificate (one signature check each). */
export const selfSigned = (count) => `${readFixture('basic', 'ca.pem')}\n`.repeat(count);
