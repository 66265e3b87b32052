#!/usr/bin/env python3
"""The vectors `openssl ca` cannot make: names with explicit ASN.1 string types (BMPString,
UniversalString, T61String holding UTF-8, a BIT STRING attribute), control characters and an
empty subject. Called by make.sh after ca/ exists; Python `cryptography` 48.

Every certificate is issued by ca/root (RSA, sha256WithRSAEncryption) to one fresh P-256 key,
valid 2026-01-01T00:00:00Z .. 2027-01-01T00:00:00Z, with a random 16-byte serial.
"""

import datetime
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.name import _ASN1Type
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

os.chdir(os.path.dirname(os.path.abspath(__file__)))

ROOT = x509.load_pem_x509_certificate(open("ca/root.pem", "rb").read())
ROOT_KEY = serialization.load_pem_private_key(open("ca/root.key.pem", "rb").read(), None)
KEY = ec.generate_private_key(ec.SECP256R1())
START = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
END = datetime.datetime(2027, 1, 1, tzinfo=datetime.timezone.utc)
A = x509.NameAttribute
BASE = [A(NameOID.COUNTRY_NAME, "CH"), A(NameOID.ORGANIZATION_NAME, "originpull tests")]


def issue(path, subject, extra_ext=()):
    b = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ROOT.subject)
        .public_key(KEY.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(START)
        .not_valid_after(END)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
    )
    for e, critical in extra_ext:
        b = b.add_extension(e, critical=critical)
    cert = b.sign(ROOT_KEY, hashes.SHA256())
    with open(path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))


issue("inspect/name-bmpstring.pem", x509.Name(BASE + [A(NameOID.COMMON_NAME, "株式会社 Zürich", _ASN1Type.BMPString)]))
issue("inspect/name-universalstring.pem", x509.Name(BASE + [A(NameOID.COMMON_NAME, "Straße 😀", _ASN1Type.UniversalString)]))
# T61String holding UTF-8 bytes (seen in old certificates): cryptography reads it as UTF-8.
issue("inspect/name-t61string-utf8.pem", x509.Name(BASE + [A(NameOID.COMMON_NAME, "Zürich", _ASN1Type.T61String)]))
issue("inspect/name-t61string-ascii.pem", x509.Name(BASE + [A(NameOID.COMMON_NAME, "plain ascii", _ASN1Type.T61String)]))
issue("inspect/name-printable-and-ia5.pem", x509.Name([
    A(NameOID.COUNTRY_NAME, "CH"),
    A(NameOID.ORGANIZATION_NAME, "Printable Org", _ASN1Type.PrintableString),
    A(NameOID.COMMON_NAME, "ia5.client.example", _ASN1Type.IA5String),
]))
# x500UniqueIdentifier is a BIT STRING; cryptography renders its whole content octets
# (the leading unused-bits octet 00 included) as #hex.
issue("inspect/name-bitstring.pem", x509.Name(BASE + [
    A(NameOID.X500_UNIQUE_IDENTIFIER, b"\x00\xab\xcd", _ASN1Type.BitString),
    A(NameOID.COMMON_NAME, "bitstring.client.example"),
]))
issue("inspect/name-control-chars.pem", x509.Name(BASE + [A(NameOID.COMMON_NAME, "line1\nline2\ttab\x00nul")]))
issue("inspect/name-empty-value.pem", x509.Name(BASE + [A(NameOID.ORGANIZATIONAL_UNIT_NAME, "x"), A(NameOID.COMMON_NAME, " ")]))
issue(
    "inspect/name-empty-subject.pem",
    x509.Name([]),
    [(x509.SubjectAlternativeName([x509.DNSName("empty-subject.client.example")]), True)],
)
