#!/bin/sh
# Regenerates the chain-verification vectors in this directory with OpenSSL 3.0.
# Usage: sh tests/data/chain/make.sh   (from anywhere; writes next to this script)
#
# Every certificate is issued by `openssl ca` with fixed dates
# (-startdate 20250101000000Z -enddate 20350101000000Z) and sequential serials from 0x1000,
# so only the keys (and with them the signatures) change between runs. Private keys are made
# in a temporary directory and thrown away: only certificates are kept.
set -eu
OUT=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
mkdir newcerts
: > index.txt
echo 1000 > serial

cat > ca.cnf <<'CNF'
[ ca ]
default_ca = CA_default
[ CA_default ]
dir = .
database = ./index.txt
new_certs_dir = ./newcerts
serial = ./serial
policy = policy_any
unique_subject = no
copy_extensions = none
email_in_dn = no
preserve = yes
default_md = sha256
[ policy_any ]
organizationName = optional
commonName = supplied
[ v3_root ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ v3_int ]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ v3_int_noid ]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = none
authorityKeyIdentifier = none
[ v3_leaf ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ v3_selfleaf ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
CNF

DATES="-startdate 20250101000000Z -enddate 20350101000000Z"

# key NAME ALG...: a fresh private key
key() { n=$1; shift; openssl genpkey -quiet "$@" -out "$n.key"; }
rsa() { key "$1" -algorithm RSA -pkeyopt rsa_keygen_bits:2048; }
ec() { key "$1" -algorithm EC -pkeyopt ec_paramgen_curve:"$2" -pkeyopt ec_param_enc:named_curve; }
csr() { openssl req -new -key "$1.key" -subj "/O=originpull tests/CN=$2" -out "$1.csr"; }

# root NAME CN [ca options]: self-signed root
root() {
  n=$1; cn=$2; shift 2
  csr "$n" "$cn"
  openssl ca -batch -notext -config ca.cnf $DATES -selfsign -keyfile "$n.key" \
    -extensions v3_root -in "$n.csr" -out "$n.pem" "$@" 2>/dev/null
}
# issue NAME CN ISSUER EXTENSIONS [ca options]: NAME's key certified by ISSUER
issue() {
  n=$1; cn=$2; iss=$3; ext=$4; shift 4
  csr "$n" "$cn"
  openssl ca -batch -notext -config ca.cnf $DATES -cert "$iss.pem" -keyfile "$iss.key" \
    -extensions "$ext" -in "$n.csr" -out "$n.pem" "$@" 2>/dev/null
}

# RSA-2048, PKCS#1 v1.5 with SHA-256 throughout.
rsa rsa-root; root rsa-root "originpull test RSA Root" -md sha256
rsa rsa-int; issue rsa-int "originpull test RSA Intermediate" rsa-root v3_int -md sha256
rsa rsa-leaf; issue rsa-leaf "client.rsa.example" rsa-int v3_leaf -md sha256
# The same intermediate re-issued (same name and key, new serial): an alternative issuer.
cp rsa-int.key rsa-int-reissued.key
issue rsa-int-reissued "originpull test RSA Intermediate" rsa-root v3_int -md sha256

# RSASSA-PSS signatures (rsaEncryption keys), parameters in the AlgorithmIdentifier.
PSS="-sigopt rsa_padding_mode:pss"
rsa pss-root; root pss-root "originpull test PSS Root" -md sha256 $PSS -sigopt rsa_pss_saltlen:32
rsa pss-int; issue pss-int "originpull test PSS Intermediate" pss-root v3_int -md sha256 $PSS -sigopt rsa_pss_saltlen:32
rsa pss-leaf; issue pss-leaf "client.pss.example" pss-int v3_leaf -md sha512 $PSS -sigopt rsa_pss_saltlen:20
rsa pss-leaf-sha384-max; issue pss-leaf-sha384-max "client-max.pss.example" pss-int v3_leaf -md sha384 $PSS -sigopt rsa_pss_saltlen:max
key pss4096-int -algorithm RSA -pkeyopt rsa_keygen_bits:4096
issue pss4096-int "originpull test PSS 4096 Intermediate" pss-root v3_int -md sha256 $PSS -sigopt rsa_pss_saltlen:32
# saltlen:max under a 4096-bit key: 512 - 32 - 2 = 478 bytes of salt (more than a u8).
rsa pss-leaf-4096-max; issue pss-leaf-4096-max "client-4096-max.pss.example" pss4096-int v3_leaf -md sha256 $PSS -sigopt rsa_pss_saltlen:max
rsa pss-leaf-sha1; issue pss-leaf-sha1 "client-sha1.pss.example" pss-int v3_leaf -md sha1 $PSS -sigopt rsa_pss_saltlen:20

# ECDSA: each curve with its natural hash, then curves with other hashes.
ec ec256-root P-256; root ec256-root "originpull test P-256 Root" -md sha256
ec ec256-int P-256; issue ec256-int "originpull test P-256 Intermediate" ec256-root v3_int -md sha256
ec ec256-leaf P-256; issue ec256-leaf "client.p256.example" ec256-int v3_leaf -md sha256
ec ec384-root P-384; root ec384-root "originpull test P-384 Root" -md sha384
ec ec384-int P-384; issue ec384-int "originpull test P-384 Intermediate" ec384-root v3_int -md sha384
ec ec384-leaf P-384; issue ec384-leaf "client.p384.example" ec384-int v3_leaf -md sha384
ec ec521-root P-521; root ec521-root "originpull test P-521 Root" -md sha512
ec ec521-int P-521; issue ec521-int "originpull test P-521 Intermediate" ec521-root v3_int -md sha512
ec ec521-leaf P-521; issue ec521-leaf "client.p521.example" ec521-int v3_leaf -md sha512
ec ec256-leaf-sha384 P-256; issue ec256-leaf-sha384 "client-sha384.p256.example" ec256-int v3_leaf -md sha384
ec ec256-leaf-sha512 P-256; issue ec256-leaf-sha512 "client-sha512.p256.example" ec256-int v3_leaf -md sha512
ec ec521-leaf-sha256 P-256; issue ec521-leaf-sha256 "client-sha256.p521.example" ec521-int v3_leaf -md sha256
ec ec384-leaf-sha1 P-384; issue ec384-leaf-sha1 "client-sha1.p384.example" ec384-int v3_leaf -md sha1

# Weak digests: an MD5-signed leaf under the RSA intermediate; a SHA-1-signed intermediate
# (its leaf signed with SHA-256); a SHA-1 self-signed root over SHA-256 children.
rsa md5-leaf; issue md5-leaf "client-md5.rsa.example" rsa-int v3_leaf -md md5
rsa sha1-int; issue sha1-int "originpull test SHA-1 Intermediate" rsa-root v3_int -md sha1
rsa sha1-int-leaf; issue sha1-int-leaf "client.sha1-int.example" sha1-int v3_leaf -md sha256
rsa sha1-root; root sha1-root "originpull test SHA-1 Root" -md sha1
rsa sha1-root-int; issue sha1-root-int "originpull test Intermediate under SHA-1 Root" sha1-root v3_int -md sha256
rsa sha1-root-leaf; issue sha1-root-leaf "client.sha1-root.example" sha1-root-int v3_leaf -md sha256

# Unrelated: another root and its intermediate, which issue nothing of the RSA chain.
rsa other-root; root other-root "originpull test Other Root" -md sha256
rsa other-int; issue other-int "originpull test Other Intermediate" other-root v3_int -md sha256
# Impostor: same subject as rsa-int, different key, no key identifiers (so only the
# signature tells it apart), certified by rsa-root.
rsa impostor-int; issue impostor-int "originpull test RSA Intermediate" rsa-root v3_int_noid -md sha256

# A self-signed end-entity certificate (CA:FALSE, clientAuth).
ec selfsigned-leaf P-256; root selfsigned-leaf "selfsigned.client.example" -extensions v3_selfleaf -md sha256

# A self-signed end-entity certificate signed with SHA-1.
rsa selfsigned-sha1-leaf; root selfsigned-sha1-leaf "selfsigned-sha1.client.example" -extensions v3_selfleaf -md sha1

# Ed25519 (RFC 8410): verified by OpenSSL and by originpull (ed25519-dalek).
key ed-root -algorithm ED25519; root ed-root "originpull test Ed25519 Root" -md default
key ed-leaf -algorithm ED25519; issue ed-leaf "client.ed25519.example" ed-root v3_leaf -md default

# Ed448 (RFC 8410): verified by OpenSSL; originpull does not check Ed448 signatures (no
# audited crate), so links signed with it are reported as not checked.
key ed448-root -algorithm ED448; root ed448-root "originpull test Ed448 Root" -md default
key ed448-leaf -algorithm ED448; issue ed448-leaf "client.ed448.example" ed448-root v3_leaf -md default

# SHA-3 (FIPS 202) signatures, added with the RustCrypto verifier (issue 11; serials from
# 0x1027). An RSA root self-signed with RSA-SHA3-512, leaves with SHA3-224/256/384,
# RSASSA-PSS over SHA3-256 (made by variants.py: OpenSSL 3.0 cannot encode PSS with SHA-3,
# but verifies it), and RSASSA-PSS whose MGF1 hash (SHA-1) is not its message hash (SHA-256),
# which OpenSSL verifies and originpull does not check. ECDSA roots on each curve self-signed
# with a SHA-3 digest, and leaves with SHA-3 digests shorter, as long as and longer than the
# curve order.
rsa sha3-rsa-root; root sha3-rsa-root "originpull test SHA-3 RSA Root" -md sha3-512
rsa sha3-rsa-leaf; issue sha3-rsa-leaf "client.sha3.rsa.example" sha3-rsa-root v3_leaf -md sha3-256
rsa sha3-rsa-leaf-224; issue sha3-rsa-leaf-224 "client-224.sha3.rsa.example" sha3-rsa-root v3_leaf -md sha3-224
rsa sha3-rsa-leaf-384; issue sha3-rsa-leaf-384 "client-384.sha3.rsa.example" sha3-rsa-root v3_leaf -md sha3-384
python3 "$OUT/variants.py" pss-sha3 sha3-rsa-root.pem sha3-rsa-root.key "$(cat serial)" "client-pss.sha3.rsa.example" sha3-pss-leaf.pem
printf '%X\n' $((0x$(cat serial) + 1)) > serial
rsa pss-mgf1-sha1-leaf; issue pss-mgf1-sha1-leaf "client-mgf1-sha1.pss.example" sha3-rsa-root v3_leaf -md sha256 $PSS -sigopt rsa_mgf1_md:sha1 -sigopt rsa_pss_saltlen:32
ec sha3-p256-root P-256; root sha3-p256-root "originpull test SHA-3 P-256 Root" -md sha3-256
ec sha3-p256-leaf P-256; issue sha3-p256-leaf "client.sha3.p256.example" sha3-p256-root v3_leaf -md sha3-256
ec sha3-p256-leaf-224 P-256; issue sha3-p256-leaf-224 "client-224.sha3.p256.example" sha3-p256-root v3_leaf -md sha3-224
ec sha3-p256-leaf-512 P-256; issue sha3-p256-leaf-512 "client-512.sha3.p256.example" sha3-p256-root v3_leaf -md sha3-512
ec sha3-p384-root P-384; root sha3-p384-root "originpull test SHA-3 P-384 Root" -md sha3-384
ec sha3-p384-leaf P-384; issue sha3-p384-leaf "client.sha3.p384.example" sha3-p384-root v3_leaf -md sha3-384
ec sha3-p521-root P-521; root sha3-p521-root "originpull test SHA-3 P-521 Root" -md sha3-512
ec sha3-p521-leaf P-521; issue sha3-p521-leaf "client.sha3.p521.example" sha3-p521-root v3_leaf -md sha3-512
ec sha3-p521-leaf-256 P-521; issue sha3-p521-leaf-256 "client-256.sha3.p521.example" sha3-p521-root v3_leaf -md sha3-256

# A forged leaf (issue 11, defect 2): it names ec256-root as its issuer (same name, same
# authority key identifier), claims ecdsa-with-SHA3-256 and carries a random signature.
# Issued by a throw-away "forger" key posing as ec256-root (its subject key identifier copied),
# then the signature value replaced by a random well-formed one (variants.py random-sig).
ski=$(openssl x509 -in ec256-root.pem -noout -ext subjectKeyIdentifier | tail -n 1 | tr -d ' ')
printf 'basicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = %s\n' "$ski" > forger.ext
ec forger P-256; csr forger "originpull test P-256 Root"
openssl ca -batch -notext -config ca.cnf $DATES -selfsign -keyfile forger.key \
  -extfile forger.ext -in forger.csr -out forger.pem -md sha256 2>/dev/null
ec ec256-leaf-forged-sha3 P-256; issue ec256-leaf-forged-sha3 "client-forged.p256.example" forger v3_leaf -md sha3-256
rm forger.pem
python3 "$OUT/variants.py" random-sig ec256-leaf-forged-sha3.pem ec256-leaf-forged-sha3.pem

# Tampered copies: one byte of the TBSCertificate changed (a letter of the subject CN),
# DER otherwise intact, so the signature must fail.
tamper() {
  python3 - "$1.pem" "$2.pem" "$3" "$4" <<'PY'
import base64, sys
src, dst, old, new = sys.argv[1:]
text = open(src).read()
body = "".join(l for l in text.splitlines() if l and not l.startswith("-----"))
der = bytearray(base64.b64decode(body))
i = der.find(old.encode())
assert i > 0 and der.count(old.encode()) == 1, "needle must occur exactly once"
der[i:i + len(new)] = new.encode()
b64 = base64.b64encode(bytes(der)).decode()
lines = [b64[j:j + 64] for j in range(0, len(b64), 64)]
open(dst, "w").write("-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n")
PY
}
tamper rsa-leaf rsa-leaf-tampered "client.rsa.example" "dlient"
tamper ec256-leaf ec256-leaf-tampered "client.p256.example" "dlient"
tamper pss-leaf pss-leaf-tampered "client.pss.example" "dlient"
tamper ed-leaf ed-leaf-tampered "client.ed25519.example" "dlient"
tamper ed448-leaf ed448-leaf-tampered "client.ed448.example" "dlient"

# ec256-leaf with its ECDSA-Sig-Value re-encoded in non-DER ways, same r and s (issue 11,
# defect 1): OpenSSL re-encodes the value and refuses any difference (variants.py).
for m in long-seq long-seq-82 long-r padded-r long-s padded-s trailing; do
  python3 "$OUT/variants.py" reencode ec256-leaf.pem "ec256-leaf-der-$m.pem" "$m"
done

rm -f "$OUT"/*.pem
for f in *.pem; do cp "$f" "$OUT/$f"; done

# Independent expectations: which (certificate, issuer key) pairs verify (Python
# cryptography), and what `openssl verify` says about every case in cases.txt.
python3 "$OUT/signatures.py"
sh "$OUT/verify.sh"
