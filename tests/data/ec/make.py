"""Known-answer vectors for ECDSA verification and EC public-point derivation (src/verify.rs, src/key/decode.rs), made by Python `cryptography` (OpenSSL underneath).

    python3 make.py        # rewrites public.txt and ecdsa.txt next to this file

Made with Python 3.11, cryptography 48 and OpenSSL 3.0 (for the group orders).

public.txt: `curve scalar public-uncompressed public-compressed` (hex), the public point of a
private scalar as cryptography derives it; scalars 1, 2, 3, n-2, n-1 and random ones.

ecdsa.txt: `curve hash public digest signature valid` (hex; `public` uncompressed or
compressed, `digest` the prehash the signature covers, `valid` 1/0 as cryptography's
`verify` says). Signatures are made by cryptography over random messages; the damaged
variants (message changed, r/s out of range, s negated, r and s swapped, bytes appended) get
their expectation from cryptography too, never from originpull.
"""
import hashlib
import os
import random
import subprocess

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    Prehashed,
    decode_dss_signature,
    encode_dss_signature,
)

HERE = os.path.dirname(os.path.abspath(__file__))


def order(name):
    """The group order as `openssl ecparam -param_enc explicit -text` prints it."""
    text = subprocess.run(
        ["openssl", "ecparam", "-name", name, "-param_enc", "explicit", "-text", "-noout"],
        capture_output=True, text=True, check=True,
    ).stdout
    block = text.split("Order:")[1].split("Cofactor")[0]
    return int("".join(c for c in block if c in "0123456789abcdef"), 16)


CURVES = {
    "P256": (ec.SECP256R1(), order("prime256v1")),
    "P384": (ec.SECP384R1(), order("secp384r1")),
    "P521": (ec.SECP521R1(), order("secp521r1")),
}
HASHES = {
    "sha1": hashes.SHA1(),
    "sha224": hashes.SHA224(),
    "sha256": hashes.SHA256(),
    "sha384": hashes.SHA384(),
    "sha512": hashes.SHA512(),
}
rng = random.Random(20261126)


def point(pub, form):
    return pub.public_bytes(serialization.Encoding.X962, form).hex()


def public_lines():
    for name, (curve, n) in CURVES.items():
        # The order n as cryptography knows it: n * G must fail, (n - 1) * G must work.
        try:
            ec.derive_private_key(n, curve)
            raise SystemExit(f"{name}: n accepted, wrong order constant")
        except ValueError:
            pass
        scalars = [1, 2, 3, n - 2, n - 1] + [rng.randrange(1, n) for _ in range(6)]
        size = (n.bit_length() + 7) // 8
        for d in scalars:
            pub = ec.derive_private_key(d, curve).public_key()
            yield " ".join(
                [
                    name,
                    d.to_bytes(size, "big").hex(),
                    point(pub, serialization.PublicFormat.UncompressedPoint),
                    point(pub, serialization.PublicFormat.CompressedPoint),
                ]
            )


def verifies(pub, digest, sig, h):
    try:
        pub.verify(sig, digest, ec.ECDSA(Prehashed(h)))
        return 1
    except InvalidSignature:
        return 0


def ecdsa_lines():
    for name, (curve, n) in CURVES.items():
        for hname, h in HASHES.items():
            for i in range(2):
                key = ec.generate_private_key(curve)
                pub = key.public_key()
                form = serialization.PublicFormat.CompressedPoint if i else serialization.PublicFormat.UncompressedPoint
                msg = rng.randbytes(40)
                digest = hashlib.new(hname, msg).digest()
                sig = key.sign(digest, ec.ECDSA(Prehashed(h)))
                r, s = decode_dss_signature(sig)
                other = hashlib.new(hname, msg + b"!").digest()
                cases = [
                    (digest, sig),
                    (other, sig),
                    (digest, encode_dss_signature(r, n - s)),
                    (digest, encode_dss_signature(s, r)),
                    (digest, encode_dss_signature(r + n, s)),
                    (digest, encode_dss_signature(r, s + n)),
                    (digest, encode_dss_signature(r ^ 1, s)),
                    (digest, sig + b"\x00"),
                ]
                for dg, sg in cases:
                    yield f"{name} {hname} {point(pub, form)} {dg.hex()} {sg.hex()} {verifies(pub, dg, sg, h)}"


with open(os.path.join(HERE, "public.txt"), "w") as f:
    f.write("\n".join(public_lines()) + "\n")
with open(os.path.join(HERE, "ecdsa.txt"), "w") as f:
    f.write("\n".join(ecdsa_lines()) + "\n")
