"""Path-validation variants (issue 16) and what OpenSSL 3.0 makes of each.

Run from this directory: `python3 make.py` (Python `cryptography` 48, OpenSSL 3.0 on PATH).
Every variant is a root (the origin's CA, `caCertificates`), the intermediates and a leaf
built with cryptography's CertificateBuilder at fixed dates, with ONE detail of RFC 5280
§6.1 (or of OpenSSL's reading of it) changed; the variant's name says which. Writes:

- `<variant>.ca.pem`: what the origin trusts (`-CAfile`), usually the root alone;
- `<variant>.chain.pem`: the upload, leaf first, then the intermediates (`-untrusted`);
- `leaf.key.pem`: the one P-256 key of every leaf (the upload needs it; so does s_client);
- `verdicts.txt`: one line per variant,

      <variant> | <verify> | <verify at depth 1> | <what the variant changes>

  `<verify>`: `openssl verify -purpose sslclient -auth_level 2 -attime 1780272000
  -CAfile <v>.ca.pem -untrusted <the intermediates> <the leaf>` (`-auth_level 2`: what a
  TLS server at OpenSSL's default security level applies), `OK` or `error:<X509_V_ERR
  number>@<depth>`. `<verify at depth 1>`: the same with `-verify_depth 1`, which is nginx's
  default `ssl_verify_depth 1` (and Apache's `SSLVerifyDepth 1`).

Dates: now = 2026-06-01T00:00:00Z (1780272000). Roots 2025-01-01 to 2035-01-01,
intermediates 2025-06-01 to 2030-06-01, leaves 2026-01-01 to 2027-01-01, unless the variant
is about dates. Keys are random: re-running changes the PEM files but not the verdicts.
SHA-1 signatures and version 1 certificates, which cryptography's builder does not make, are
made by re-signing the builder's TBSCertificate by hand (`resign`).
"""
import datetime
import ipaddress
import subprocess
import sys
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

NOW = 1780272000  # 2026-06-01T00:00:00Z
UTC = datetime.timezone.utc


def day(y, m, d, h=0, mi=0, s=0):
    return datetime.datetime(y, m, d, h, mi, s, tzinfo=UTC)


ROOT_DATES = (day(2025, 1, 1), day(2035, 1, 1))
INT_DATES = (day(2025, 6, 1), day(2030, 6, 1))
LEAF_DATES = (day(2026, 1, 1), day(2027, 1, 1))


def p256():
    return ec.generate_private_key(ec.SECP256R1())


KEYS = {"root": p256(), "root2": p256(), "int": p256(), "int2": p256(), "int3": p256(), "leaf": p256(),
        "rsa1024": rsa.generate_private_key(65537, 1024), "rsa2047": rsa.generate_private_key(65537, 2047),
        "rsa2048": rsa.generate_private_key(65537, 2048), "p192": ec.generate_private_key(ec.SECP192R1())}


def name(cn, o="originpull tests", email=None):
    attrs = [x509.NameAttribute(NameOID.ORGANIZATION_NAME, o)] if o else []
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    if email:
        attrs.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email))
    return x509.Name(attrs)


ROOT = name("originpull path root")
ROOT2 = name("originpull path root B")
INT = name("originpull path intermediate")
INT2 = name("originpull path intermediate 2")
INT3 = name("originpull path intermediate 3")
LEAF_DNS = "client.allowed.example"

# DER by hand, for what cryptography does not make.
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


def read_tlv(b, i=0):
    """(tag, header length, content length) of the TLV at b[i]."""
    tag, first = b[i], b[i + 1]
    if first < 0x80:
        return tag, 2, first
    n = first & 0x7F
    return tag, 2 + n, int.from_bytes(b[i + 2:i + 2 + n], "big")


SIG_ALGS = {
    ("ec", "sha256"): seq(oid("1.2.840.10045.4.3.2")),
    ("ec", "sha1"): seq(oid("1.2.840.10045.4.1")),
    ("rsa", "sha256"): seq(oid("1.2.840.113549.1.1.11"), b"\x05\x00"),
    ("rsa", "sha1"): seq(oid("1.2.840.113549.1.1.5"), b"\x05\x00"),
}


