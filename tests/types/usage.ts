// Compiled with `tsc --strict --noEmit` by tests/node/pack.test.mjs inside a fresh project
// that installed the packed tarball: the published types must describe real use, with no any.
import { inspectCertificates, type CertificateInfo, type OriginpullError } from 'originpull';

const certs: CertificateInfo[] = inspectCertificates('-----BEGIN CERTIFICATE-----\n...');
const first: CertificateInfo | undefined = certs[0];
if (first) {
  const serial: string = first.serialNumber;
  const bits: number = first.publicKey.bits;
  const eku: string[] | null = first.extendedKeyUsage;
  const ca: boolean | undefined = first.basicConstraints?.ca;
  const version: 1 | 2 | 3 = first.version;
  console.log(serial, bits, eku, ca, version);
}
inspectCertificates(new Uint8Array([0x30]));
try {
  inspectCertificates('');
} catch (e) {
  const code: OriginpullError['code'] = (e as OriginpullError).code;
  console.log(code);
}
// @ts-expect-error numbers are not accepted
inspectCertificates(42);
