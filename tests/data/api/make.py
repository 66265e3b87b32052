# Makes the two certificates used by src/api/upload.rs's tests (find_uploaded).
# Run: python3 make.py   (Python `cryptography`; fixed dates, random keys: the committed
# files are the fixtures, re-running gives different but equivalent ones).
# Check: openssl x509 -in a.pem -noout -serial -issuer
#   -> serial=1234, issuer=O=Example CA, CN=a.example   (serial 0x1234 = 4660 decimal)
import datetime
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

for name, serial in (("a", 0x1234), ("b", 0x1235)):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example CA"),
        x509.NameAttribute(NameOID.COMMON_NAME, f"{name}.example"),
    ])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))
        .not_valid_after(datetime.datetime(2027, 1, 1, tzinfo=datetime.timezone.utc))
        .sign(key, hashes.SHA256())
    )
    with open(f"{name}.pem", "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