def resign(c, key, digest="sha256", v1=False):
    """`c`'s TBSCertificate re-signed by `key` with `digest`, as version 1 (no version field,
    no extensions) when `v1`."""
    tbs = c.tbs_certificate_bytes
    _, hl, _ = read_tlv(tbs)
    fields = []
    i = hl
    while i < len(tbs):
        _, h, n = read_tlv(tbs, i)
        fields.append(tbs[i:i + h + n])
        i += h + n
    kind = "rsa" if isinstance(key, rsa.RSAPrivateKey) else "ec"
    alg = SIG_ALGS[(kind, digest)]
    # fields: [0] version, serial, signature, issuer, validity, subject, spki, [3] extensions
    fields[2] = alg
    if v1:
        fields = [f for f in fields if f[0] not in (0xA0, 0xA3)]
    new_tbs = seq(*fields)
    h = hashes.SHA1() if digest == "sha1" else hashes.SHA256()
    sig = key.sign(new_tbs, padding.PKCS1v15(), h) if kind == "rsa" else key.sign(new_tbs, ec.ECDSA(h))
    return x509.load_der_x509_certificate(seq(new_tbs, alg, tlv(0x03, b"\x00" + sig)))


def ku(*bits):
    names = ["digital_signature", "content_commitment", "key_encipherment", "data_encipherment", "key_agreement",
             "key_cert_sign", "crl_sign", "encipher_only", "decipher_only"]
    return x509.KeyUsage(**{n: n in bits for n in names})


CA_KU = ku("key_cert_sign", "crl_sign")
UNKNOWN_OID = ObjectIdentifier("1.3.6.1.4.1.55738.16.1")  # a private arc no verifier knows


def ca_exts(ca=True, pathlen=None, bc=True, bc_critical=True, key_usage=CA_KU, eku=None, nc=None, extra=()):
    exts = []
    if bc:
        exts.append((x509.BasicConstraints(ca=ca, path_length=pathlen), bc_critical))
    if key_usage is not None:
        exts.append((key_usage, True))
    if eku is not None:
        exts.append((x509.ExtendedKeyUsage(eku), False))
    if nc is not None:
        exts.append((nc, True))
    exts.extend(extra)
    return exts


def leaf_exts(san=(x509.DNSName(LEAF_DNS),)):
    exts = [(x509.BasicConstraints(ca=False, path_length=None), True), (ku("digital_signature"), True),
            (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), False)]
    if san:
        exts.append((x509.SubjectAlternativeName(list(san)), False))
    return exts


SERIAL = [0x3000]


def issue(subject, key, issuer, issuer_key, exts, dates, digest="sha256", v1=False, issuer_pub=None):
    SERIAL[0] += 1
    pub = key.public_key()
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(pub)
         .serial_number(SERIAL[0]).not_valid_before(dates[0]).not_valid_after(dates[1]))
    if not v1:
        b = b.add_extension(x509.SubjectKeyIdentifier.from_public_key(pub), False)
        aki_pub = (issuer_pub or issuer_key.public_key())
        b = b.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(aki_pub), False)
    for e, crit in exts:
        b = b.add_extension(e, crit)
    c = b.sign(issuer_key, hashes.SHA256())
    if digest != "sha256" or v1:
        c = resign(c, issuer_key, digest, v1)
    return c


def root(exts=None, key="root", dates=ROOT_DATES, subject=ROOT, digest="sha256", v1=False):
    k = KEYS[key]
    return issue(subject, k, subject, k, ca_exts() if exts is None else exts, dates, digest, v1)


def inter(parent, parent_key="root", exts=None, key="int", subject=INT, dates=INT_DATES, digest="sha256", v1=False):
    return issue(subject, KEYS[key], parent.subject, KEYS[parent_key], ca_exts() if exts is None else exts,
                 dates, digest, v1)


def leaf(parent, parent_key="int", san=(x509.DNSName(LEAF_DNS),), subject=None, exts=None, dates=LEAF_DATES):
    subject = subject or name(LEAF_DNS)
    return issue(subject, KEYS["leaf"], parent.subject, KEYS[parent_key], leaf_exts(san) if exts is None else exts,
                 dates)


