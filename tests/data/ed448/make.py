"""Ed448 verification vectors for src/ed448.rs and SHAKE256 vectors for src/keccak.rs, judged
by Python `cryptography`, the `openssl` command and Python's `hashlib` (never by originpull).

    python3 make.py        # rewrites ed448.txt and shake256.txt next to this file (deterministic)

Made with Python 3.11, cryptography 48 (OpenSSL 4.0 inside) and the openssl 3.0 command.

ed448.txt: `label public message signature valid`, hex (`-` for an empty message); `valid` is
1/0 as cryptography's `Ed448PublicKey.verify` says (empty context) and, for every row with a
message, as `openssl pkeyutl -verify -rawin` says too (the key given as an RFC 8410
SubjectPublicKeyInfo): the script stops if the two disagree. The openssl 3.0 command cannot
verify an empty message ("Could not allocate 0 bytes"), so those rows have cryptography's
verdict alone.

shake256.txt: `message output_length output`, hex (`-` for an empty message), from
`hashlib.shake_256(message).hexdigest(output_length)`.

Signatures are made by cryptography (keys from fixed seeds, so reruns give the same files).
The small pure-Python curve code below only *builds* the unusual inputs (small-order and
mixed-order keys and R, non-canonical encodings); whether they verify is always
cryptography's and OpenSSL's answer.
"""
import hashlib
import os
import random
import subprocess
import tempfile

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed448

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20261126448)

# ---- RFC 8032 §5.2, for building inputs only: x^2 + y^2 = 1 + d x^2 y^2 over p.
p = 2**448 - 2**224 - 1
d = -39081 % p
L = 2**446 - 13818066809895115352007386748515426880336692474882178609894547503885
BX = 224580040295924300187604334099896036246789641632564134246125461686950415467406032909029192869357953282578032075146446173674602635247710
BY = 298819210078481492676017930443930673437544040154080242095928241372331506189835876003536878655418784733982303233503462500531545062832660


def inv(x):
    return pow(x, p - 2, p)


def add(P, Q):
    (x1, y1), (x2, y2) = P, Q
    t = d * x1 * x2 * y1 * y2 % p
    return ((x1 * y2 + x2 * y1) * inv(1 + t) % p, (y1 * y2 - x1 * x2) * inv(1 - t) % p)


def mul(k, P):
    R = (0, 1)
    while k:
        if k & 1:
            R = add(R, P)
        P = add(P, P)
        k >>= 1
    return R


