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

// Errors: a class at run time, a union on `code` after isOriginpullError.
import { isOriginpullError, OriginpullError as ErrorClass } from 'originpull';
try {
  inspectCertificates('');
} catch (e) {
  if (e instanceof ErrorClass) console.log(e.code, e.message);
  if (isOriginpullError(e)) {
    if (e.code === 'CF_API_ERROR') console.log(e.status, e.rayId, e.errors[0]?.message);
    else if (e.code === 'VALIDATION_FAILED') console.log(e.codes.join());
    // @ts-expect-error only CF_API_ERROR carries a status
    else console.log(e.status);
  }
}

// The Client: results typed per operation, unknown fields allowed.
import { Client, type HostnameCertificate, type AssociationListItem } from 'originpull';
const client = new Client({ token: 't', baseUrl: 'http://127.0.0.1:8788/client/v4', timeoutMs: 5000, retries: 1, fetch });
async function useClient(): Promise<void> {
  const cert: HostnameCertificate = await client.uploadHostnameCertificate('0'.repeat(32), { certificate: '', private_key: '' });
  const id: string = cert.id;
  const extra: unknown = cert['new_field'];
  const items: AssociationListItem[] = await client.listHostnames('0'.repeat(32), { page: 1, perPage: 50, status: 'all' });
  const enabled: boolean | null | undefined = items[0]?.enabled;
  const setting: boolean = (await client.getZoneSetting('0'.repeat(32))).enabled;
  await client.setHostnames('0'.repeat(32), [{ hostname: 'a.example', cert_id: id, enabled: null }]);
  console.log(id, extra, enabled, setting);
  // @ts-expect-error enabled is a boolean
  await client.setZoneSetting('0'.repeat(32), 'on');
}
void useClient;

// Rotation: the plan and the run, typed; the state resumes.
import { planRotation, rotate, type RotationStep, type RotationEvent, type RotationResult, type RotationState } from 'originpull';
const steps: RotationStep[] = planRotation({ scope: 'hostname', zoneId: '0'.repeat(32), certificate: '', privateKey: '', hostnames: ['a.example.com'] });
const firstMethod: 'GET' | 'POST' | 'PUT' | 'DELETE' | undefined = steps[0]?.method;
console.log(firstMethod);
async function useRotation(): Promise<void> {
  let saved: RotationState | undefined;
  const result: RotationResult = await rotate(client, {
    scope: 'zone', zoneId: '0'.repeat(32), certificate: '', privateKey: '', pollIntervalMs: 500, timeoutMs: 60_000, signal: AbortSignal.timeout(25_000),
    onProgress: (e: RotationEvent) => { saved = e.state; console.log(e.step, e.kind, e.status, e.elapsedMs); },
  });
  if (!result.ok && result.resumable && saved) {
    const again = await rotate(client, { scope: 'zone', zoneId: saved.zoneId, state: saved });
    const code: string | undefined = again.error?.code;
    console.log(again.outcome, code, again.deletionPending);
  }
  // @ts-expect-error scope is required
  planRotation({ zoneId: '', certificate: '', privateKey: '' });
}
void useRotation;

// Minting: options and results typed; a wrong key type is refused by the types.
import { inspect, createCA, issueClientCertificate, createCertificateRequest, type MintedCA, type MintedClientCertificate, type RequestInfo } from 'originpull';
async function useMinting(): Promise<void> {
  const ca: MintedCA = await createCA({ commonName: 'CA', organization: 'O', validityDays: 3650, keyType: 'P-384', now: new Date() });
  const client: MintedClientCertificate = await issueClientCertificate({ ca: { ...ca, passphrase: 'p' }, commonName: 'c', dnsNames: ['a.example.com'], keyType: 'RSA-2048' });
  const { csr, privateKey } = await createCertificateRequest({ commonName: 'r' });
  const requests: RequestInfo[] = inspect(csr).requests;
  console.log(client.chain, privateKey, requests[0]?.signatureValid);
  // @ts-expect-error P-521 is not a key type minting makes
  await createCA({ commonName: 'CA', keyType: 'P-521' });
}
void useMinting;
