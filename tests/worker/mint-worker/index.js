// Test-only Worker: minting inside workerd with the package's workerd entry (imported by its
// own name). POST / { plan } mints tests/helpers/mint-run.mjs's plan and answers the PEMs as
// JSON; POST / { keygen: keyType, impl: 'package' | 'webcrypto' } makes one key (bench/mint.mjs
// times those requests from outside: workerd's clock stands still while code runs).
import * as op from 'originpull';
import { mintPlan } from '../../helpers/mint-run.mjs';

export default {
  async fetch(request) {
    try {
      const body = await request.json();
      if (body.plan) return Response.json(await mintPlan(op, body.plan));
      if (body.keygen) {
        if (body.impl === 'webcrypto') {
          const rsa = body.keygen.startsWith('RSA');
          const alg = rsa
            ? { name: 'RSASSA-PKCS1-v1_5', modulusLength: Number(body.keygen.slice(4)), publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }
            : { name: 'ECDSA', namedCurve: body.keygen };
          const pair = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
          const der = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
          return Response.json({ bytes: der.length });
        }
        // The package's own path: a CSR costs one key plus one signature.
        const { csr } = await op.createCertificateRequest({ commonName: 'bench', keyType: body.keygen });
        return Response.json({ bytes: csr.length });
      }
      return Response.json({ ok: true });
    } catch (e) {
      return Response.json({ error: { code: e?.code, message: e?.message } }, { status: 500 });
    }
  },
};