def chain(r=None, i=None, lf=None, **kw):
    """The usual three: root, intermediate, leaf; overrides by keyword."""
    r = r or root()
    i = i or inter(r)
    lf = lf or leaf(i, **kw)
    return [r], [lf, i]


def nc(permitted=None, excluded=None):
    return x509.NameConstraints(permitted_subtrees=permitted, excluded_subtrees=excluded)


def with_int_nc(constraints, **leaf_kw):
    r = root()
    i = inter(r, exts=ca_exts(nc=constraints))
    return [r], [leaf(i, **leaf_kw), i]


def with_root_nc(constraints, int_subject=INT, **leaf_kw):
    r = root(ca_exts(nc=constraints))
    i = inter(r, subject=int_subject)
    return [r], [leaf(i, **leaf_kw), i]


def dns(*names):
    return [x509.DNSName(n) for n in names]


def ip(*nets):
    return [x509.IPAddress(ipaddress.ip_network(n)) for n in nets]


def ip_san(*addrs):
    return tuple(x509.IPAddress(ipaddress.ip_address(a)) for a in addrs)


def email(*names):
    return [x509.RFC822Name(n) for n in names]


def dirname(*names):
    return [x509.DirectoryName(n) for n in names]


def raw_nc(value):
    return x509.UnrecognizedExtension(x509.oid.ExtensionOID.NAME_CONSTRAINTS, value)


def unknown_critical():
    return (x509.UnrecognizedExtension(UNKNOWN_OID, b"\x05\x00"), True)


def two_ints(root_exts=None, int1_exts=None, int2_exts=None, int2_subject=INT2):
    r = root(root_exts)
    i1 = inter(r, exts=int1_exts)
    i2 = inter(i1, parent_key="int", key="int2", subject=int2_subject, exts=int2_exts)
    return [r], [leaf(i2, parent_key="int2"), i2, i1]


def three_ints():
    r = root()
    i1 = inter(r)
    i2 = inter(i1, parent_key="int", key="int2", subject=INT2)
    i3 = inter(i2, parent_key="int2", key="int3", subject=INT3)
    return [r], [leaf(i3, parent_key="int3"), i3, i2, i1]


def self_issued(root_pathlen, int_pathlen=None):
    """root -> intA (CN=intermediate) -> intB (CN=intermediate again: self-issued, another key)
    -> leaf: RFC 5280 does not count intB against pathLenConstraint."""
    r = root(ca_exts(pathlen=root_pathlen))
    a = inter(r, exts=ca_exts(pathlen=int_pathlen))
    b = issue(INT, KEYS["int2"], INT, KEYS["int"], ca_exts(), INT_DATES)
    return [r], [leaf(b, parent_key="int2"), b, a]


def cross_signed(trusted_first):
    """The intermediate signed by two roots (same name and key); the origin trusts root B."""
    ra, rb = root(), root(subject=ROOT2, key="root2")
    ia = inter(ra)
    ib = inter(rb, parent_key="root2")
    lf = leaf(ia)
    return [rb], ([lf, ib, ia] if trusted_first else [lf, ia, ib])


def renewed_root(order):
    """The root re-issued with the same key and name: one copy expired, one valid."""
    old = root(dates=(day(2016, 1, 1), day(2026, 1, 1)))
    new = root()
    i = inter(new)
    ca = {"expired-first": [old, new], "valid-first": [new, old], "expired-only": [old]}[order]
    return ca, [leaf(i), i]


def renewed_int():
    r = root()
    old = inter(r, dates=(day(2021, 1, 1), day(2026, 1, 1)))
    new = inter(r)
    return [r], [leaf(new), old, new]


def rsa_root_chain(key, digest="sha256", int_digest="sha256"):
    r = root(key=key, digest=digest)
    i = issue(INT, KEYS["int"], ROOT, KEYS[key], ca_exts(), INT_DATES, int_digest)
    return [r], [leaf(i), i]


OTHER_NAME_UPN = ObjectIdentifier("1.3.6.1.4.1.311.20.2.3")
MIN_1_NC = seq(tlv(0xA0, seq(tlv(0x82, b"allowed.example"), tlv(0x80, b"\x01"))))

