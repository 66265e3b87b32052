#!/usr/bin/env bash
# Regenerates every key vector in this folder with OpenSSL 3.0, then writes the expected
# KeyInfo JSON with expected.py (Python `cryptography` + `openssl pkey -pubout`).
# Keys are random: rerunning replaces every file (vectors, certificates and expectations).
# Usage: bash tests/data/keys/make.sh   (from anywhere)
set -euo pipefail
cd "$(dirname "$0")"
PASS='op-test-passphrase'
P="pass:$PASS"
rm -f -- *.pem *.der *.json

# Base keys (PKCS#8, unencrypted).
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa2048.pkcs8.pem
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa2048b.pkcs8.pem
openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out rsapss2048.pkcs8.pem
for c in 256 384 521; do
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-$c -pkeyopt ec_param_enc:named_curve -out p$c.pkcs8.pem
done
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve -out p256b.pkcs8.pem
openssl genpkey -algorithm ED25519 -out ed25519.pkcs8.pem
openssl genpkey -algorithm ED448 -out ed448.pkcs8.pem

# A self-signed certificate per base key (dates do not matter for key tests).
for k in rsa2048 rsa2048b rsapss2048 p256 p256b p384 p521 ed25519 ed448; do
  openssl req -x509 -new -key $k.pkcs8.pem -subj "/CN=$k" -days 3650 -out $k.cert.pem
done

# Unencrypted forms.
# (OpenSSL 3.0's `pkey -outform DER` writes RSA and EC keys in their traditional form, so
# PKCS#8 DER comes from `pkcs8 -topk8 -nocrypt`.)
openssl pkcs8 -topk8 -nocrypt -in rsa2048.pkcs8.pem -outform DER -out rsa2048.pkcs8.der
openssl pkey -in rsa2048.pkcs8.pem -traditional -out rsa2048.pkcs1.pem
openssl pkey -in rsa2048.pkcs8.pem -traditional -outform DER -out rsa2048.pkcs1.der
openssl pkcs8 -topk8 -nocrypt -in p256.pkcs8.pem -outform DER -out p256.pkcs8.der
openssl pkey -in p256.pkcs8.pem -traditional -out p256.sec1.pem
openssl pkey -in p256.pkcs8.pem -traditional -outform DER -out p256.sec1.der
openssl ec -in p256.pkcs8.pem -no_public -out p256.sec1-nopub.pem
openssl ec -in p256.pkcs8.pem -conv_form compressed -out p256.sec1-compressed.pem
openssl pkey -in p384.pkcs8.pem -traditional -out p384.sec1.pem
openssl ec -in p384.pkcs8.pem -no_public -out p384.sec1-nopub.pem
openssl pkey -in p521.pkcs8.pem -traditional -out p521.sec1.pem
openssl ec -in p521.pkcs8.pem -no_public -out p521.sec1-nopub.pem
openssl ec -in p521.pkcs8.pem -no_public -outform DER -out p521.sec1-nopub.der
openssl pkcs8 -topk8 -nocrypt -in ed25519.pkcs8.pem -outform DER -out ed25519.pkcs8.der

# Encrypted PKCS#8 (PBES2).
openssl pkcs8 -topk8 -in rsa2048.pkcs8.pem -v2 aes-256-cbc -passout "$P" -out rsa2048.pkcs8-aes256.pem
openssl pkcs8 -topk8 -in rsa2048.pkcs8.pem -v2 aes-256-cbc -passout "$P" -outform DER -out rsa2048.pkcs8-aes256.der
openssl pkcs8 -topk8 -in rsa2048.pkcs8.pem -v2 aes-128-cbc -v2prf hmacWithSHA1 -passout "$P" -out rsa2048.pkcs8-aes128-sha1.pem
openssl pkcs8 -topk8 -in rsa2048.pkcs8.pem -v2 aes-192-cbc -passout "$P" -out rsa2048.pkcs8-aes192.pem
openssl pkcs8 -topk8 -in rsa2048.pkcs8.pem -v2 aes-256-cbc -v2prf hmacWithSHA512 -passout "$P" -out rsa2048.pkcs8-aes256-sha512.pem
openssl pkcs8 -topk8 -in rsa2048.pkcs8.pem -v2 des3 -passout "$P" -out rsa2048.pkcs8-des3.pem
openssl pkcs8 -topk8 -in rsa2048.pkcs8.pem -scrypt -passout "$P" -out rsa2048.pkcs8-scrypt.pem
openssl pkcs8 -topk8 -in p256.pkcs8.pem -v2 aes-256-cbc -passout "$P" -out p256.pkcs8-aes256.pem
openssl pkcs8 -topk8 -in p256.pkcs8.pem -scrypt -passout "$P" -out p256.pkcs8-scrypt.pem
openssl pkcs8 -topk8 -in p521.pkcs8.pem -v2 aes-256-cbc -passout "$P" -out p521.pkcs8-aes256.pem
openssl pkcs8 -topk8 -in ed25519.pkcs8.pem -v2 aes-256-cbc -passout "$P" -out ed25519.pkcs8-aes256.pem

# Legacy OpenSSL PEM encryption (Proc-Type/DEK-Info over PKCS#1 or SEC1).
openssl rsa -in rsa2048.pkcs8.pem -traditional -aes128 -passout "$P" -out rsa2048.legacy-aes128.pem
openssl rsa -in rsa2048.pkcs8.pem -traditional -aes192 -passout "$P" -out rsa2048.legacy-aes192.pem
openssl rsa -in rsa2048.pkcs8.pem -traditional -aes256 -passout "$P" -out rsa2048.legacy-aes256.pem
openssl rsa -in rsa2048.pkcs8.pem -traditional -des3 -passout "$P" -out rsa2048.legacy-des3.pem
openssl ec -in p256.pkcs8.pem -aes256 -passout "$P" -out p256.legacy-aes256.pem
openssl ec -in p256.pkcs8.pem -no_public -aes128 -passout "$P" -out p256.legacy-nopub-aes128.pem
openssl ec -in p384.pkcs8.pem -des3 -passout "$P" -out p384.legacy-des3.pem

# Not supported by originpull (PKCS#12 PBE, OpenSSL 1.0's pkcs8 default): must be KEY_INVALID
# with the passphrase and Locked without it. No expectation file.
openssl pkcs8 -topk8 -in rsa2048.pkcs8.pem -v1 PBE-SHA1-3DES -passout "$P" -out rsa2048.unsupported-pbe-sha1-3des.pem

python3 expected.py "$PASS"
