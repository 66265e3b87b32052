// What the runtime tests mint (tests/browser/mint.test.mjs, tests/worker/mint.test.mjs): every
// key type, as a CA or a client; one RSA-4096 key per runtime (slow). `mintPlan`
// (tests/helpers/mint-run.mjs) runs inside the runtime; `checkMinted` judges the PEMs in Node.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLAN } from './mint-run.mjs';

export { PLAN, mintPlan } from './mint-run.mjs';

/** Judge what a runtime minted: openssl verify -purpose sslclient, key types, clean reports. */
export function checkMinted(result, op) {
  const dir = mkdtempSync(join(tmpdir(), 'originpull-runtime-mint-'));
  try {
    const file = (name, text) => {
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    };
    assert.equal(result.cas.length, PLAN.length);
    const serials = new Set();
    let clients = 0;
    for (const [i, ca] of result.cas.entries()) {
      assert.equal(ca.keyType, PLAN[i].ca);
      const [caInfo] = op.inspectCertificates(ca.certificate);
      assert.deepEqual(caInfo.basicConstraints, { ca: true, pathLength: 0 });
      assert.equal(op.inspect(ca.privateKey).privateKeys[0].publicKeySha256, caInfo.publicKey.sha256);
      const caFile = file(`ca${i}.pem`, ca.certificate);
      for (const c of ca.clients) {
        clients += 1;
        const v = spawnSync('openssl', ['verify', '-purpose', 'sslclient', '-CAfile', caFile, file('client.pem', c.certificate)], { encoding: 'utf8' });
        assert.equal(v.status, 0, `${ca.keyType} -> ${c.keyType}: ${v.stdout}${v.stderr}`);
        const [info] = op.inspectCertificates(c.certificate);
        if (c.keyType.startsWith('RSA')) assert.equal(info.publicKey.bits, Number(c.keyType.slice(4)));
        else assert.equal(info.publicKey.curve, c.keyType);
        assert.deepEqual(c.complaints, [], `${ca.keyType} -> ${c.keyType}`);
        // Judged again in Node: the same PEMs, a clean report.
        const report = op.validateUpload({ certificate: c.certificate, privateKey: c.privateKey, caCertificates: ca.certificate });
        assert.deepEqual(report.findings.filter((f) => f.severity !== 'info').map((f) => f.code), []);
        serials.add(info.serialNumberHex);
      }
      serials.add(caInfo.serialNumberHex);
    }
    assert.equal(serials.size, clients + result.cas.length, 'no serial twice');
    for (const r of result.csrs) {
      assert.equal(r.signatureValid, true);
      const v = spawnSync('openssl', ['req', '-in', file('req.csr', r.csr), '-verify', '-noout'], { encoding: 'utf8' });
      assert.equal(v.status, 0, v.stderr);
    }
    assert.deepEqual(result.refused, { code: 'INVALID_ARGUMENT', isError: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