# name -> (what it changes, builder)
VARIANTS = {
    "ok": ("root -> intermediate -> leaf, nothing changed", lambda: chain()),
    "ok-no-intermediate": ("the root issues the leaf directly", lambda: (lambda r: ([r], [leaf(r, "root")]))(root())),
    # basicConstraints, and OpenSSL's treatment of v1 and of anchors without basicConstraints
    "int-ca-false": ("the intermediate has basicConstraints CA:FALSE", lambda: chain(i=inter(root(), exts=ca_exts(ca=False)))),
    "int-no-bc": ("the intermediate has no basicConstraints (keyUsage keyCertSign)", lambda: chain(i=inter(root(), exts=ca_exts(bc=False)))),
    "int-no-bc-no-ku": ("the intermediate has neither basicConstraints nor keyUsage", lambda: chain(i=inter(root(), exts=ca_exts(bc=False, key_usage=None)))),
    "int-v1": ("the intermediate is a version 1 certificate", lambda: chain(i=inter(root(), v1=True))),
    "int-bc-not-critical": ("the intermediate's basicConstraints is not critical", lambda: chain(i=inter(root(), exts=ca_exts(bc_critical=False)))),
    "root-ca-false": ("the root has basicConstraints CA:FALSE", lambda: chain(r=root(ca_exts(ca=False)))),
    "root-no-bc-ku-certsign": ("the root has no basicConstraints, keyUsage keyCertSign", lambda: chain(r=root(ca_exts(bc=False)))),
    "root-no-bc-no-ku": ("the root has neither basicConstraints nor keyUsage", lambda: chain(r=root(ca_exts(bc=False, key_usage=None)))),
    "root-v1": ("the root is a version 1 self-signed certificate", lambda: chain(r=root(v1=True))),
    # keyUsage
    "int-ku-crlsign-only": ("the intermediate's keyUsage is cRLSign without keyCertSign", lambda: chain(i=inter(root(), exts=ca_exts(key_usage=ku("crl_sign"))))),
    "int-ku-certsign-only": ("the intermediate's keyUsage is keyCertSign alone", lambda: chain(i=inter(root(), exts=ca_exts(key_usage=ku("key_cert_sign"))))),
    "int-no-ku": ("the intermediate has no keyUsage", lambda: chain(i=inter(root(), exts=ca_exts(key_usage=None)))),
    "root-ku-no-certsign": ("the root's keyUsage is digitalSignature and cRLSign", lambda: chain(r=root(ca_exts(key_usage=ku("digital_signature", "crl_sign"))))),
    # pathLenConstraint
    "root-pathlen-0": ("the root's pathLenConstraint is 0 and it issues the intermediate", lambda: chain(r=root(ca_exts(pathlen=0)))),
    "root-pathlen-1": ("the root's pathLenConstraint is 1, one intermediate (exactly met)", lambda: chain(r=root(ca_exts(pathlen=1)))),
    "int-pathlen-0": ("the intermediate's pathLenConstraint is 0 (the leaf does not count)", lambda: chain(i=inter(root(), exts=ca_exts(pathlen=0)))),
    "two-int-pathlen-0": ("two intermediates, the upper one with pathLenConstraint 0", lambda: two_ints(int1_exts=ca_exts(pathlen=0))),
    "two-int-pathlen-1": ("two intermediates, the upper one with pathLenConstraint 1 (exactly met)", lambda: two_ints(int1_exts=ca_exts(pathlen=1))),
    "two-int-root-pathlen-1": ("two intermediates under a root with pathLenConstraint 1", lambda: two_ints(root_exts=ca_exts(pathlen=1))),
    "self-issued-root-pathlen-1": ("root pathLen 1 -> intermediate -> self-issued intermediate -> leaf", lambda: self_issued(1)),
    "self-issued-root-pathlen-0": ("root pathLen 0 -> intermediate -> self-issued intermediate -> leaf", lambda: self_issued(0)),
    "self-issued-int-pathlen-0": ("root -> intermediate pathLen 0 -> self-issued intermediate -> leaf", lambda: self_issued(None, 0)),
    # verify depth
    "two-int": ("two intermediates (nginx's default ssl_verify_depth 1 is too short)", lambda: two_ints()),
    "three-int": ("three intermediates", lambda: three_ints()),
    # extendedKeyUsage of CAs
    "int-eku-serverauth": ("the intermediate's extendedKeyUsage is serverAuth only", lambda: chain(i=inter(root(), exts=ca_exts(eku=[ExtendedKeyUsageOID.SERVER_AUTH])))),
    "int-eku-clientauth": ("the intermediate's extendedKeyUsage is clientAuth", lambda: chain(i=inter(root(), exts=ca_exts(eku=[ExtendedKeyUsageOID.CLIENT_AUTH])))),
    "int-eku-server-client": ("the intermediate's extendedKeyUsage is serverAuth and clientAuth", lambda: chain(i=inter(root(), exts=ca_exts(eku=[ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH])))),
    "int-eku-any": ("the intermediate's extendedKeyUsage is anyExtendedKeyUsage", lambda: chain(i=inter(root(), exts=ca_exts(eku=[ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE])))),
    "root-eku-serverauth": ("the root's extendedKeyUsage is serverAuth only", lambda: chain(r=root(ca_exts(eku=[ExtendedKeyUsageOID.SERVER_AUTH])))),
    # critical extensions
    "int-unknown-critical": ("the intermediate has a critical extension of a private OID", lambda: chain(i=inter(root(), exts=ca_exts(extra=[unknown_critical()])))),
    "int-unknown-noncritical": ("the same extension, not critical", lambda: chain(i=inter(root(), exts=ca_exts(extra=[(x509.UnrecognizedExtension(UNKNOWN_OID, b"\x05\x00"), False)])))),
    "root-unknown-critical": ("the root has a critical extension of a private OID", lambda: chain(r=root(ca_exts(extra=[unknown_critical()])))),
    # validity, the anchor's included
    "root-expired": ("the root expired two days before now", lambda: chain(r=root(dates=(day(2016, 5, 30), day(2026, 5, 30))))),
    "root-not-yet-valid": ("the root is valid from the day after now", lambda: chain(r=root(dates=(day(2026, 6, 2), day(2036, 1, 1))))),
    "root-expires-at-now": ("the root's notAfter is exactly now", lambda: chain(r=root(dates=(day(2016, 6, 1), day(2026, 6, 1))))),
    "root-valid-from-now": ("the root's notBefore is exactly now", lambda: chain(r=root(dates=(day(2026, 6, 1), day(2036, 6, 1))))),
    "root-expires-after-now": ("the root's notAfter is one second after now", lambda: chain(r=root(dates=(day(2016, 6, 1), day(2026, 6, 1, 0, 0, 1))))),
    "int-expired": ("the intermediate expired the day before now", lambda: chain(i=inter(root(), dates=(day(2021, 1, 1), day(2026, 5, 31))))),
    "int-not-yet-valid": ("the intermediate is valid from the day after now", lambda: chain(i=inter(root(), dates=(day(2026, 6, 2), day(2030, 1, 1))))),
    # key size and signature digest at security level 2
    "root-rsa-1024": ("the root's key is RSA-1024", lambda: rsa_root_chain("rsa1024")),
    "root-rsa-2047": ("the root's key is RSA-2047", lambda: rsa_root_chain("rsa2047")),
    "root-rsa-2048": ("the root's key is RSA-2048", lambda: rsa_root_chain("rsa2048")),
    "root-p192": ("the root's key is ECDSA P-192 (96-bit security)", lambda: rsa_root_chain("p192")),
    "int-rsa-1024": ("the intermediate's key is RSA-1024", lambda: (lambda r: (lambda i: ([r], [leaf(i, "rsa1024"), i]))(inter(r, key="rsa1024")))(root())),
    "int-sha1": ("the root signs the intermediate with sha1WithRSAEncryption", lambda: rsa_root_chain("rsa2048", int_digest="sha1")),
    "root-sha1": ("the root is self-signed with sha1WithRSAEncryption", lambda: rsa_root_chain("rsa2048", digest="sha1")),
    # name constraints: dNSName
    "nc-dns-permitted": ("the intermediate permits allowed.example; SAN client.allowed.example", lambda: with_int_nc(nc(dns("allowed.example")))),
    "nc-dns-permitted-exact": ("permits allowed.example; SAN allowed.example", lambda: with_int_nc(nc(dns("allowed.example")), san=dns("allowed.example"))),
    "nc-dns-not-permitted": ("permits allowed.example; SAN client.other.example", lambda: with_int_nc(nc(dns("allowed.example")), san=dns("client.other.example"))),
    "nc-dns-not-label-boundary": ("permits allowed.example; SAN notallowed.example", lambda: with_int_nc(nc(dns("allowed.example")), san=dns("notallowed.example"))),
    "nc-dns-one-of-two-sans": ("permits allowed.example; SANs client.allowed.example and client.other.example", lambda: with_int_nc(nc(dns("allowed.example")), san=dns(LEAF_DNS, "client.other.example"))),
    "nc-dns-leading-dot-apex": ("permits .allowed.example; SAN allowed.example", lambda: with_int_nc(nc(dns(".allowed.example")), san=dns("allowed.example"))),
    "nc-dns-leading-dot-sub": ("permits .allowed.example; SAN client.allowed.example", lambda: with_int_nc(nc(dns(".allowed.example")))),
    "nc-dns-case": ("permits Allowed.EXAMPLE; SAN CLIENT.allowed.example", lambda: with_int_nc(nc(dns("Allowed.EXAMPLE")), san=dns("CLIENT.allowed.example"))),
    "nc-dns-excluded": ("excludes allowed.example; SAN client.allowed.example", lambda: with_int_nc(nc(None, dns("allowed.example")))),
    "nc-dns-excluded-other": ("excludes other.example; SAN client.allowed.example", lambda: with_int_nc(nc(None, dns("other.example")))),
    "nc-dns-permitted-and-excluded": ("permits allowed.example, excludes secret.allowed.example; SAN a.secret.allowed.example", lambda: with_int_nc(nc(dns("allowed.example"), dns("secret.allowed.example")), san=dns("a.secret.allowed.example"))),
    "nc-dns-root": ("the root permits allowed.example; SAN client.other.example", lambda: with_root_nc(nc(dns("allowed.example")), san=dns("client.other.example"))),
    "nc-dns-only-ip-san": ("permits DNS allowed.example only; SAN 192.0.2.1 and CN not host-like", lambda: with_int_nc(nc(dns("allowed.example")), san=ip_san("192.0.2.1"), subject=name("client one"))),
    # the subject CN when there is no DNS SAN
    "nc-cn-no-san-violation": ("permits allowed.example; no SAN, CN client.other.example", lambda: with_int_nc(nc(dns("allowed.example")), san=(), subject=name("client.other.example"))),
    "nc-cn-no-san-ok": ("permits allowed.example; no SAN, CN client.allowed.example", lambda: with_int_nc(nc(dns("allowed.example")), san=())),
    "nc-cn-not-host-like": ("permits allowed.example; no SAN, CN 'client one'", lambda: with_int_nc(nc(dns("allowed.example")), san=(), subject=name("client one"))),
    "nc-cn-one-label": ("permits allowed.example; no SAN, CN localhost (one label)", lambda: with_int_nc(nc(dns("allowed.example")), san=(), subject=name("localhost"))),
    "nc-cn-ip-san-only": ("permits allowed.example; SAN IP only, CN client.other.example", lambda: with_int_nc(nc(dns("allowed.example")), san=ip_san("192.0.2.1"), subject=name("client.other.example"))),
    "nc-cn-with-dns-san": ("permits allowed.example; SAN client.allowed.example, CN client.other.example", lambda: with_int_nc(nc(dns("allowed.example")), subject=name("client.other.example"))),
    # rfc822Name
    "nc-email-host": ("permits example.com; SAN u@example.com", lambda: with_int_nc(nc(email("example.com")), san=email("u@example.com"))),
    "nc-email-host-sub": ("permits example.com; SAN u@sub.example.com", lambda: with_int_nc(nc(email("example.com")), san=email("u@sub.example.com"))),
    "nc-email-domain": ("permits .example.com; SAN u@sub.example.com", lambda: with_int_nc(nc(email(".example.com")), san=email("u@sub.example.com"))),
    "nc-email-domain-apex": ("permits .example.com; SAN u@example.com", lambda: with_int_nc(nc(email(".example.com")), san=email("u@example.com"))),
    "nc-email-mailbox": ("permits u@example.com; SAN u@example.com", lambda: with_int_nc(nc(email("u@example.com")), san=email("u@example.com"))),
    "nc-email-mailbox-other": ("permits u@example.com; SAN v@example.com", lambda: with_int_nc(nc(email("u@example.com")), san=email("v@example.com"))),
    "nc-email-excluded": ("excludes example.com; SAN u@example.com", lambda: with_int_nc(nc(None, email("example.com")), san=email("u@example.com"))),
    "nc-email-subject": ("permits example.com; no SAN, subject emailAddress u@other.com", lambda: with_int_nc(nc(email("example.com")), san=(), subject=name("client one", email="u@other.com"))),
    "nc-email-subject-ok": ("permits example.com; no SAN, subject emailAddress u@example.com", lambda: with_int_nc(nc(email("example.com")), san=(), subject=name("client one", email="u@example.com"))),
    # iPAddress
    "nc-ipv4-in": ("permits 10.0.0.0/8; SAN 10.1.2.3", lambda: with_int_nc(nc(ip("10.0.0.0/8")), san=ip_san("10.1.2.3"))),
    "nc-ipv4-out": ("permits 10.0.0.0/8; SAN 11.0.0.1", lambda: with_int_nc(nc(ip("10.0.0.0/8")), san=ip_san("11.0.0.1"))),
    "nc-ipv4-last": ("permits 192.0.2.0/24; SAN 192.0.2.255 (last of the range)", lambda: with_int_nc(nc(ip("192.0.2.0/24")), san=ip_san("192.0.2.255"))),
    "nc-ipv4-next": ("permits 192.0.2.0/24; SAN 192.0.3.0 (just past it)", lambda: with_int_nc(nc(ip("192.0.2.0/24")), san=ip_san("192.0.3.0"))),
    "nc-ipv4-excluded": ("excludes 10.0.0.0/8; SAN 10.0.0.1", lambda: with_int_nc(nc(None, ip("10.0.0.0/8")), san=ip_san("10.0.0.1"))),
    "nc-ipv4-host": ("permits 192.0.2.7/32; SAN 192.0.2.7", lambda: with_int_nc(nc(ip("192.0.2.7/32")), san=ip_san("192.0.2.7"))),
    "nc-ipv6-in": ("permits 2001:db8::/32; SAN 2001:db8:1::1", lambda: with_int_nc(nc(ip("2001:db8::/32")), san=ip_san("2001:db8:1::1"))),
    "nc-ipv6-out": ("permits 2001:db8::/32; SAN 2001:db9::1", lambda: with_int_nc(nc(ip("2001:db8::/32")), san=ip_san("2001:db9::1"))),
    "nc-ipv6-excluded": ("excludes 2001:db8:bad::/48; SAN 2001:db8:bad::1", lambda: with_int_nc(nc(None, ip("2001:db8:bad::/48")), san=ip_san("2001:db8:bad::1"))),
    "nc-ipv4-only-ipv6-san": ("permits 10.0.0.0/8 only; SAN 2001:db8::1", lambda: with_int_nc(nc(ip("10.0.0.0/8")), san=ip_san("2001:db8::1"))),
    # directoryName
    "nc-dn-permitted": ("permits O=originpull tests; leaf subject O=originpull tests, CN=…", lambda: with_int_nc(nc(dirname(x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "originpull tests")]))))),
    "nc-dn-not-permitted": ("permits O=other org", lambda: with_int_nc(nc(dirname(x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "other org")]))))),
    "nc-dn-excluded": ("excludes O=originpull tests", lambda: with_int_nc(nc(None, dirname(x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "originpull tests")]))))),
    "nc-dn-canonical": ("permits O='  ORIGINPULL   Tests ' (case and spaces differ)", lambda: with_int_nc(nc(dirname(x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "  ORIGINPULL   Tests ")]))))),
    "nc-dn-exact": ("permits the leaf's whole subject", lambda: with_int_nc(nc(dirname(name(LEAF_DNS))))),
    "nc-dn-longer": ("permits the leaf's subject plus one more RDN", lambda: with_int_nc(nc(dirname(x509.Name(list(name(LEAF_DNS)) + [x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "unit")]))))),
    "nc-dn-root-int": ("the root permits O=originpull tests, CN=originpull path root; the intermediate is outside", lambda: with_root_nc(nc(dirname(ROOT)))),
    # constraints OpenSSL cannot evaluate
    "nc-minimum-1": ("a dNSName subtree with minimum 1", lambda: with_int_nc(raw_nc(MIN_1_NC))),
    "nc-othername": ("permits an otherName (UPN); SAN of that otherName", lambda: with_int_nc(nc([x509.OtherName(OTHER_NAME_UPN, b"\x0c\x0bexample.com")]), san=[x509.OtherName(OTHER_NAME_UPN, b"\x0c\x0du@example.com"), x509.DNSName(LEAF_DNS)])),
    "nc-uri-permitted": ("permits URI host .allowed.example; SAN https://x.allowed.example/p", lambda: with_int_nc(nc([x509.UniformResourceIdentifier(".allowed.example")]), san=[x509.UniformResourceIdentifier("https://x.allowed.example/p")])),
    "nc-uri-not-permitted": ("permits URI host .allowed.example; SAN https://x.other.example/", lambda: with_int_nc(nc([x509.UniformResourceIdentifier(".allowed.example")]), san=[x509.UniformResourceIdentifier("https://x.other.example/")])),
    # path building where there is a choice
    "cross-signed-trusted-first": ("intermediate cross-signed by roots A and B, B trusted, B's copy sent first", lambda: cross_signed(True)),
    "cross-signed-untrusted-first": ("the same, A's copy (untrusted root) sent first", lambda: cross_signed(False)),
    "ca-renewed-root-expired-first": ("origin CA file: the expired root, then its renewal (same key)", lambda: renewed_root("expired-first")),
    "ca-renewed-root-valid-first": ("origin CA file: the renewed root, then the expired one", lambda: renewed_root("valid-first")),
    "ca-expired-root-only": ("origin CA file: only the expired copy of the root", lambda: renewed_root("expired-only")),
    "renewed-int-expired-first": ("upload: leaf, the expired intermediate, its renewal (same key)", lambda: renewed_int()),
    "trusted-int-and-root": ("origin CA file: intermediate and root; upload: the leaf alone", lambda: (lambda ca, up: (ca + [up[1]], [up[0]]))(*chain())),
}


