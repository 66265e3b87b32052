"""Certificate structure variants and what OpenSSL and Python cryptography make of them.

Run from this directory: `python3 make.py` (Python `cryptography` 48, OpenSSL 3.0 on PATH).
Writes `root.pem` (a self-signed RSA CA), one `<variant>.der` per variant (a leaf built by
hand, field by field, so that one detail of RFC 5280 §4.1 can be changed at a time, then
signed by the root over the changed TBSCertificate), and `verdicts.txt`: one line per variant,

    <variant> <openssl> <cryptography>

`openssl`: what `openssl verify -purpose sslclient -attime 1780272000 -CAfile root.pem` says
(`OK`, or `error:<n>` with OpenSSL's X509_V_ERR number, or `unreadable` when `openssl x509`
cannot read the DER at all). `cryptography`: `ok` when `load_der_x509_certificate` reads it and
version, serial, names, dates, public key and every extension can be accessed, else the
exception class. Keys are random: re-running changes the DER but not the verdicts.
"""
import datetime
import subprocess
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

NOW = 1780272000  # 2026-06-01T00:00:00Z


def length(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, content):
    return bytes([tag]) + length(len(content)) + content


def seq(*parts):
    return tlv(0x30, b"".join(parts))


def oid(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    out = b""
    for arc in [arcs[0] * 40 + arcs[1]] + arcs[2:]:
        groups = [arc & 0x7F]
        arc >>= 7
        while arc:
            groups.append(0x80 | (arc & 0x7F))
            arc >>= 7
        out += bytes(reversed(groups))
    return tlv(0x06, out)


def oid_raw(content):
    return tlv(0x06, content)


UUID_ARC = "2.25.329800735698586629295641978511506172918"  # an X.667 UUID arc (over 2^64)


def integer(n):
    return tlv(0x02, n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big", signed=True))


def ext(oid_dotted, value, critical=None):
    crit = b"" if critical is None else tlv(0x01, critical)
    return seq(oid(oid_dotted), crit, tlv(0x04, value))


SHA256_RSA = seq(oid("1.2.840.113549.1.1.11"), b"\x05\x00")
SHA384_RSA = seq(oid("1.2.840.113549.1.1.12"), b"\x05\x00")
CN = "2.5.4.3"

root_key = rsa.generate_private_key(65537, 2048)
root_name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "originpull tests"),
                       x509.NameAttribute(NameOID.COMMON_NAME, "originpull structure root")])
