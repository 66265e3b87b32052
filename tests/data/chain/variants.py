#!/usr/bin/env python3
"""Certificates that `openssl ca` cannot make, derived from ones it made (called by make.sh).

  variants.py reencode SRC.pem DST.pem MODE
      The same certificate with its ECDSA-Sig-Value re-encoded in a non-DER way: the same r
      and s, the same TBSCertificate, so the signature is mathematically intact; only the
      encoding differs. OpenSSL decodes the ECDSA-Sig-Value, re-encodes it and refuses any
      difference ("certificate signature failure"). MODE is one of
        long-seq      SEQUENCE length in long form (30 81 LL)
        long-seq-82   SEQUENCE length in two-octet long form (30 82 00 LL)
        long-r        r's length in long form (02 81 LL)
        padded-r      r with one more leading zero octet (02 LL+1 00 r)
        long-s        s's length in long form
        padded-s      s with one more leading zero octet
        trailing      one zero octet after the SEQUENCE, inside the BIT STRING
  variants.py random-sig SRC.pem DST.pem
      The same certificate with a random ECDSA-Sig-Value (well-formed DER, 32-octet r and s):
      a forged signature.
  variants.py pss-sha3 ISSUER.pem ISSUER.key SERIAL_HEX CN DST.pem
      A leaf (new RSA-2048 key, thrown away) issued by ISSUER with RSASSA-PSS over SHA3-256,
      MGF1-SHA3-256, salt 32 (OpenSSL 3.0's `openssl ca` cannot encode PSS with SHA-3:
      "rsa_generate_signature_aid: internal error"; Python cryptography can, and OpenSSL 3.0
      verifies it). Same extensions and fixed dates as make.sh's v3_leaf.
"""
import base64
import datetime
import os
import sys


def pem_to_der(path):
    text = open(path).read()
    body = "".join(l for l in text.splitlines() if l and not l.startswith("-----"))
    return base64.b64decode(body)


def write_pem(path, der):
    b64 = base64.b64encode(der).decode()
    lines = [b64[j:j + 64] for j in range(0, len(b64), 64)]
    open(path, "w").write("-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n")


def length(n, form="short"):
    """DER length octets; form 'long' = 81 LL (or minimal long form), 'long82' = 82 00 LL."""
    if form == "long82":
        return bytes([0x82]) + n.to_bytes(2, "big")
    if form == "long" or n >= 0x80:
        body = n.to_bytes(max(1, (n.bit_length() + 7) // 8), "big")
        return bytes([0x80 | len(body)]) + body
    return bytes([n])


def tlv(tag, body, form="short"):
    return bytes([tag]) + length(len(body), form) + body


def read(buf, i):
    """(tag, body start, end) of the TLV at i (definite lengths only)."""
    tag, first = buf[i], buf[i + 1]
    if first < 0x80:
        return tag, i + 2, i + 2 + first
    k = first & 0x7F
    n = int.from_bytes(buf[i + 2:i + 2 + k], "big")
    return tag, i + 2 + k, i + 2 + k + n


def split_cert(der):
    tag, start, end = read(der, 0)
    assert tag == 0x30 and end == len(der)
    _, _, tbs_end = read(der, start)
    _, _, alg_end = read(der, tbs_end)
    tag, bits_start, bits_end = read(der, alg_end)
    assert tag == 0x03 and bits_end == end and der[bits_start] == 0
    return der[start:tbs_end], der[tbs_end:alg_end], der[bits_start + 1:bits_end]


def join_cert(tbs, alg, sig):
    return tlv(0x30, tbs + alg + tlv(0x03, b"\x00" + sig))


def r_s(sig):
    tag, start, end = read(sig, 0)
    assert tag == 0x30 and end == len(sig)
    _, r0, r1 = read(sig, start)
    _, s0, s1 = read(sig, r1)
    assert s1 == end
    return sig[r0:r1], sig[s0:s1]


def reencode(src, dst, mode):
    tbs, alg, sig = split_cert(pem_to_der(src))
    r, s = r_s(sig)
    int_r, int_s = tlv(0x02, r), tlv(0x02, s)
    if mode == "long-r":
        int_r = tlv(0x02, r, "long")
    elif mode == "padded-r":
        int_r = tlv(0x02, b"\x00" + r)
    elif mode == "long-s":
        int_s = tlv(0x02, s, "long")
    elif mode == "padded-s":
        int_s = tlv(0x02, b"\x00" + s)
    form = {"long-seq": "long", "long-seq-82": "long82"}.get(mode, "short")
    new = tlv(0x30, int_r + int_s, form)
    if mode == "trailing":
        new += b"\x00"
    assert new != sig and mode in ("long-seq", "long-seq-82", "long-r", "padded-r", "long-s", "padded-s", "trailing")
    write_pem(dst, join_cert(tbs, alg, new))


def minimal_int(v):
    body = v.lstrip(b"\x00") or b"\x00"
    return tlv(0x02, (b"\x00" + body) if body[0] & 0x80 else body)


def random_sig(src, dst):
    tbs, alg, _ = split_cert(pem_to_der(src))
    write_pem(dst, join_cert(tbs, alg, tlv(0x30, minimal_int(os.urandom(32)) + minimal_int(os.urandom(32)))))


def pss_sha3(issuer_pem, issuer_key, serial_hex, cn, dst):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding, rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    issuer = x509.load_pem_x509_certificate(open(issuer_pem, "rb").read())
    ca_key = serialization.load_pem_private_key(open(issuer_key, "rb").read(), password=None)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "originpull tests"),
        x509.NameAttribute(NameOID.COMMON_NAME, cn),
    ])
    ski = issuer.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.subject)
        .public_key(key.public_key())
        .serial_number(int(serial_hex, 16))
        .not_valid_before(datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc))
        .not_valid_after(datetime.datetime(2035, 1, 1, tzinfo=datetime.timezone.utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False)
        .sign(ca_key, hashes.SHA3_256(),
              rsa_padding=padding.PSS(mgf=padding.MGF1(hashes.SHA3_256()), salt_length=32))
    )
    open(dst, "wb").write(cert.public_bytes(serialization.Encoding.PEM))


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    {"reencode": reencode, "random-sig": random_sig, "pss-sha3": pss_sha3}[cmd](*args)