def pem(certs):
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


def verdict(ca, untrusted, lf, depth=None):
    with tempfile.NamedTemporaryFile(suffix=".pem") as u, tempfile.NamedTemporaryFile(suffix=".pem") as l:
        u.write(pem(untrusted))
        u.flush()
        l.write(pem([lf]))
        l.flush()
        args = ["openssl", "verify", "-purpose", "sslclient", "-auth_level", "2", "-attime", str(NOW), "-CAfile", ca]
        if untrusted:
            args += ["-untrusted", u.name]
        if depth is not None:
            args += ["-verify_depth", str(depth)]
        r = subprocess.run(args + [l.name], capture_output=True)
    out = (r.stdout + r.stderr).decode()
    if r.returncode == 0 and out.rstrip().endswith("OK"):
        return "OK"
    for line in out.splitlines():
        # "error 24 at 1 depth lookup: invalid CA certificate"
        if line.startswith("error ") and " at " in line:
            f = line.split()
            return f"error:{f[1]}@{f[3]}"
    return "error:?"


open("leaf.key.pem", "wb").write(KEYS["leaf"].private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                          serialization.NoEncryption()))
lines = []
for vname, (what, build) in VARIANTS.items():
    ca, up = build()
    open(f"{vname}.ca.pem", "wb").write(pem(ca))
    open(f"{vname}.chain.pem", "wb").write(pem(up))
    lines.append(" | ".join([vname, verdict(f"{vname}.ca.pem", up[1:], up[0]),
                             verdict(f"{vname}.ca.pem", up[1:], up[0], 1), what]))
open("verdicts.txt", "w").write("\n".join(lines) + "\n")
print("\n".join(lines), file=sys.stderr)
