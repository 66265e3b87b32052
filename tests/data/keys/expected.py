#!/usr/bin/env python3
"""Write <vector>.json (the expected KeyInfo) for every key vector in this folder.

Independent of originpull: the facts come from Python `cryptography` (algorithm, bits,
curve) and from OpenSSL (`openssl pkey -pubout -outform DER`, hashed here with hashlib, for
publicKeySha256; cross-checked against the SPKI of the base key's certificate and against
`cryptography`'s own SPKI where the two must agree). `format` and `encrypted` follow from how
make.sh made each file, which its name records: <base>.<form>[-<cipher>].<pem|der>.

Usage: python3 expected.py PASSPHRASE   (make.sh calls it)
"""
import base64, glob, hashlib, json, os, subprocess, sys
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import rsa, ec, ed25519, ed448

PASS = sys.argv[1]
os.chdir(os.path.dirname(os.path.abspath(__file__)))
CURVES = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}
OIDS = {  # DER of the SPKI algorithm OID -> contract algorithm name
    bytes.fromhex("06092a864886f70d010101"): "RSA",
    bytes.fromhex("06092a864886f70d01010a"): "RSA-PSS",
    bytes.fromhex("06072a8648ce3d0201"): "EC",
    bytes.fromhex("06032b6570"): "Ed25519",
    bytes.fromhex("06032b6571"): "Ed448",
}

def openssl(*args):
    return subprocess.run(["openssl", *args], check=True, capture_output=True).stdout

def der_of_pem(pem):
    body = b"".join(l for l in pem.splitlines() if not l.startswith(b"-----"))
    return base64.b64decode(body)

for path in sorted(glob.glob("*.pem") + glob.glob("*.der")):
    if ".cert." in path or ".unsupported-" in path:
        continue
    base, form = path.split(".")[0], path.split(".")[1]
    encrypted = form.startswith("pkcs8-") or form.startswith("legacy")
    inform = "DER" if path.endswith(".der") else "PEM"
    data = open(path, "rb").read()
    try:
        load = ser.load_der_private_key if inform == "DER" else ser.load_pem_private_key
        key = load(data, PASS.encode() if encrypted else None)
    except ValueError:  # a legacy cipher cryptography does not read (DES-EDE3, AES-192)
        plain = openssl("pkey", "-in", path, "-inform", inform, "-passin", "pass:" + PASS, "-outform", "DER")
        key = ser.load_der_private_key(plain, None)
    spki = openssl("pkey", "-in", path, "-inform", inform, "-passin", "pass:" + PASS, "-pubout", "-outform", "DER")
    algorithm = next(name for oid, name in OIDS.items() if oid in spki[:24])
    cert_spki = der_of_pem(openssl("x509", "-in", base + ".cert.pem", "-pubkey", "-noout"))
    py_spki = key.public_key().public_bytes(ser.Encoding.DER, ser.PublicFormat.SubjectPublicKeyInfo)
    if form != "sec1-compressed":
        assert spki == cert_spki, path            # openssl's SPKI is the certificate's
    if algorithm != "RSA-PSS" and form != "sec1-compressed":
        assert spki == py_spki, path              # and cryptography agrees
    curve = None
    if isinstance(key, rsa.RSAPrivateKey):
        bits = key.key_size
    elif isinstance(key, ec.EllipticCurvePrivateKey):
        bits, curve = key.curve.key_size, CURVES[key.curve.name]
    elif isinstance(key, ed25519.Ed25519PrivateKey):
        bits = 256                                # as OpenSSL reports it (contract)
    elif isinstance(key, ed448.Ed448PrivateKey):
        bits = 456
    else:
        raise SystemExit(f"{path}: unexpected key type {type(key)}")
    if form.startswith("pkcs8"):
        fmt = "pkcs8"
    elif form.startswith("pkcs1") or (form.startswith("legacy") and algorithm == "RSA"):
        fmt = "pkcs1"
    else:
        fmt = "sec1"
    if not encrypted:
        # Check the name's claim against the structure as `openssl asn1parse` shows it: the
        # outer SEQUENCE's second field is a SEQUENCE (PKCS#8 AlgorithmIdentifier), an INTEGER
        # (PKCS#1 modulus) or an OCTET STRING (SEC1 private key).
        tree = openssl("asn1parse", "-inform", inform, "-in", path).decode().splitlines()
        second = [l for l in tree if "d=1" in l][1]
        kind = {"pkcs8": "cons: SEQUENCE", "pkcs1": "prim: INTEGER", "sec1": "prim: OCTET STRING"}[fmt]
        assert kind in second, (path, second)
    # An Ed448 PKCS#8 v1 file carries no public key and there is no audited Rust Ed448
    # crate, so originpull cannot know it: the contract allows null where it cannot be known.
    # (Ed25519's is derived with ed25519-dalek.)
    sha = None if algorithm == "Ed448" else hashlib.sha256(spki).hexdigest()
    info = {"algorithm": algorithm, "bits": bits, "curve": curve, "format": fmt,
            "encrypted": encrypted, "publicKeySha256": sha}
    locked = None
    if encrypted:
        # Without the passphrase only the label can tell: legacy PEM names the algorithm,
        # encrypted PKCS#8 does not.
        locked = {"algorithm": algorithm if form.startswith("legacy") else None, "bits": None,
                  "curve": None, "format": fmt, "encrypted": True, "publicKeySha256": None}
    out = {"info": info, "locked": locked, "certificate": base + ".cert.pem"}
    with open(path + ".json", "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")
print("wrote", len(glob.glob("*.json")), "expectations")