def recover_x(y, sign):
    """RFC 8032 §5.2.3 steps 2-4 for y < p, except that x = 0 with sign 1 gives x = 0."""
    u, v = (y * y - 1) % p, (d * y * y - 1) % p
    x = pow(u * inv(v), (p + 1) // 4, p)
    if (v * x * x - u) % p:
        return None
    return p - x if x and (x & 1) != sign else x


def enc(P):
    x, y = P
    return (y | ((x & 1) << 455)).to_bytes(57, "little")


def le(n):
    return (n % 2**456).to_bytes(57, "little")


B = (BX, BY)
IDENTITY = (0, 1)
T2 = (0, p - 1)  # order 2
T4 = (1, 0)  # order 4: the curve's 4-torsion is {O, T2, T4, -T4}
assert mul(2, T4) == T2 and mul(2, T2) == IDENTITY and mul(L, B) == IDENTITY


def raw(pub):
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def secret_scalar(seed):
    """RFC 8032 §5.2.5: the low 57 octets of SHAKE256(seed, 114), pruned."""
    h = hashlib.shake_256(seed).digest(114)
    a = int.from_bytes(h[:57], "little")
    return (a & ((1 << 448) - 4)) | (1 << 447)


DOM4 = b"SigEd448\x00\x00"  # RFC 8032 §5.2: dom4(0, ""), PureEdDSA with an empty context


def challenge(R, A, M):
    return int.from_bytes(hashlib.shake_256(DOM4 + R + A + M).digest(114), "little") % L


# ---- The judges.
def cryptography_says(A, M, sig):
    try:
        ed448.Ed448PublicKey.from_public_bytes(A).verify(sig, M)
        return 1
    except InvalidSignature:
        return 0


def openssl_says(A, M, sig):
    with tempfile.TemporaryDirectory() as t:
        spki = bytes.fromhex("3043300506032b6571033a00") + A  # RFC 8410 §4
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
        # A key OpenSSL cannot decode is refused when the SPKI is read (no verdict line).
        if "Could not read public key" in r.stderr or "Could not find private key" in r.stderr or "unable to load" in r.stderr.lower():
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
    R, S = sig[:57], sig[57:]
    s = int.from_bytes(S, "little")
    row(label, A, M, sig)
    row(f"{label}/R-bit", A, M, flip(R, rng.randrange(448)))
    row(f"{label}/R-sign", A, M, flip(R, 455))
    row(f"{label}/S-bit", A, M, R + flip(S, rng.randrange(446)))
    row(f"{label}/A-bit", flip(A, rng.randrange(448)), M, sig)
    row(f"{label}/A-sign", flip(A, 455), M, sig)
    if M:
        row(f"{label}/M-bit", A, flip(M, rng.randrange(8 * len(M))), sig)
    row(f"{label}/M-extended", A, M + b"\x00", sig)
    row(f"{label}/S+L", A, M, R + le(s + L))  # S >= L: the same scalar mod L, refused
    row(f"{label}/S+2L", A, M, R + le(s + 2 * L))
    row(f"{label}/S-top-octet", A, M, R + flip(S, 448 + rng.randrange(8)))
    row(f"{label}/R-S-swapped", A, M, S + R)
    row(f"{label}/short", A, M, sig[:-1])
    row(f"{label}/long", A, M, sig + b"\x00")


# RFC 8032 §7.4, the vectors with an empty context ("1 octet (with context)" is left out:
# certificates use Ed448 without a context). Secret key, public key, message, signature, as
# printed in the RFC (copied via pyca/cryptography's vectors/cryptography_vectors/asymmetric/
# Ed448/rfc8032.txt, which holds the RFC's values). The loop below checks that cryptography
# derives the same public key and the same signature from each secret key.
RFC = [
    ("rfc8032-blank",
     "6c82a562cb808d10d632be89c8513ebf6c929f34ddfa8c9f63c9960ef6e348a3528c8a3fcc2f044e39a3fc5b94492f8f032e7549a20098f95b",
     "5fd7449b59b461fd2ce787ec616ad46a1da1342485a70e1f8a0ea75d80e96778edf124769b46c7061bd6783df1e50f6cd1fa1abeafe8256180",
     "",
     "533a37f6bbe457251f023c0d88f976ae2dfb504a843e34d2074fd823d41a591f2b233f034f628281f2fd7a22ddd47d7828c59bd0a21bfd3980ff0d2028d4b18a9df63e006c5d1c2d345b925d8dc00b4104852db99ac5c7cdda8530a113a0f4dbb61149f05a7363268c71d95808ff2e652600"),
    ("rfc8032-1-octet",
     "c4eab05d357007c632f3dbb48489924d552b08fe0c353a0d4a1f00acda2c463afbea67c5e8d2877c5e3bc397a659949ef8021e954e0a12274e",
     "43ba28f430cdff456ae531545f7ecd0ac834a55d9358c0372bfa0c6c6798c0866aea01eb00742802b8438ea4cb82169c235160627b4c3a9480",
     "03",
     "26b8f91727bd62897af15e41eb43c377efb9c610d48f2335cb0bd0087810f4352541b143c4b981b7e18f62de8ccdf633fc1bf037ab7cd779805e0dbcc0aae1cbcee1afb2e027df36bc04dcecbf154336c19f0af7e0a6472905e799f1953d2a0ff3348ab21aa4adafd1d234441cf807c03a00"),
    ("rfc8032-11-octets",
     "cd23d24f714274e744343237b93290f511f6425f98e64459ff203e8985083ffdf60500553abc0e05cd02184bdb89c4ccd67e187951267eb328",
     "dcea9e78f35a1bf3499a831b10b86c90aac01cd84b67a0109b55a36e9328b1e365fce161d71ce7131a543ea4cb5f7e9f1d8b00696447001400",
     "0c3e544074ec63b0265e0c",
     "1f0a8888ce25e8d458a21130879b840a9089d999aaba039eaf3e3afa090a09d389dba82c4ff2ae8ac5cdfb7c55e94d5d961a29fe0109941e00b8dbdeea6d3b051068df7254c0cdc129cbe62db2dc957dbb47b51fd3f213fb8698f064774250a5028961c9bf8ffd973fe5d5c206492b140e00"),
    ("rfc8032-12-octets",
     "258cdd4ada32ed9c9ff54e63756ae582fb8fab2ac721f2c8e676a72768513d939f63dddb55609133f29adf86ec9929dccb52c1c5fd2ff7e21b",
     "3ba16da0c6f2cc1f30187740756f5e798d6bc5fc015d7c63cc9510ee3fd44adc24d8e968b6e46e6f94d19b945361726bd75e149ef09817f580",
     "64a65f3cdedcdd66811e2915",
     "7eeeab7c4e50fb799b418ee5e3197ff6bf15d43a14c34389b59dd1a7b1b85b4ae90438aca634bea45e3a2695f1270f07fdcdf7c62b8efeaf00b45c2c96ba457eb1a8bf075a3db28e5c24f6b923ed4ad747c3c9e03c7079efb87cb110d3a99861e72003cbae6d6b8b827e4e6c143064ff3c00"),
    ("rfc8032-13-octets",
     "7ef4e84544236752fbb56b8f31a23a10e42814f5f55ca037cdcc11c64c9a3b2949c1bb60700314611732a6c2fea98eebc0266a11a93970100e",
     "b3da079b0aa493a5772029f0467baebee5a8112d9d3a22532361da294f7bb3815c5dc59e176b4d9f381ca0938e13c6c07b174be65dfa578e80",
     "64a65f3cdedcdd66811e2915e7",
     "6a12066f55331b6c22acd5d5bfc5d71228fbda80ae8dec26bdd306743c5027cb4890810c162c027468675ecf645a83176c0d7323a2ccde2d80efe5a1268e8aca1d6fbc194d3f77c44986eb4ab4177919ad8bec33eb47bbb5fc6e28196fd1caf56b4e7e0ba5519234d047155ac727a1053100"),
    ("rfc8032-64-octets",
     "d65df341ad13e008567688baedda8e9dcdc17dc024974ea5b4227b6530e339bff21f99e68ca6968f3cca6dfe0fb9f4fab4fa135d5542ea3f01",
     "df9705f58edbab802c7f8363cfe5560ab1c6132c20a9f1dd163483a26f8ac53a39d6808bf4a1dfbd261b099bb03b3fb50906cb28bd8a081f00",
     "bd0f6a3747cd561bdddf4640a332461a4a30a12a434cd0bf40d766d9c6d458e5512204a30c17d1f50b5079631f64eb3112182da3005835461113718d1a5ef944",
     "554bc2480860b49eab8532d2a533b7d578ef473eeb58c98bb2d0e1ce488a98b18dfde9b9b90775e67f47d4a1c3482058efc9f40d2ca033a0801b63d45b3b722ef552bad3b4ccb667da350192b61c508cf7b6b5adadc2c8d9a446ef003fb05cba5f30e88e36ec2703b349ca229c2670833900"),
    ("rfc8032-256-octets",
     "2ec5fe3c17045abdb136a5e6a913e32ab75ae68b53d2fc149b77e504132d37569b7e766ba74a19bd6162343a21c8590aa9cebca9014c636df5",
     "79756f014dcfe2079f5dd9e718be4171e2ef2486a08f25186f6bff43a9936b9bfe12402b08ae65798a3d81e22e9ec80e7690862ef3d4ed3a00",
     "15777532b0bdd0d1389f636c5f6b9ba734c90af572877e2d272dd078aa1e567cfa80e12928bb542330e8409f3174504107ecd5efac61ae7504dabe2a602ede89e5cca6257a7c77e27a702b3ae39fc769fc54f2395ae6a1178cab4738e543072fc1c177fe71e92e25bf03e4ecb72f47b64d0465aaea4c7fad372536c8ba516a6039c3c2a39f0e4d832be432dfa9a706a6e5c7e19f397964ca4258002f7c0541b590316dbc5622b6b2a6fe7a4abffd96105eca76ea7b98816af0748c10df048ce012d901015a51f189f3888145c03650aa23ce894c3bd889e030d565071c59f409a9981b51878fd6fc110624dcbcde0bf7a69ccce38fabdf86f3bef6044819de11",
     "c650ddbb0601c19ca11439e1640dd931f43c518ea5bea70d3dcde5f4191fe53f00cf966546b72bcc7d58be2b9badef28743954e3a44a23f880e8d4f1cfce2d7a61452d26da05896f0a50da66a239a8a188b6d825b3305ad77b73fbac0836ecc60987fd08527c1a8e80d5823e65cafe2a3d00"),
    ("rfc8032-1023-octets",
     "872d093780f5d3730df7c212664b37b8a0f24f56810daa8382cd4fa3f77634ec44dc54f1c2ed9bea86fafb7632d8be199ea165f5ad55dd9ce8",
     "a81b2e8a70a5ac94ffdbcc9badfc3feb0801f258578bb114ad44ece1ec0e799da08effb81c5d685c0c56f64eecaef8cdf11cc38737838cf400",
     "6ddf802e1aae4986935f7f981ba3f0351d6273c0a0c22c9c0e8339168e675412a3debfaf435ed651558007db4384b650fcc07e3b586a27a4f7a00ac8a6fec2cd86ae4bf1570c41e6a40c931db27b2faa15a8cedd52cff7362c4e6e23daec0fbc3a79b6806e316efcc7b68119bf46bc76a26067a53f296dafdbdc11c77f7777e972660cf4b6a9b369a6665f02e0cc9b6edfad136b4fabe723d2813db3136cfde9b6d044322fee2947952e031b73ab5c603349b307bdc27bc6cb8b8bbd7bd323219b8033a581b59eadebb09b3c4f3d2277d4f0343624acc817804728b25ab797172b4c5c21a22f9c7839d64300232eb66e53f31c723fa37fe387c7d3e50bdf9813a30e5bb12cf4cd930c40cfb4e1fc622592a49588794494d56d24ea4b40c89fc0596cc9ebb961c8cb10adde976a5d602b1c3f85b9b9a001ed3c6a4d3b1437f52096cd1956d042a597d561a596ecd3d1735a8d570ea0ec27225a2c4aaff26306d1526c1af3ca6d9cf5a2c98f47e1c46db9a33234cfd4d81f2c98538a09ebe76998d0d8fd25997c7d255c6d66ece6fa56f11144950f027795e653008f4bd7ca2dee85d8e90f3dc315130ce2a00375a318c7c3d97be2c8ce5b6db41a6254ff264fa6155baee3b0773c0f497c573f19bb4f4240281f0b1f4f7be857a4e59d416c06b4c50fa09e1810ddc6b1467baeac5a3668d11b6ecaa901440016f389f80acc4db977025e7f5924388c7e340a732e554440e76570f8dd71b7d640b3450d1fd5f0410a18f9a3494f707c717b79b4bf75c98400b096b21653b5d217cf3565c9597456f70703497a078763829bc01bb1cbc8fa04eadc9a6e3f6699587a9e75c94e5bab0036e0b2e711392cff0047d0d6b05bd2a588bc109718954259f1d86678a579a3120f19cfb2963f177aeb70f2d4844826262e51b80271272068ef5b3856fa8535aa2a88b2d41f2a0e2fda7624c2850272ac4a2f561f8f2f7a318bfd5caf9696149e4ac824ad3460538fdc25421beec2cc6818162d06bbed0c40a387192349db67a118bada6cd5ab0140ee273204f628aad1c135f770279a651e24d8c14d75a6059d76b96a6fd857def5e0b354b27ab937a5815d16b5fae407ff18222c6d1ed263be68c95f32d908bd895cd76207ae726487567f9a67dad79abec316f683b17f2d02bf07e0ac8b5bc6162cf94697b3c27cd1fea49b27f23ba2901871962506520c392da8b6ad0d99f7013fbc06c2c17a569500c8a7696481c1cd33e9b14e40b82e79a5f5db82571ba97bae3ad3e0479515bb0e2b0f3bfcd1fd33034efc6245eddd7ee2086ddae2600d8ca73e214e8c2b0bdb2b047c6a464a562ed77b73d2d841c4b34973551257713b753632efba348169abc90a68f42611a40126d7cb21b58695568186f7e569d2ff0f9e745d0487dd2eb997cafc5abf9dd102e62ff66cba87",
     "e301345a41a39a4d72fff8df69c98075a0cc082b802fc9b2b6bc503f926b65bddf7f4c8f1cb49f6396afc8a70abe6d8aef0db478d4c6b2970076c6a0484fe76d76b3a97625d79f1ce240e7c576750d295528286f719b413de9ada3e8eb78ed573603ce30d8bb761785dc30dbc320869e1a00"),
]
for label, secret, public, message, signature in RFC:
    key = ed448.Ed448PrivateKey.from_private_bytes(bytes.fromhex(secret))
    M = bytes.fromhex(message)
    assert len(M) == (0 if label.endswith("blank") else int(label.split("-")[1])), label
    assert raw(key.public_key()).hex() == public, label
    assert key.sign(M).hex() == signature, label  # cryptography reproduces the RFC
    assert enc(mul(secret_scalar(bytes.fromhex(secret)), B)).hex() == public, label  # and so does the code above
    damaged(label, bytes.fromhex(public), M, bytes.fromhex(signature))

# Random keys and messages of many lengths (a certificate's TBSCertificate is ~300-1500).
for i, length in enumerate([0, 1, 56, 57, 135, 136, 137, 300, 1000, 1500, 4096]):
    key = ed448.Ed448PrivateKey.from_private_bytes(rng.randbytes(57))
    M = rng.randbytes(length)
    damaged(f"random{i}-len{length}", raw(key.public_key()), M, key.sign(M))

# Signatures whose [S]B - [k]A is the identity, made with a known secret scalar a: S = k a
# mod L. R is the canonical identity (y = 1), non-canonical forms of it (y = 1 + p; x = 0
# with the sign bit; a bit in 448..454), the other points of the 4-torsion (T2 = (0, -1),
# T4 = (1, 0), -T4), a y with no point, and y = p - 1 + p (over 2^448, so a bit above 447).
seed = rng.randbytes(57)
key = ed448.Ed448PrivateKey.from_private_bytes(seed)
A, a = raw(key.public_key()), secret_scalar(seed)
assert enc(mul(a, B)) == A
for j in range(2):
    M = rng.randbytes(50)
    for name, R in [
        ("canonical", enc(IDENTITY)),
        ("y-plus-p", le(1 + p)),
        ("sign-bit", le(1 | 1 << 455)),
        ("bit-448", le(1 | 1 << 448)),
        ("bit-454", le(1 | 1 << 454)),
        ("T2", enc(T2)),
        ("T2-sign-bit", le((p - 1) | 1 << 455)),
        ("T4", enc(T4)),
        ("minus-T4", enc((p - 1, 0))),
        ("no-point", le(2)),
    ]:
        row(f"R-identity-{name}-{j}", A, M, R + le(challenge(R, A, M) * a % L))

# Public keys with small y, canonical and not: y and y + p for y < 12, with and without the
# sign bit, y = p - 1 (T2) both signs, bits 448 and 454 set. Signature R = [s]B, S = s, which
# holds cofactorless exactly when [k]A = O. For the 4-torsion keys one message with k a
# multiple of the order and one without.
def order(P):
    return next((n for n in (1, 2, 4) if mul(n, P) == IDENTITY), None)


small = [(f"y{y}{'+p' if e >= p else ''}-sign{sign}", y, e, sign) for y in range(12) for e in (y, y + p) for sign in (0, 1)]
small += [(f"y(p-1)-sign{sign}", p - 1, p - 1, sign) for sign in (0, 1)]
small += [(f"y1-bit{b}", 1, 1 | 1 << b, 0) for b in (448, 454)]
for name, y, encoded, sign in small:
    A = le(encoded | sign << 455)
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

# Mixed-order public keys A' = [a]B + T (T = T4, T2) with S = r + k a: the cofactorless
# equation holds only when [k]T = O; the cofactored one ([4][S]B = [4]R + [4][k]A', RFC 8032
# §5.2.7 step 3) always.
for tname, T in (("T4", T4), ("T2", T2)):
    seed = rng.randbytes(57)
    a = secret_scalar(seed)
    A = enc(add(mul(a, B), T))
    for j in range(8):
        M = rng.randbytes(40)
        r = rng.randrange(L)
        R = enc(mul(r, B))
        row(f"mixed-order-A-{tname}-{j}", A, M, R + le((r + challenge(R, A, M) * a) % L))

# Mixed-order R = [r]B + T with an ordinary key: [S]B - [k]A = [r]B differs from R by T.
seed = rng.randbytes(57)
key = ed448.Ed448PrivateKey.from_private_bytes(seed)
A, a = raw(key.public_key()), secret_scalar(seed)
for tname, T in (("T4", T4), ("T2", T2)):
    for j in range(3):
        M = rng.randbytes(40)
        r = rng.randrange(L)
        R = enc(add(mul(r, B), T))
        row(f"mixed-order-R-{tname}-{j}", A, M, R + le((r + challenge(R, A, M) * a) % L))

with open(os.path.join(HERE, "ed448.txt"), "w") as f:
    f.write("\n".join(rows) + "\n")
valid = sum(r.endswith(" 1") for r in rows)
print(f"ed448.txt: {len(rows)} vectors, {valid} valid")

# ---- SHAKE256: messages around the rate (136 octets) and outputs around it too.
shake = []
for n in [0, 1, 3, 7, 8, 9, 135, 136, 137, 200, 271, 272, 273, 1000, 1500]:
    M = rng.randbytes(n)
    for out in [1, 32, 64, 114, 135, 136, 137, 300]:
        shake.append(f"{M.hex() or '-'} {out} {hashlib.shake_256(M).hexdigest(out)}")
# A million 'a' octets is checked in the Rust test itself against the published value.
with open(os.path.join(HERE, "shake256.txt"), "w") as f:
    f.write("\n".join(shake) + "\n")
print(f"shake256.txt: {len(shake)} vectors")
