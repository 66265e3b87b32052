"""Known-answer vectors for the RSA verification in src/verify.rs, made by Python
`cryptography` 48 (OpenSSL 3.0 underneath).

    python3 make.py        # rewrites rsa.txt next to this file

rsa.txt: `scheme hash salt n e digest signature valid openssl` (hex except scheme, hash, salt
and the verdicts; scheme is `pkcs1` or `pss`, salt is the PSS salt length, `-` for PKCS#1
v1.5). `openssl` is cryptography's verdict; `valid` adds RFC 8017's length rule (§8.1.2 and
§8.2.2 step 1: the signature is exactly k octets). The two differ only where a PSS signature
lost a leading zero octet: OpenSSL's PSS path accepts that shorter string, its PKCS#1 v1.5
path and originpull (like the `rsa` crate before it) do not.
Key sizes include 1025 and 2049 bits, where modBits - 1 is a multiple of 8 and PSS's EM is
one octet shorter than the modulus (RFC 8017 §8.1.2 step 2c), and exponents 3 and 65537.
Damaged variants (message changed, signature + n, a byte flipped, one byte short, PSS
verified with another salt length) get their `valid` from cryptography's `verify`, never
from originpull.
"""
import hashlib
import os
import random

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

HERE = os.path.dirname(os.path.abspath(__file__))
HASHES = {
    "md5": hashes.MD5(),
    "sha1": hashes.SHA1(),
    "sha224": hashes.SHA224(),
    "sha256": hashes.SHA256(),
    "sha384": hashes.SHA384(),
    "sha512": hashes.SHA512(),
}
rng = random.Random(20261126)


def pad(scheme, h, salt):
    if scheme == "pkcs1":
        return padding.PKCS1v15()
    return padding.PSS(mgf=padding.MGF1(h), salt_length=salt)


def verifies(pub, digest, sig, scheme, h, salt):
    try:
        pub.verify(sig, digest, pad(scheme, h, salt), Prehashed(h))
        return 1
    except (InvalidSignature, ValueError):
        return 0


def lines():
    for bits, e in [(1024, 65537), (1025, 3), (2048, 3), (2049, 65537), (3072, 65537)]:
        key = rsa.generate_private_key(public_exponent=e, key_size=bits)
        pub = key.public_key()
        n = pub.public_numbers().n
        k = (n.bit_length() + 7) // 8
        for hname, h in HASHES.items():
            for scheme in ["pkcs1", "pss"]:
                if scheme == "pss" and hname == "md5":
                    continue
                max_salt = k - h.digest_size - 2 - (1 if (n.bit_length() - 1) % 8 == 0 else 0)
                salts = [None] if scheme == "pkcs1" else sorted({x for x in [0, h.digest_size, max_salt] if 0 <= x <= max_salt})
                for salt in salts:
                    msg = rng.randbytes(30)
                    digest = hashlib.new(hname, msg).digest()
                    sig = key.sign(digest, pad(scheme, h, salt), Prehashed(h))
                    flipped = bytearray(sig)
                    flipped[rng.randrange(len(sig))] ^= 0x40
                    other = hashlib.new(hname, msg + b"!").digest()
                    plus_n = (int.from_bytes(sig, "big") + n).to_bytes(k + 1, "big")
                    cases = [
                        (digest, sig, salt),
                        (other, sig, salt),
                        (digest, bytes(flipped), salt),
                        (digest, sig[1:], salt),
                        (digest, plus_n[-k:] if plus_n[0] == 0 else plus_n, salt),
                    ]
                    if scheme == "pss":
                        cases.append((digest, sig, salt + 1 if salt < max_salt else salt - 1))
                    for dg, sg, sl in cases:
                        raw = verifies(pub, dg, sg, scheme, h, sl)
                        ok = raw if len(sg) == k else 0
                        s = "-" if sl is None else str(sl)
                        yield f"{scheme} {hname} {s} {n:x} {e:x} {dg.hex()} {sg.hex()} {ok} {raw}"


with open(os.path.join(HERE, "rsa.txt"), "w") as f:
    f.write("\n".join(lines()) + "\n")
