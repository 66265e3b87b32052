// The runtime half of tests/helpers/mint-plan.mjs: what the runtime tests mint, run inside the
// runtime (bundled into the test Worker; its source sent to Chromium with page.evaluate), with
// the package's functions as `op`. No Node imports here.
export const PLAN = [
  { ca: 'P-256', clients: ['P-256', 'P-384', 'RSA-2048', 'RSA-3072', 'RSA-4096'] },
  { ca: 'P-384', clients: ['P-256'] },
  { ca: 'RSA-2048', clients: ['P-384'] },
  { ca: 'RSA-3072', clients: ['RSA-2048'] },
];

/**
 * Mint PLAN with `op` (the package as the runtime imports it): every CA with its clients, each
 * client's validateUpload findings (errors and warnings), a CSR per EC key type, and the code
 * of one refused option. Plain data back.
 */
export async function mintPlan(op, plan) {
  const out = { cas: [], csrs: [], refused: null };
  for (const step of plan) {
    const ca = await op.createCA({ commonName: `runtime ${step.ca} CA`, organization: 'Example, Inc.', keyType: step.ca });
    const clients = [];
    for (const keyType of step.clients) {
      const m = await op.issueClientCertificate({ ca, commonName: `runtime ${keyType} client`, keyType, dnsNames: ['app.example.com'] });
      const report = op.validateUpload({ certificate: m.certificate, privateKey: m.privateKey, caCertificates: m.chain });
      clients.push({ keyType, certificate: m.certificate, privateKey: m.privateKey, chain: m.chain, complaints: report.findings.filter((f) => f.severity !== 'info').map((f) => f.code) });
    }
    out.cas.push({ keyType: step.ca, certificate: ca.certificate, privateKey: ca.privateKey, clients });
  }
  for (const keyType of ['P-256', 'RSA-2048']) {
    const r = await op.createCertificateRequest({ commonName: 'runtime csr', keyType, dnsNames: ['app.example.com'] });
    out.csrs.push({ keyType, csr: r.csr, signatureValid: op.inspect(r.csr).requests[0]?.signatureValid });
  }
  try {
    await op.createCA({ commonName: 'x', keyType: 'P-521' });
  } catch (e) {
    out.refused = { code: e.code, isError: e instanceof Error };
  }
  return out;
}

