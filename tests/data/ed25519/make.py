"""Ed25519 verification vectors for src/verify.rs (ed25519-dalek), judged by Python `cryptography` and by the
`openssl` command (never by originpull).

    python3 make.py        # rewrites ed25519.txt next to this file (deterministic)

Made with Python 3.11, cryptography 48 (OpenSSL 4.0 inside) and the openssl 3.0 command.

ed25519.txt: `label public message signature valid`, hex (`-` for an empty message);
`valid` is 1/0 as cryptography's `Ed25519PublicKey.verify` says and, for every row, as
`openssl pkeyutl -verify -rawin` says too (the key given as an RFC 8410
SubjectPublicKeyInfo): the script stops if the two disagree. The exception is an empty
message, which the openssl 3.0 command cannot verify ("Could not allocate 0 bytes for
oneshot sign/verify buffer"); those rows have cryptography's verdict alone.

Signatures are made by cryptography (keys from fixed seeds, so reruns give the same file).
The small pure-Python curve code below only *builds* the unusual inputs (small-order and
mixed-order keys, signatures whose R is an encoding OpenSSL refuses); whether they verify is
always cryptography's and OpenSSL's answer.
"""
import hashlib
import os
import random
import subprocess
import tempfile

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20261126)

# ---- RFC 8032 §5.1, for building inputs only.
p = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
d = -121665 * pow(121666, p - 2, p) % p
SQRT_M1 = pow(2, (p - 1) // 4, p)


def inv(x):
    return pow(x, p - 2, p)


def add(P, Q):
    (x1, y1), (x2, y2) = P, Q
    t = d * x1 * x2 * y1 * y2 % p
    return ((x1 * y2 + x2 * y1) * inv(1 + t) % p, (y1 * y2 + x1 * x2) * inv(1 - t) % p)


def mul(k, P):
    R = (0, 1)
    while k:
        if k & 1:
            R = add(R, P)
        P = add(P, P)
        k >>= 1
    return R


def recover_x(y, sign):
    u, v = (y * y - 1) % p, (d * y * y + 1) % p
    x = pow(u * inv(v), (p + 3) // 8, p)
    if (v * x * x - u) % p:
        x = x * SQRT_M1 % p
    if (v * x * x - u) % p:
        return None
    return p - x if x and (x & 1) != sign else x


def enc(P):
    x, y = P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def le(n):
    return (n % 2**256).to_bytes(32, "little")


B = (recover_x(4 * inv(5) % p, 0), 4 * inv(5) % p)
IDENTITY = (0, 1)
# A point of order 8 (x, y with y^2 a root of d y^4 + 2 y^2 - 1... found by cofactor clearing).
T8 = next(
    T
    for T in (mul(L, (recover_x(y, 0), y)) for y in range(2, 200) if recover_x(y, 0) is not None)
    if mul(4, T) != IDENTITY
)
assert mul(8, T8) == IDENTITY


def raw(pub):
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def secret_scalar(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    return (a & ((1 << 254) - 8)) | (1 << 254)


def challenge(R, A, M):
    return int.from_bytes(hashlib.sha512(R + A + M).digest(), "little") % L


# ---- The judges.
def cryptography_says(A, M, sig):
    try:
        ed25519.Ed25519PublicKey.from_public_bytes(A).verify(sig, M)
        return 1
    except InvalidSignature:
        return 0


def openssl_says(A, M, sig):
    with tempfile.TemporaryDirectory() as t:
        spki = bytes.fromhex("302a300506032b6570032100") + A  # RFC 8410 §4
        for name, data in (("k.der", spki), ("m", M), ("s", sig)):
            with open(os.path.join(t, name), "wb") as f:
                f.write(data)
        r = subprocess.run(
            ["openssl", "pkeyutl", "-verify", "-pubin", "-keyform", "DER", "-inkey", f"{t}/k.der",
             "-rawin", "-in", f"{t}/m", "-sigfile", f"{t}/s"],
            capture_output=True, text=True,
        )
        if "Verified Successfully" in r.stdout:
            return 1
        if "Verification Failure" in r.stdout:
            return 0
        raise SystemExit(f"openssl pkeyutl: {r.stdout} {r.stderr}")


rows = []


def row(label, A, M, sig):
    c = cryptography_says(A, M, sig)
    o = openssl_says(A, M, sig) if M else c
    if c != o:
        raise SystemExit(f"{label}: cryptography {c}, openssl {o}")
    rows.append(f"{label} {A.hex()} {M.hex() or '-'} {sig.hex()} {c}")


def flip(data, bit):
    b = bytearray(data)
    b[bit // 8] ^= 1 << (bit % 8)
    return bytes(b)


def damaged(label, A, M, sig):
    """The signature, then variants with one thing changed."""
    R, S = sig[:32], sig[32:]
    s = int.from_bytes(S, "little")
    row(label, A, M, sig)
    row(f"{label}/R-bit", A, M, flip(R, rng.randrange(256)))
    row(f"{label}/S-bit", A, M, R + flip(S, rng.randrange(252)))
    row(f"{label}/A-bit", flip(A, rng.randrange(255)), M, sig)
    row(f"{label}/A-sign", flip(A, 255), M, sig)
    if M:
        row(f"{label}/M-bit", A, flip(M, rng.randrange(8 * len(M))), sig)
    row(f"{label}/M-extended", A, M + b"\x00", sig)
    row(f"{label}/S+L", A, M, R + le(s + L))  # S >= L: same point, refused
    if s + 2 * L < 2**256:
        row(f"{label}/S+2L", A, M, R + le(s + 2 * L))
    row(f"{label}/S-top-bit", A, M, R + flip(S, 255))
    row(f"{label}/R-S-swapped", A, M, S + R)


# RFC 8032 §7.1: secret key, public key, message, signature (TEST 1, 2, 3, SHA(abc)).
RFC = [
    ("rfc8032-test1",
     "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
    ("rfc8032-test2",
     "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
    ("rfc8032-test3",
     "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
    ("rfc8032-sha-abc",
     "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
     "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
     hashlib.sha512(b"abc").hexdigest(),
     "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"),
]
for label, secret, public, message, signature in RFC:
    key = ed25519.Ed25519PrivateKey.from_private_bytes(bytes.fromhex(secret))
    M = bytes.fromhex(message)
    assert raw(key.public_key()).hex() == public, label
    assert key.sign(M).hex() == signature, label  # cryptography reproduces the RFC
    damaged(label, bytes.fromhex(public), M, bytes.fromhex(signature))

# Random keys and messages of many lengths (a certificate's TBSCertificate is ~300-1500).
for i, length in enumerate([0, 1, 31, 32, 33, 64, 127, 128, 300, 1000, 1500, 4096]):
    key = ed25519.Ed25519PrivateKey.from_private_bytes(rng.randbytes(32))
    M = rng.randbytes(length)
    damaged(f"random{i}-len{length}", raw(key.public_key()), M, key.sign(M))

# Signatures whose R is the identity, made with a known secret scalar a: S = k a mod L gives
# [S]B - [k]A = O, whose encoding is 01 00..00. Only that canonical R verifies; the
# non-canonical encodings of the same point (y = 1 + p; x = 0 with the sign bit) do not.
seed = rng.randbytes(32)
key = ed25519.Ed25519PrivateKey.from_private_bytes(seed)
A, a = raw(key.public_key()), secret_scalar(seed)
assert enc(mul(a, B)) == A
for j in range(3):
    M = rng.randbytes(50)
    for name, R in [
        ("canonical", enc(IDENTITY)),
        ("y-plus-p", le(1 + p)),
        ("sign-bit", le(1 | 1 << 255)),
    ]:
        row(f"R-identity-{name}-{j}", A, M, R + le(challenge(R, A, M) * a % L))

# Public keys with small y, canonical and not: y and y + p for every y < 19, with and
# without the sign bit (OpenSSL reduces y mod p and lets "-0" be 0), plus y = p - 1 (order 2,
# so only "-0" is odd) and an order-8 point. Most small y have no point; 3, 4, 5, ... are
# points of large order; y = 0 has order 4, y = 1 is the identity. Signature R = [s]B,
# S = s, which holds exactly when [k]A = O: for small-order keys one message with k a
# multiple of the order (accepted by OpenSSL) and one without, where the order allows.
def order(P):
    return next((n for n in (1, 2, 4, 8) if mul(n, P) == IDENTITY), None)


small = [(f"y{y}{'+p' if e >= p else ''}-sign{sign}", y, e, sign) for y in range(19) for e in (y, y + p) for sign in (0, 1)]
small += [(f"y(p-1)-sign{sign}", p - 1, p - 1, sign) for sign in (0, 1)]
small += [(f"order8-sign{sign}", T8[1], T8[1], sign) for sign in (0, 1)]
for name, y, encoded, sign in small:
    A = le(encoded | sign << 255)
    x = recover_x(y, sign)
    n = order((x, y)) if x is not None else None
    s = rng.randrange(L)
    R = enc(mul(s, B))
    wanted = [lambda k: k % n == 0, lambda k: k % n != 0] if n and n > 1 else [lambda k: True] * 2
    if n == 1:
        wanted = wanted[:1]
    for j, want in enumerate(wanted):
        M = rng.randbytes(20)
        while not want(challenge(R, A, M)):
            M = rng.randbytes(20)
        row(f"small-A-{name}-{j}", A, M, R + le(s))

# Mixed-order public key A' = [a]B + T8 with an honest-looking S = r + k a: the cofactorless
# equation holds only when [k]T8 = O (k divisible by 8); a cofactored verifier would accept
# every one of these.
seed = rng.randbytes(32)
a = secret_scalar(seed)
A = enc(add(mul(a, B), T8))
for j in range(24):
    M = rng.randbytes(40)
    r = rng.randrange(L)
    R = enc(mul(r, B))
    row(f"mixed-order-A-{j}", A, M, R + le((r + challenge(R, A, M) * a) % L))

# Mixed-order R = [r]B + T8 with an ordinary key: [S]B - [k]A = [r]B never equals R.
seed = rng.randbytes(32)
key = ed25519.Ed25519PrivateKey.from_private_bytes(seed)
A, a = raw(key.public_key()), secret_scalar(seed)
for j in range(4):
    M = rng.randbytes(40)
    r = rng.randrange(L)
    R = enc(add(mul(r, B), T8))
    row(f"mixed-order-R-{j}", A, M, R + le((r + challenge(R, A, M) * a) % L))

with open(os.path.join(HERE, "ed25519.txt"), "w") as f:
    f.write("\n".join(rows) + "\n")
valid = sum(r.endswith(" 1") for r in rows)
print(f"{len(rows)} vectors, {valid} valid")