root = (x509.CertificateBuilder().subject_name(root_name).issuer_name(root_name)
        .public_key(root_key.public_key()).serial_number(0x1000)
        .not_valid_before(datetime.datetime(2025, 1, 1)).not_valid_after(datetime.datetime(2035, 1, 1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256()))
open("root.pem", "wb").write(root.public_bytes(serialization.Encoding.PEM))
root_ski = root.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest

leaf_key = rsa.generate_private_key(65537, 2048)
SPKI = leaf_key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def rdn(*atvs):
    return tlv(0x31, b"".join(seq(oid(o), tlv(t, v)) for o, t, v in atvs))


SUBJECT = seq(rdn(("2.5.4.10", 0x0C, b"originpull tests")), rdn((CN, 0x0C, b"structure.client.example")))
EXTS = {
    "bc": ext("2.5.29.19", seq(), b"\xff"),
    "ku": ext("2.5.29.15", tlv(0x03, b"\x07\x80"), b"\xff"),
    "eku": ext("2.5.29.37", seq(oid("1.3.6.1.5.5.7.3.2"))),
    "san": ext("2.5.29.17", seq(tlv(0x82, b"structure.client.example"))),
    "ski": ext("2.5.29.14", tlv(0x04, b"\x11" * 20)),
    "aki": ext("2.5.29.35", seq(tlv(0x80, root_ski))),
}


def tbs(version=integer(2), serial=integer(0x2000), alg=SHA256_RSA, issuer=None, validity=None,
        subject=SUBJECT, spki=SPKI, unique_ids=b"", exts=None, extra=b""):
    issuer = issuer if issuer is not None else root_name.public_bytes()
    validity = validity if validity is not None else seq(tlv(0x17, b"260101000000Z"), tlv(0x17, b"270101000000Z"))
    ext_list = list(EXTS.values()) if exts is None else exts
    fields = b""
    if version is not None:
        fields += tlv(0xA0, version)
    fields += serial + alg + issuer + validity + subject + spki + unique_ids
    if ext_list != "absent":
        fields += tlv(0xA3, seq(*ext_list))
    return seq(fields + extra)


def cert(t, outer=SHA256_RSA, unused=0, tail=b""):
    sig = root_key.sign(t, padding.PKCS1v15(), hashes.SHA256())
    return seq(t, outer, tlv(0x03, bytes([unused]) + sig)) + tail


def with_ext(name, value):
    return [value if k == name else v for k, v in EXTS.items()]


VARIANTS = {
    "ok": cert(tbs()),
    # Version
    "v1-explicit": cert(tbs(version=integer(0), exts="absent")),
    "v1-implicit": cert(tbs(version=None, exts="absent")),
    "v2": cert(tbs(version=integer(1), exts="absent")),
    "version-4": cert(tbs(version=integer(3))),
    "version-padded": cert(tbs(version=tlv(0x02, b"\x00\x02"))),
    # Serial
    "serial-negative": cert(tbs(serial=integer(-0x2000))),
    "serial-zero": cert(tbs(serial=integer(0))),
    "serial-padded": cert(tbs(serial=tlv(0x02, b"\x00\x20\x00"))),
    "serial-empty": cert(tbs(serial=tlv(0x02, b""))),
    "serial-40-bytes": cert(tbs(serial=tlv(0x02, b"\x01" * 40))),
    "length-non-minimal": cert(tbs(serial=b"\x02\x81\x02\x20\x00")),
    # Times
    "utctime-1960": cert(tbs(validity=seq(tlv(0x17, b"600101000000Z"), tlv(0x17, b"270101000000Z")))),
    "utctime-no-seconds": cert(tbs(validity=seq(tlv(0x17, b"2601010000Z"), tlv(0x17, b"270101000000Z")))),
    "utctime-offset": cert(tbs(validity=seq(tlv(0x17, b"260101000000+0100"), tlv(0x17, b"270101000000Z")))),
    "generalized-fraction": cert(tbs(validity=seq(tlv(0x18, b"20260101000000.5Z"), tlv(0x17, b"270101000000Z")))),
    "generalized-2049": cert(tbs(validity=seq(tlv(0x18, b"20260101000000Z"), tlv(0x18, b"20490101000000Z")))),
    "time-feb-30": cert(tbs(validity=seq(tlv(0x17, b"260230000000Z"), tlv(0x17, b"270101000000Z")))),
    # Names
    "name-empty": cert(tbs(subject=seq())),
    "name-empty-rdn": cert(tbs(subject=seq(tlv(0x31, b""), rdn((CN, 0x0C, b"x"))))),
    "name-unsorted-set": cert(tbs(subject=seq(rdn((CN, 0x0C, b"x"), ("2.5.4.10", 0x0C, b"o"))))),
    "name-general-string": cert(tbs(subject=seq(rdn((CN, 0x1B, b"general"))))),
    "name-visible-string": cert(tbs(subject=seq(rdn((CN, 0x1A, b"visible"))))),
    "name-graphic-string": cert(tbs(subject=seq(rdn((CN, 0x19, b"graphic"))))),
    "name-videotex-string": cert(tbs(subject=seq(rdn((CN, 0x15, b"videotex"))))),
    "name-octet-string": cert(tbs(subject=seq(rdn((CN, 0x04, b"octets"))))),
    "name-integer": cert(tbs(subject=seq(rdn((CN, 0x02, b"\x05"))))),
    "name-utctime": cert(tbs(subject=seq(rdn((CN, 0x17, b"260101000000Z"))))),
    "name-bit-string": cert(tbs(subject=seq(rdn((CN, 0x03, b"\x00\xab"))))),
    "name-tag-13": cert(tbs(subject=seq(rdn((CN, 0x0D, b"x"))))),
    "name-sequence": cert(tbs(subject=seq(rdn((CN, 0x30, tlv(0x0C, b"x")))))),
    "name-set": cert(tbs(subject=seq(rdn((CN, 0x31, tlv(0x0C, b"x")))))),
    "name-context-tag": cert(tbs(subject=seq(rdn((CN, 0x80, b"x"))))),
    "name-constructed-utf8": cert(tbs(subject=seq(rdn((CN, 0x2C, tlv(0x0C, b"x")))))),
    "name-atv-extra": cert(tbs(subject=seq(tlv(0x31, seq(oid(CN), tlv(0x0C, b"x"), b"\x05\x00"))))),
    "name-not-set": cert(tbs(subject=seq(seq(seq(oid(CN), tlv(0x0C, b"x")))))),
    "name-oid-2-999": cert(tbs(subject=seq(rdn(("2.999.3", 0x0C, b"x"), (CN, 0x0C, b"y"))))),
    "name-oid-uuid": cert(tbs(subject=seq(tlv(0x31, seq(oid(UUID_ARC), tlv(0x0C, b"x")))))),
    "name-oid-padded": cert(tbs(subject=seq(tlv(0x31, seq(oid_raw(b"\x55\x80\x04\x03"), tlv(0x0C, b"x")))))),
    # Structure
    "outer-alg-mismatch": cert(tbs(), outer=SHA384_RSA),
    "signature-unused-bits": cert(tbs(), unused=1),
    "trailing-after-certificate": cert(tbs(), tail=b"\x00"),
    "trailing-in-tbs": cert(tbs(extra=b"\x05\x00")),
    "unique-ids": cert(tbs(unique_ids=tlv(0x81, b"\x00\xaa") + tlv(0x82, b"\x00\xbb"))),
    "spki-unused-bits": cert(tbs(spki=SPKI[:-len(SPKI[SPKI.rindex(b"\x03\x82"):])] + b"\x03\x82" + SPKI[SPKI.rindex(b"\x03\x82") + 2:SPKI.rindex(b"\x03\x82") + 4] + b"\x01" + SPKI[SPKI.rindex(b"\x03\x82") + 5:])),
    # Extensions: container
    "ext-empty-list": cert(tbs(exts=[])),
    "ext-critical-false-explicit": cert(tbs(exts=with_ext("eku", ext("2.5.29.37", seq(oid("1.3.6.1.5.5.7.3.2")), b"\x00")))),
    "ext-critical-01": cert(tbs(exts=with_ext("bc", ext("2.5.29.19", seq(), b"\x01")))),
    "ext-duplicate-san": cert(tbs(exts=list(EXTS.values()) + [EXTS["san"]])),
    "ext-duplicate-private": cert(tbs(exts=list(EXTS.values()) + [ext("1.3.6.1.4.1.55555.1", tlv(0x05, b""))] * 2)),
    "ext-unknown-critical": cert(tbs(exts=list(EXTS.values()) + [ext("1.3.6.1.4.1.55555.2", tlv(0x05, b""), b"\xff")])),
    "ext-value-not-octet-string": cert(tbs(exts=list(EXTS.values()) + [seq(oid("1.3.6.1.4.1.55555.3"), tlv(0x05, b""))])),
    "ext-oid-uuid": cert(tbs(exts=list(EXTS.values()) + [ext(UUID_ARC, tlv(0x05, b""))])),
    # Extensions: contents
    "ku-three-octets": cert(tbs(exts=with_ext("ku", ext("2.5.29.15", tlv(0x03, b"\x00\x80\x00\x01"), b"\xff")))),
    "ku-unused-8": cert(tbs(exts=with_ext("ku", ext("2.5.29.15", tlv(0x03, b"\x08\x80"), b"\xff")))),
    "ku-trailing": cert(tbs(exts=with_ext("ku", ext("2.5.29.15", tlv(0x03, b"\x07\x80") + b"\x05\x00", b"\xff")))),
    "bc-pathlen-negative": cert(tbs(exts=with_ext("bc", ext("2.5.29.19", seq(tlv(0x02, b"\xff")), b"\xff")))),
    "bc-pathlen-padded": cert(tbs(exts=with_ext("bc", ext("2.5.29.19", seq(tlv(0x02, b"\x00\x01")), b"\xff")))),
    "bc-not-sequence": cert(tbs(exts=with_ext("bc", ext("2.5.29.19", tlv(0x01, b"\x00"), b"\xff")))),
    "san-empty": cert(tbs(exts=with_ext("san", ext("2.5.29.17", seq())))),
    "san-dns-not-ascii": cert(tbs(exts=with_ext("san", ext("2.5.29.17", seq(tlv(0x82, "straße.example".encode())))))),
    "san-unknown-tag": cert(tbs(exts=with_ext("san", ext("2.5.29.17", seq(tlv(0x89, b"x")))))),
    "san-ip-5-octets": cert(tbs(exts=with_ext("san", ext("2.5.29.17", seq(tlv(0x87, b"\x0a\x00\x00\x01\x00")))))),
    "san-directory-name": cert(tbs(exts=with_ext("san", ext("2.5.29.17", seq(tlv(0xA4, SUBJECT)))))),
    "san-directory-name-bad": cert(tbs(exts=with_ext("san", ext("2.5.29.17", seq(tlv(0xA4, seq(seq()))))))),
    "eku-empty": cert(tbs(exts=with_ext("eku", ext("2.5.29.37", seq())))),
    "eku-not-oid": cert(tbs(exts=with_ext("eku", ext("2.5.29.37", seq(tlv(0x0C, b"clientAuth")))))),
    "eku-oid-uuid": cert(tbs(exts=with_ext("eku", ext("2.5.29.37", seq(oid("1.3.6.1.5.5.7.3.2"), oid(UUID_ARC)))))),
    "ski-not-octet-string": cert(tbs(exts=with_ext("ski", ext("2.5.29.14", integer(5))))),
    "aki-issuer-and-serial": cert(tbs(exts=with_ext("aki", ext("2.5.29.35", seq(tlv(0x80, root_ski), tlv(0xA1, tlv(0xA4, root_name.public_bytes())), tlv(0x82, b"\x10\x00")))))),
    "aki-bad-serial": cert(tbs(exts=with_ext("aki", ext("2.5.29.35", seq(tlv(0x80, root_ski), tlv(0x82, b"")))))),
}


def openssl_verdict(path):
    read = subprocess.run(["openssl", "x509", "-inform", "DER", "-in", path, "-noout"], capture_output=True)
    if read.returncode != 0:
        return "unreadable"
    pem = subprocess.run(["openssl", "x509", "-inform", "DER", "-in", path], capture_output=True).stdout
    r = subprocess.run(["openssl", "verify", "-purpose", "sslclient", "-attime", str(NOW), "-CAfile", "root.pem"],
                       input=pem, capture_output=True)
    out = (r.stdout + r.stderr).decode()
    if r.returncode == 0 and "OK" in out:
        return "OK"
    for line in out.splitlines():
        if line.startswith("error ") and " at " in line:
            return "error:" + line.split()[1]
    return "error:?"


def cryptography_verdict(der):
    try:
        c = x509.load_der_x509_certificate(der)
        c.version, c.serial_number, c.subject.rfc4514_string(), c.issuer.rfc4514_string()
        c.not_valid_before_utc, c.not_valid_after_utc, c.public_key()
        list(c.extensions)
        return "ok"
    except Exception as e:  # noqa: BLE001 (the class is the verdict)
        return type(e).__name__


lines = []
for name, der in VARIANTS.items():
    path = f"{name}.der"
    open(path, "wb").write(der)
    lines.append(f"{name} {openssl_verdict(path)} {cryptography_verdict(der)}")
open("verdicts.txt", "w").write("\n".join(lines) + "\n")
print("\n".join(lines), file=sys.stderr)
