#!/usr/bin/env python3
"""Independent signature oracle for the chain vectors (Python `cryptography`, not originpull).

For every ordered pair (certificate, candidate issuer) of the *.pem files in this directory,
checks the certificate's signature over its raw TBSCertificate with the candidate's public
key, ignoring names. Writes signatures.txt: one line "<cert> <issuer>" per pair that
verifies, sorted. Every pair not listed must fail. Usage: python3 tests/data/chain/signatures.py
"""
import os
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, padding, rsa

here = os.path.dirname(os.path.abspath(__file__))
names = sorted(f[:-4] for f in os.listdir(here) if f.endswith(".pem"))
certs = {n: x509.load_pem_x509_certificate(open(os.path.join(here, n + ".pem"), "rb").read()) for n in names}


def verifies(cert, key):
    sig, tbs = cert.signature, cert.tbs_certificate_bytes
    # cryptography returns no parameters for MD5 and ECDSA-with-SHA1 signatures; rebuild them
    # from the hash so weak signatures are checked too.
    params = cert.signature_algorithm_parameters
    hash_alg = cert.signature_hash_algorithm
    if params is None and hash_alg is not None:
        params = padding.PKCS1v15() if isinstance(key, rsa.RSAPublicKey) else ec.ECDSA(hash_alg)
    try:
        if isinstance(key, rsa.RSAPublicKey):
            if not isinstance(params, (padding.PKCS1v15, padding.PSS)):
                return False
            key.verify(sig, tbs, params, hash_alg)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            if not isinstance(params, ec.ECDSA):
                return False
            key.verify(sig, tbs, params)
        elif isinstance(key, ed25519.Ed25519PublicKey):
            if cert.signature_algorithm_oid != x509.oid.SignatureAlgorithmOID.ED25519:
                return False
            key.verify(sig, tbs)
        elif isinstance(key, ed448.Ed448PublicKey):
            if cert.signature_algorithm_oid != x509.oid.SignatureAlgorithmOID.ED448:
                return False
            key.verify(sig, tbs)
        else:
            return False
        return True
    except (InvalidSignature, ValueError, TypeError, UnsupportedAlgorithm):
        return False


lines = [f"{c} {i}" for c in names for i in names if verifies(certs[c], certs[i].public_key())]
with open(os.path.join(here, "signatures.txt"), "w") as out:
    out.write("\n".join(lines) + "\n")
print(len(lines), "verifying pairs of", len(names) ** 2)
