#!/bin/bash
# Regenerate the certificate test vectors in this folder (see README.md).
#
#   cd tests/data && bash make.sh && python3 expected.py
#
# Needs bash (assignments before a function call stay local to it) and OpenSSL 3.0 (`openssl ca` is used because it is the 3.0 tool that takes fixed
# -startdate/-enddate). Every run makes new random keys and serials (except the fixed
# serials below), so run expected.py afterwards and commit the outputs together.
# Owns ca/, inspect/, forms/ and validate/; keys/ and chain/ belong to other scripts.
set -eu
cd "$(dirname "$0")"

W=.work
rm -rf "$W" ca inspect forms validate
mkdir -p "$W" ca inspect forms validate
: > "$W/log"

# --- the one `openssl ca` configuration: database in .work, DN kept as given ----------
cat > "$W/ca.cnf" <<'EOF'
[ca]
default_ca = CA_default

[CA_default]
database        = ./.work/index.txt
new_certs_dir   = ./.work
serial          = ./.work/serial
default_md      = default
policy          = policy_any
preserve        = yes
email_in_dn     = yes
unique_subject  = no
copy_extensions = none

[policy_any]
commonName = optional

# CA certificates
[ext_root]
basicConstraints       = critical,CA:TRUE
keyUsage               = critical,keyCertSign,cRLSign
subjectKeyIdentifier   = hash

[ext_int]
basicConstraints       = critical,CA:TRUE,pathlen:0
keyUsage               = critical,digitalSignature,keyCertSign,cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ext_ca_pathlen3]
basicConstraints       = critical,CA:TRUE,pathlen:3
keyUsage               = critical,keyCertSign,cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

# Leaves
[ext_client]
basicConstraints       = critical,CA:FALSE
keyUsage               = critical,digitalSignature
extendedKeyUsage       = clientAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
subjectAltName         = DNS:client.example.com

[ext_client_rsa]
basicConstraints       = critical,CA:FALSE
keyUsage               = critical,digitalSignature,keyEncipherment
extendedKeyUsage       = clientAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
subjectAltName         = DNS:client.example.com

[ext_no_eku]
basicConstraints       = critical,CA:FALSE
keyUsage               = critical,digitalSignature
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ext_no_ids]
basicConstraints       = CA:FALSE
subjectKeyIdentifier   = none
authorityKeyIdentifier = none
extendedKeyUsage       = clientAuth

[ext_selfsigned_leaf]
basicConstraints       = critical,CA:FALSE
keyUsage               = critical,digitalSignature
extendedKeyUsage       = clientAuth
subjectKeyIdentifier   = hash
subjectAltName         = DNS:self.example.com

[ext_leaf_is_ca]
basicConstraints       = critical,CA:TRUE
keyUsage               = critical,digitalSignature,keyCertSign
extendedKeyUsage       = clientAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ext_ca_pathlen_large]
basicConstraints       = critical,CA:TRUE,pathlen:1000
keyUsage               = critical,keyCertSign,cRLSign

[ext_aki_issuer_only]
basicConstraints       = CA:FALSE
subjectKeyIdentifier   = hash
authorityKeyIdentifier = issuer:always
extendedKeyUsage       = clientAuth

[ext_san_mapped]
subjectAltName         = IP:::ffff:192.0.2.1,IP:64:ff9b::192.0.2.1,IP:fe80::1:0:0:0,IP:2001:db8:0:0:1:0:0:0,IP:ff02:0:0:0:0:0:0:2

[ext_eku_server_client]
basicConstraints       = CA:FALSE
keyUsage               = critical,digitalSignature,keyEncipherment
extendedKeyUsage       = serverAuth,clientAuth

[ext_eku_client_server]
basicConstraints       = CA:FALSE
keyUsage               = critical,digitalSignature,keyEncipherment
extendedKeyUsage       = clientAuth,serverAuth

[ext_eku_server]
basicConstraints       = CA:FALSE
keyUsage               = critical,digitalSignature,keyEncipherment
extendedKeyUsage       = serverAuth

[ext_eku_code]
basicConstraints       = CA:FALSE
keyUsage               = critical,digitalSignature
extendedKeyUsage       = codeSigning

[ext_eku_any]
basicConstraints       = CA:FALSE
keyUsage               = critical,digitalSignature
extendedKeyUsage       = anyExtendedKeyUsage

[ext_eku_many]
extendedKeyUsage       = emailProtection,1.3.6.1.4.1.311.20.2.2,clientAuth,timeStamping,OCSPSigning

[ext_ku_ke]
basicConstraints       = critical,CA:FALSE
keyUsage               = critical,keyEncipherment
extendedKeyUsage       = clientAuth

[ext_ku_ds]
keyUsage               = critical,digitalSignature

[ext_ku_nr]
keyUsage               = digitalSignature,nonRepudiation

[ext_ku_all]
keyUsage               = digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment,keyAgreement,keyCertSign,cRLSign,encipherOnly,decipherOnly

[ext_ku_agree_decipher]
keyUsage               = keyAgreement,decipherOnly

[ext_san_all]
basicConstraints       = CA:FALSE
subjectAltName         = @san_all

[san_all]
DNS.1       = www.example.com
email.1     = ops@example.com
IP.1        = 192.0.2.10
URI.1       = https://example.com/client
otherName.1 = 1.3.6.1.4.1.311.20.2.3;UTF8:upn@example.com
DNS.2       = *.example.net
IP.2        = 2001:db8:0:0:0:0:0:1
dirName.1   = san_dir
IP.3        = 2001:0db8:0000:0001:0000:0000:0000:0abc
IP.4        = 2001:db8:0:1:1:1:1:1
IP.5        = 0:0:0:0:0:0:0:1
email.2     = second@example.org
URI.2       = spiffe://example.org/ns/default/sa/client
IP.6        = 10.0.0.1
RID.1       = 1.2.3.4.5

[san_dir]
C  = CH
CN = directory name entry
EOF

# --- helpers ----------------------------------------------------------------------------
# key FILE TYPE: a new private key (PKCS#8 PEM).
key() {
  case "$2" in
    rsa1024|rsa2047|rsa2048|rsa3072|rsa4096) set -- "$1" -algorithm RSA -pkeyopt "rsa_keygen_bits:${2#rsa}" ;;
    rsapss) set -- "$1" -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 ;;
    P-256|P-384|P-521|secp256k1) set -- "$1" -algorithm EC -pkeyopt "ec_paramgen_curve:$2" -pkeyopt ec_param_enc:named_curve ;;
    ed25519|ed448) set -- "$1" -algorithm "$2" ;;
    dsa2048) openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:2048 -out "$W/dsa.param" 2>>"$W/log"
             set -- "$1" -paramfile "$W/dsa.param" ;;
    P-256-compressed) # the public point in compressed form (02/03 prefix) in the SPKI
             openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$W/ec.pem" 2>>"$W/log"
             openssl ec -in "$W/ec.pem" -conv_form compressed -out "$1" 2>>"$W/log"
             return ;;
    *) echo "unknown key type $2" >&2; exit 1 ;;
  esac
  out=$1; shift
  openssl genpkey "$@" -out "$out" 2>>"$W/log"
}

# cert OUT KEY SUBJECT ISSUER [EXTENSIONS]
#   ISSUER: "self", or the path of an issuer without extension (ca/int -> ca/int.pem, ca/int.key.pem)
#   EXTENSIONS: a section of ca.cnf above; none means a version 1 certificate
#   env: START, END (YYYYMMDDHHMMSSZ; default 2026-01-01 .. 2027-01-01), MD (default: the
#        key's default digest), SERIAL (hex; default 16 random bytes)
cert() {
  c_out=$1; c_key=$2; c_subj=$3; c_iss=$4; c_ext=${5:-}
  : > "$W/index.txt"
  printf '%s\n' "${SERIAL:-$(openssl rand -hex 16)}" > "$W/serial"
  openssl req -new -key "$c_key" -subj "/CN=placeholder" -out "$W/req.csr" 2>>"$W/log"
  if [ "$c_iss" = self ]; then
    set -- -selfsign -keyfile "$c_key"
  else
    set -- -cert "$c_iss.pem" -keyfile "$c_iss.key.pem"
  fi
  if [ -n "$c_ext" ]; then set -- "$@" -extensions "$c_ext"; fi
  openssl ca -batch -config "$W/ca.cnf" -notext -utf8 -preserveDN -multivalue-rdn \
    -md "${MD:-default}" -startdate "${START:-20260101000000Z}" -enddate "${END:-20270101000000Z}" \
    -subj "$c_subj" -in "$W/req.csr" -out "$c_out" "$@" >>"$W/log" 2>&1
}

T='/C=CH/O=originpull tests'

# --- CAs (ca/): used as inspection vectors too ---------------------------------------------
key ca/root.key.pem rsa2048
START=20250101000000Z END=20350101000000Z SERIAL=01 cert ca/root.pem ca/root.key.pem "$T/CN=originpull Test Root CA" self ext_root
key ca/int.key.pem P-256
START=20250101000000Z END=20300101000000Z SERIAL=1000 cert ca/int.pem ca/int.key.pem "$T/OU=Clients/CN=originpull Test Intermediate CA" ca/root ext_int
key ca/md5-int.key.pem rsa2048
START=20250101000000Z END=20300101000000Z MD=md5 cert ca/md5-int.pem ca/md5-int.key.pem "$T/CN=originpull MD5 Intermediate CA" ca/root ext_int
key ca/other-root.key.pem rsa2048
START=20250101000000Z END=20350101000000Z cert ca/other-root.pem ca/other-root.key.pem "/O=unrelated tests/CN=Unrelated Root CA" self ext_root
key ca/other-int.key.pem rsa2048
START=20250101000000Z END=20300101000000Z cert ca/other-int.pem ca/other-int.key.pem "/O=unrelated tests/CN=Unrelated Intermediate CA" ca/other-root ext_int
# The intermediate's CSR-equivalent, kept for the forms (a CERTIFICATE REQUEST block).
openssl req -new -key ca/int.key.pem -subj "$T/CN=originpull CSR" -out "$W/int.csr" 2>>"$W/log"

# --- inspection vectors (inspect/): one certificate each -----------------------------------
K=$W/k
for t in rsa2048 rsa4096 rsa1024 P-256 P-384 P-521 ed25519 ed448 secp256k1; do
  key "$K-$t.pem" "$t"
done
key "$K-rsapss.pem" rsapss
key "$K-dsa.pem" dsa2048
key "$K-P-256-compressed.pem" P-256-compressed
key "$K-rsa.pem" rsa2048
key "$K-rsa3072.pem" rsa3072
key "$K-rsa2047.pem" rsa2047

cert inspect/rsa-2048.pem    "$K-rsa2048.pem"   "$T/CN=rsa-2048.client.example"  ca/int ext_client_rsa
cert inspect/rsa-4096.pem    "$K-rsa4096.pem"   "$T/CN=rsa-4096.client.example"  ca/int ext_client_rsa
cert inspect/rsa-3072.pem    "$K-rsa3072.pem"   "$T/CN=rsa-3072.client.example"  ca/int ext_client_rsa
cert inspect/rsa-2047.pem    "$K-rsa2047.pem"   "$T/CN=rsa-2047.client.example"  ca/int ext_client_rsa
cert inspect/rsa-1024.pem    "$K-rsa1024.pem"   "$T/CN=rsa-1024.client.example"  ca/int ext_client_rsa
cert inspect/ec-p256.pem     "$K-P-256.pem"     "$T/CN=ec-p256.client.example"   ca/int ext_client
cert inspect/ec-p384.pem     "$K-P-384.pem"     "$T/CN=ec-p384.client.example"   ca/root ext_client
MD=sha512 cert inspect/ec-p521.pem "$K-P-521.pem" "$T/CN=ec-p521.client.example" ca/int ext_client
cert inspect/ed25519.pem     "$K-ed25519.pem"   "$T/CN=ed25519.client.example"   ca/int ext_client
cert inspect/ed448.pem       "$K-ed448.pem"     "$T/CN=ed448.client.example"     self ext_selfsigned_leaf
cert inspect/ec-secp256k1.pem "$K-secp256k1.pem" "$T/CN=secp256k1.client.example" ca/int ext_client
cert inspect/dsa-2048.pem    "$K-dsa.pem"       "$T/CN=dsa-2048.client.example"  ca/root ext_client
cert inspect/ec-p256-compressed-point.pem "$K-P-256-compressed.pem" "$T/CN=ec-compressed.client.example" ca/int ext_client
cert inspect/rsa-pss.pem     "$K-rsapss.pem"    "$T/CN=rsa-pss.client.example"   self ext_selfsigned_leaf
cert inspect/ed25519-self.pem "$K-ed25519.pem"  "$T/CN=ed25519-self.client.example" self ext_selfsigned_leaf
cert inspect/ec-p256-self.pem "$K-P-256.pem"    "$T/CN=ec-p256-self.client.example" self ext_selfsigned_leaf
MD=sha384 cert inspect/ec-p384-self.pem "$K-P-384.pem" "$T/CN=ec-p384-self.client.example" self ext_selfsigned_leaf
MD=sha1 cert inspect/sig-sha1.pem "$K-rsa.pem"  "$T/CN=sig-sha1.client.example"  ca/root ext_client_rsa
MD=md5 cert inspect/sig-md5.pem   "$K-rsa.pem"  "$T/CN=sig-md5.client.example"   ca/root ext_client_rsa
MD=sha384 cert inspect/sig-sha384.pem "$K-rsa.pem" "$T/CN=sig-sha384.client.example" ca/root ext_client_rsa
MD=sha1 cert inspect/sig-ecdsa-sha1.pem "$K-rsa.pem" "$T/CN=sig-ecdsa-sha1.client.example" ca/int ext_client_rsa

# Names
cert inspect/name-utf8.pem "$K-rsa.pem" "/C=CH/O=株式会社/L=Zürich/CN=Zürich Straße" ca/root ext_client_rsa
cert inspect/name-escapes.pem "$K-rsa.pem" \
  '/C=CH/O=#hash first/OU= space first/OU=space last /OU= both /CN=a,b\+c"d\\e<f>g;h=i' ca/root ext_client_rsa
cert inspect/name-multivalued.pem "$K-rsa.pem" \
  "/C=CH/O=originpull tests+OU=Clients+OU=Ops/CN=multi.client.example+UID=u1001+emailAddress=multi@example.com" ca/root ext_client_rsa
cert inspect/name-attributes.pem "$K-rsa.pem" \
  "/DC=com/DC=example/C=CH/ST=Zürich/L=Zürich/street=Bahnhofstrasse 1/postalCode=8001/O=originpull tests/OU=Ops/title=Operator/serialNumber=S-42/UID=u1001/emailAddress=ops@example.com/CN=attributes.client.example" \
  ca/root ext_client_rsa
cert inspect/name-email-only.pem "$K-rsa.pem" "/emailAddress=only@example.com" ca/root ext_client_rsa

# Serials
SERIAL=80112233445566778899aabbccddeeff00112233 cert inspect/serial-20-bytes-high-bit.pem "$K-rsa.pem" "$T/CN=serial-20.client.example" ca/root ext_client_rsa
# Longer than RFC 5280's 20 octets, but seen in the wild and read by OpenSSL and cryptography.
SERIAL=0102030405060708090a0b0c0d0e0f101112131415161718 cert inspect/serial-24-bytes.pem "$K-rsa.pem" "$T/CN=serial-24.client.example" ca/root ext_client_rsa
SERIAL=00 cert inspect/serial-0.pem   "$K-rsa.pem" "$T/CN=serial-0.client.example"   ca/root ext_client_rsa
SERIAL=01 cert inspect/serial-1.pem   "$K-rsa.pem" "$T/CN=serial-1.client.example"   ca/root ext_client_rsa
SERIAL=7f cert inspect/serial-127.pem "$K-rsa.pem" "$T/CN=serial-127.client.example" ca/root ext_client_rsa
SERIAL=80 cert inspect/serial-128.pem "$K-rsa.pem" "$T/CN=serial-128.client.example" ca/root ext_client_rsa
SERIAL=0100 cert inspect/serial-256.pem "$K-rsa.pem" "$T/CN=serial-256.client.example" ca/root ext_client_rsa
SERIAL=0a0b0c0d0e0f cert inspect/serial-leading-nibble-zero.pem "$K-rsa.pem" "$T/CN=serial-nibble.client.example" ca/root ext_client_rsa

# Extensions
cert inspect/san-all.pem               "$K-rsa.pem" "$T/CN=san-all.client.example" ca/root ext_san_all
cert inspect/eku-server-client.pem     "$K-rsa.pem" "$T/CN=eku-sc.client.example"  ca/root ext_eku_server_client
cert inspect/eku-client-server.pem     "$K-rsa.pem" "$T/CN=eku-cs.client.example"  ca/root ext_eku_client_server
cert inspect/eku-server-only.pem       "$K-rsa.pem" "$T/CN=eku-s.client.example"   ca/root ext_eku_server
cert inspect/eku-code-signing.pem      "$K-rsa.pem" "$T/CN=eku-code.client.example" ca/root ext_eku_code
cert inspect/eku-any.pem               "$K-rsa.pem" "$T/CN=eku-any.client.example" ca/root ext_eku_any
cert inspect/eku-many.pem              "$K-rsa.pem" "$T/CN=eku-many.client.example" ca/root ext_eku_many
cert inspect/ku-digital-signature.pem  "$K-rsa.pem" "$T/CN=ku-ds.client.example"   ca/root ext_ku_ds
cert inspect/ku-key-encipherment.pem   "$K-rsa.pem" "$T/CN=ku-ke.client.example"   ca/root ext_ku_ke
cert inspect/ku-non-repudiation.pem    "$K-rsa.pem" "$T/CN=ku-nr.client.example"   ca/root ext_ku_nr
cert inspect/ku-all.pem                "$K-rsa.pem" "$T/CN=ku-all.client.example"  ca/root ext_ku_all
cert inspect/ku-agreement-decipher.pem "$K-rsa.pem" "$T/CN=ku-ad.client.example"   ca/root ext_ku_agree_decipher
cert inspect/ca-pathlen-1000.pem       "$K-rsa.pem" "$T/CN=Pathlen 1000 CA"        ca/root ext_ca_pathlen_large
cert inspect/aki-issuer-only.pem       "$K-rsa.pem" "$T/CN=aki-issuer.client.example" ca/root ext_aki_issuer_only
cert inspect/san-ipv6-forms.pem        "$K-rsa.pem" "$T/CN=san-ipv6.client.example" ca/root ext_san_mapped
cert inspect/ca-pathlen-3.pem          "$K-rsa.pem" "$T/CN=Pathlen 3 CA"           ca/root ext_ca_pathlen3
cert inspect/no-key-ids.pem            "$K-rsa.pem" "$T/CN=no-ids.client.example"  ca/root ext_no_ids
cert inspect/no-eku.pem                "$K-rsa.pem" "$T/CN=no-eku.client.example"  ca/int ext_no_eku
cert inspect/self-signed-leaf.pem      "$K-rsa.pem" "$T/CN=self.client.example"    self ext_selfsigned_leaf
# Subject == issuer, but signed by another key (root's): not self-signed.
cert inspect/same-name-not-self-signed.pem "$K-rsa.pem" "$T/CN=originpull Test Root CA" ca/root ext_ca_pathlen3
cert inspect/self-signed-v1.pem        "$K-rsa.pem" "$T/CN=v1.client.example"      self
cert inspect/leaf-is-ca.pem            "$K-rsa.pem" "$T/CN=leaf-ca.client.example" ca/int ext_leaf_is_ca
# v1 issued by another CA (subject != issuer), and UTCTime in the 1900s (YY >= 50).
START=19991231235959Z END=20491231235959Z cert inspect/v1-issued.pem "$K-rsa.pem" "$T/CN=v1-issued.client.example" ca/root

# Dates: GeneralizedTime from 2050 on (RFC 5280 4.1.2.5)
START=20260101000000Z END=20500101000000Z cert inspect/date-not-after-2050.pem "$K-rsa.pem" "$T/CN=date-2050.client.example" ca/root ext_client_rsa
START=20500101000000Z END=20991231235959Z cert inspect/date-generalized-both.pem "$K-rsa.pem" "$T/CN=date-2099.client.example" ca/root ext_client_rsa
START=20280229123456Z END=20320229235959Z cert inspect/date-leap-day.pem "$K-rsa.pem" "$T/CN=date-leap.client.example" ca/root ext_client_rsa

# Self-signed, but the last byte of the signature flipped: not self-signed (the signature fails).
openssl x509 -in inspect/self-signed-leaf.pem -outform DER -out "$W/ss.der"
python3 -c 'import sys; d = bytearray(open(sys.argv[1], "rb").read()); d[-1] ^= 1; open(sys.argv[1], "wb").write(d)' "$W/ss.der"
openssl x509 -inform DER -in "$W/ss.der" -out inspect/self-signed-bad-signature.pem

# DER form of one vector (inspect/*.der are single DER certificates)
openssl x509 -in inspect/ec-p256.pem -outform DER -out inspect/ec-p256.der

# --- input forms (forms/): one certificate (or bundle) packaged in different ways ----------
L=inspect/rsa-2048.pem
awk '{ printf "%s\r\n", $0 }' "$L" > forms/crlf.pem
awk 'NR==1 { print $0 "   "; next } { print $0 " \t" }' "$L" > forms/trailing-whitespace.pem
openssl x509 -in "$L" -text > forms/x509-text.txt
{ echo "-----BEGIN CERTIFICATE-----"; grep -v -- '-----' "$L" | tr -d '\n'; echo; echo "-----END CERTIFICATE-----"; } > forms/one-line.pem
{ printf '"'; awk '{ printf "%s\\n", $0 }' "$L"; printf '"\n'; } > forms/json-escaped.txt
{ printf '{"certificate":"'; awk '{ printf "%s\\r\\n", $0 }' "$L"; printf '"}\n'; } > forms/json-escaped-crlf.txt
{ printf '"'; awk '{ gsub("/", "\\/"); printf "%s\\n", $0 }' "$L"; printf '"\n'; } > forms/json-escaped-slashes.txt
grep -v -- '-----' "$L" > forms/bare-base64.txt
{ echo "subject=leaf"; cat "$L"; echo; echo "# the intermediate"; cat ca/int.pem; echo "and the root:"; echo; cat ca/root.pem; echo "-- end of bundle --"; } > forms/bundle-3.pem
{ openssl ecparam -name prime256v1; cat inspect/ec-p256.pem; cat "$W/int.csr"; } > forms/bundle-ignored-blocks.pem
cat "$L" "$K-rsa2048.pem" > forms/cert-then-key.pem
cat "$K-P-256.pem" inspect/ec-p256.pem ca/int.pem > forms/key-then-chain.pem
{ cat "$L"; cat "$L"; } > forms/duplicate.pem
# What `openssl pkcs12 -nodes` prints: Bag Attributes, subject=/issuer= lines, certificates, key
openssl pkcs12 -export -in "$L" -certfile ca/int.pem -inkey "$K-rsa2048.pem" -name "client cert" -passout pass:x -out "$W/p.p12"
openssl pkcs12 -in "$W/p.p12" -passin pass:x -nodes -out forms/pkcs12-export.pem 2>>"$W/log"
openssl x509 -in "$L" -outform DER -out forms/leaf.der
cp inspect/rsa-2048.pem forms/plain.pem
sed 's/BEGIN CERTIFICATE/BEGIN X509 CERTIFICATE/; s/END CERTIFICATE/END X509 CERTIFICATE/' "$L" > forms/x509-certificate-label.pem
printf '\357\273\277' | cat - "$L" > forms/utf8-bom.pem
tr '\n' '\r' < "$L" > forms/cr-only.pem
{ echo "tls:"; echo "  certificate: |"; sed 's/^/    /' "$L"; echo "  other: value"; } > forms/indented-yaml.txt
{ head -c -1 "$L"; cat ca/int.pem; } > forms/no-newline-between.pem
openssl x509 -in "$L" -outform DER | openssl base64 -e | tr -d '\n' | fold -w 76 > "$W/b76"
{ echo "-----BEGIN CERTIFICATE-----"; cat "$W/b76"; echo; echo "-----END CERTIFICATE-----"; } > forms/wrapped-76.pem
# Bad inputs
sed 's/END CERTIFICATE/END X509 CERTIFICATE/' "$L" > forms/error-end-label-mismatch.pem
{ openssl x509 -in "$L" -outform DER; printf '\000\000'; } > forms/error-der-trailing-bytes.der
head -n 5 "$L" > forms/error-missing-end.pem
awk 'NR==3 { $0 = "MII*not base64!" } { print }' "$L" > forms/error-bad-base64.pem
{ echo "-----BEGIN CERTIFICATE-----"; printf 'this is not a certificate at all, just text' | openssl base64; echo "-----END CERTIFICATE-----"; } > forms/error-garbage-in-certificate.pem
{ echo "-----BEGIN CERTIFICATE-----"; printf '\060\003\002\001\001' | openssl base64; echo "-----END CERTIFICATE-----"; } > forms/error-der-not-certificate.pem
: > forms/error-empty.pem
printf ' \n\t\r\n\n' > forms/error-whitespace-only.pem
cp "$W/int.csr" forms/error-only-csr.pem
printf 'hello, this is not PEM\n' > forms/error-plain-text.txt
openssl x509 -in "$L" -outform DER | head -c 300 > forms/error-truncated.der

# --- validation vectors (validate/): <name>.cert.pem [+ .key.pem, .ca.pem] -------------------
V=validate
leaf() { # leaf NAME KEYTYPE ISSUER EXT  (cert and key; chain appended by the caller)
  key "$V/$1.key.pem" "$2"
  cert "$V/$1.leaf.tmp" "$V/$1.key.pem" "$T/CN=$1.client.example" "$3" "$4"
}
chain() { # chain NAME FILES... : NAME.cert.pem = the files concatenated
  n=$1; shift; cat "$@" > "$V/$n.cert.pem"
}

leaf ok-rsa-2048 rsa2048 ca/int ext_client_rsa;  chain ok-rsa-2048 "$V/ok-rsa-2048.leaf.tmp" ca/int.pem
leaf ok-p256 P-256 ca/int ext_client;            chain ok-p256 "$V/ok-p256.leaf.tmp" ca/int.pem
leaf ok-no-eku P-256 ca/int ext_no_eku;          chain ok-no-eku "$V/ok-no-eku.leaf.tmp" ca/int.pem
leaf ok-chain-to-ca P-384 ca/int ext_client;     chain ok-chain-to-ca "$V/ok-chain-to-ca.leaf.tmp" ca/int.pem
cp ca/root.pem "$V/ok-chain-to-ca.ca.pem"
leaf ok-leaf-only-no-ca rsa2048 ca/int ext_client_rsa; chain ok-leaf-only-no-ca "$V/ok-leaf-only-no-ca.leaf.tmp"
leaf ok-encrypted-key-right-passphrase P-256 ca/int ext_client
chain ok-encrypted-key-right-passphrase "$V/ok-encrypted-key-right-passphrase.leaf.tmp" ca/int.pem
openssl pkcs8 -topk8 -v2 aes-256-cbc -in "$V/ok-encrypted-key-right-passphrase.key.pem" -passout pass:correct-horse -out "$W/enc.pem"
mv "$W/enc.pem" "$V/ok-encrypted-key-right-passphrase.key.pem"

# NO_CERTIFICATE: the "certificate" is a CSR
key "$V/no-certificate.key.pem" rsa2048
openssl req -new -key "$V/no-certificate.key.pem" -subj "$T/CN=no-certificate.client.example" -out "$V/no-certificate.cert.pem"
# NO_PRIVATE_KEY
leaf no-private-key P-256 ca/int ext_client; chain no-private-key "$V/no-private-key.leaf.tmp" ca/int.pem
rm "$V/no-private-key.key.pem"
# MULTIPLE_PRIVATE_KEYS: the right key and another one in the key file
leaf multiple-private-keys P-256 ca/int ext_client; chain multiple-private-keys "$V/multiple-private-keys.leaf.tmp" ca/int.pem
key "$W/extra.pem" P-256; cat "$W/extra.pem" >> "$V/multiple-private-keys.key.pem"
# Dates relative to now = 2026-06-01T00:00:00Z
key "$V/cert-expired.key.pem" P-256
START=20250101000000Z END=20260101000000Z cert "$V/cert-expired.leaf.tmp" "$V/cert-expired.key.pem" "$T/CN=cert-expired.client.example" ca/int ext_client
chain cert-expired "$V/cert-expired.leaf.tmp" ca/int.pem
key "$V/cert-expired-one-second.key.pem" P-256
START=20250601000000Z END=20260531235959Z cert "$V/cert-expired-one-second.leaf.tmp" "$V/cert-expired-one-second.key.pem" "$T/CN=cert-expired-one-second.client.example" ca/int ext_client
chain cert-expired-one-second "$V/cert-expired-one-second.leaf.tmp" ca/int.pem
key "$V/cert-not-yet-valid.key.pem" P-256
START=20260701000000Z END=20270701000000Z cert "$V/cert-not-yet-valid.leaf.tmp" "$V/cert-not-yet-valid.key.pem" "$T/CN=cert-not-yet-valid.client.example" ca/int ext_client
chain cert-not-yet-valid "$V/cert-not-yet-valid.leaf.tmp" ca/int.pem
key "$V/cert-expires-soon.key.pem" P-256
START=20260101000000Z END=20260615000000Z cert "$V/cert-expires-soon.leaf.tmp" "$V/cert-expires-soon.key.pem" "$T/CN=cert-expires-soon.client.example" ca/int ext_client
chain cert-expires-soon "$V/cert-expires-soon.leaf.tmp" ca/int.pem
key "$V/ok-expires-in-31-days.key.pem" P-256
START=20260101000000Z END=20260702000000Z cert "$V/ok-expires-in-31-days.leaf.tmp" "$V/ok-expires-in-31-days.key.pem" "$T/CN=ok-expires-in-31-days.client.example" ca/int ext_client
chain ok-expires-in-31-days "$V/ok-expires-in-31-days.leaf.tmp" ca/int.pem
# LEAF_IS_CA
leaf leaf-is-ca P-256 ca/int ext_leaf_is_ca; chain leaf-is-ca "$V/leaf-is-ca.leaf.tmp" ca/int.pem
# KEY_MISMATCH: a fresh key of the same type
leaf key-mismatch P-256 ca/int ext_client; chain key-mismatch "$V/key-mismatch.leaf.tmp" ca/int.pem
key "$V/key-mismatch.key.pem" P-256
# KEY_ENCRYPTED / KEY_PASSPHRASE_WRONG (PKCS#8 PBES2 and legacy OpenSSL PEM)
leaf key-encrypted rsa2048 ca/int ext_client_rsa; chain key-encrypted "$V/key-encrypted.leaf.tmp" ca/int.pem
openssl pkcs8 -topk8 -v2 aes-256-cbc -in "$V/key-encrypted.key.pem" -passout pass:correct-horse -out "$W/enc.pem"
mv "$W/enc.pem" "$V/key-encrypted.key.pem"
leaf key-passphrase-wrong rsa2048 ca/int ext_client_rsa; chain key-passphrase-wrong "$V/key-passphrase-wrong.leaf.tmp" ca/int.pem
openssl pkcs8 -topk8 -v2 aes-256-cbc -in "$V/key-passphrase-wrong.key.pem" -passout pass:correct-horse -out "$W/enc.pem"
mv "$W/enc.pem" "$V/key-passphrase-wrong.key.pem"
leaf key-passphrase-wrong-legacy rsa2048 ca/int ext_client_rsa; chain key-passphrase-wrong-legacy "$V/key-passphrase-wrong-legacy.leaf.tmp" ca/int.pem
openssl rsa -traditional -aes128 -in "$V/key-passphrase-wrong-legacy.key.pem" -passout pass:correct-horse -out "$W/enc.pem" 2>>"$W/log"
mv "$W/enc.pem" "$V/key-passphrase-wrong-legacy.key.pem"
# WEAK_SIGNATURE_ALGORITHM: SHA-1 leaf; MD5 intermediate
key "$V/weak-signature-sha1-leaf.key.pem" rsa2048
MD=sha1 cert "$V/weak-signature-sha1-leaf.leaf.tmp" "$V/weak-signature-sha1-leaf.key.pem" "$T/CN=weak-signature-sha1-leaf.client.example" ca/int ext_client_rsa
chain weak-signature-sha1-leaf "$V/weak-signature-sha1-leaf.leaf.tmp" ca/int.pem
leaf weak-signature-md5-intermediate rsa2048 ca/md5-int ext_client_rsa
chain weak-signature-md5-intermediate "$V/weak-signature-md5-intermediate.leaf.tmp" ca/md5-int.pem
# WEAK_KEY
leaf weak-key-rsa-1024 rsa1024 ca/int ext_client_rsa; chain weak-key-rsa-1024 "$V/weak-key-rsa-1024.leaf.tmp" ca/int.pem
# UNSUPPORTED_KEY_TYPE
leaf unsupported-key-ed25519 ed25519 ca/int ext_client; chain unsupported-key-ed25519 "$V/unsupported-key-ed25519.leaf.tmp" ca/int.pem
leaf unsupported-key-secp256k1 secp256k1 ca/int ext_client; chain unsupported-key-secp256k1 "$V/unsupported-key-secp256k1.leaf.tmp" ca/int.pem
# MISSING_CLIENT_AUTH_EKU / KEY_USAGE_NO_DIGITAL_SIGNATURE
leaf missing-client-auth-eku rsa2048 ca/int ext_eku_server; chain missing-client-auth-eku "$V/missing-client-auth-eku.leaf.tmp" ca/int.pem
leaf key-usage-no-digital-signature rsa2048 ca/int ext_ku_ke; chain key-usage-no-digital-signature "$V/key-usage-no-digital-signature.leaf.tmp" ca/int.pem
# Chains
leaf chain-order P-256 ca/int ext_client;        chain chain-order ca/int.pem "$V/chain-order.leaf.tmp"
leaf chain-broken P-256 ca/int ext_client;       chain chain-broken "$V/chain-broken.leaf.tmp" ca/other-int.pem
leaf chain-includes-root P-256 ca/int ext_client; chain chain-includes-root "$V/chain-includes-root.leaf.tmp" ca/int.pem ca/root.pem
leaf ca-verify-failed-missing-intermediate P-256 ca/int ext_client
chain ca-verify-failed-missing-intermediate "$V/ca-verify-failed-missing-intermediate.leaf.tmp"
cp ca/root.pem "$V/ca-verify-failed-missing-intermediate.ca.pem"
leaf ca-verify-failed-other-root P-256 ca/int ext_client
chain ca-verify-failed-other-root "$V/ca-verify-failed-other-root.leaf.tmp" ca/int.pem
cp ca/other-root.pem "$V/ca-verify-failed-other-root.ca.pem"
# Signature algorithms and encodings (issue 11). An ECDSA signature re-encoded with a
# long-form SEQUENCE length (same r and s; OpenSSL refuses it): chain/variants.py.
leaf ca-verify-failed-ecdsa-der P-256 ca/int ext_client
python3 chain/variants.py reencode "$V/ca-verify-failed-ecdsa-der.leaf.tmp" "$V/ca-verify-failed-ecdsa-der.leaf.tmp" long-seq
chain ca-verify-failed-ecdsa-der "$V/ca-verify-failed-ecdsa-der.leaf.tmp" ca/int.pem
cp ca/root.pem "$V/ca-verify-failed-ecdsa-der.ca.pem"
# A forged leaf naming the trusted ca/int (its name and key identifier) as issuer, claiming
# ecdsa-with-SHA3-256, with a random signature: issued by a throw-away key posing as ca/int,
# then the signature replaced (chain/variants.py random-sig).
ski=$(openssl x509 -in ca/int.pem -noout -ext subjectKeyIdentifier | tail -n 1 | tr -d ' ')
printf 'basicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = %s\n' "$ski" > "$W/forger.ext"
key "$W/forger.key.pem" P-256
openssl req -new -key "$W/forger.key.pem" -subj "/CN=placeholder" -out "$W/forger.csr" 2>>"$W/log"
: > "$W/index.txt"; openssl rand -hex 16 > "$W/serial"
openssl ca -batch -config "$W/ca.cnf" -notext -utf8 -preserveDN -md sha256 -startdate 20250101000000Z \
  -enddate 20300101000000Z -subj "$T/OU=Clients/CN=originpull Test Intermediate CA" -selfsign \
  -keyfile "$W/forger.key.pem" -extfile "$W/forger.ext" -in "$W/forger.csr" -out "$W/forger.pem" >>"$W/log" 2>&1
MD=sha3-256 leaf ca-verify-failed-forged-sha3 P-256 "$W/forger" ext_client
python3 chain/variants.py random-sig "$V/ca-verify-failed-forged-sha3.leaf.tmp" "$V/ca-verify-failed-forged-sha3.cert.pem"
cat ca/int.pem ca/root.pem > "$V/ca-verify-failed-forged-sha3.ca.pem"
# Genuine SHA-3 signatures: ECDSA with SHA3-256 by ca/int, RSA PKCS#1 v1.5 with SHA3-256 by ca/root.
MD=sha3-256 leaf ok-ecdsa-sha3 P-256 ca/int ext_client; chain ok-ecdsa-sha3 "$V/ok-ecdsa-sha3.leaf.tmp" ca/int.pem
cp ca/root.pem "$V/ok-ecdsa-sha3.ca.pem"
MD=sha3-256 leaf ok-rsa-sha3 rsa2048 ca/root ext_client_rsa; chain ok-rsa-sha3 "$V/ok-rsa-sha3.leaf.tmp"
cp ca/root.pem "$V/ok-rsa-sha3.ca.pem"
# An Ed448 root issuing a P-256 leaf: originpull cannot check Ed448 signatures. Given as the
# origin's CA the path rests on that link (not ok); sent along without caCertificates, a warning.
key "$W/ed448-root.key.pem" ed448
START=20250101000000Z END=20350101000000Z cert "$W/ed448-root.pem" "$W/ed448-root.key.pem" "$T/CN=originpull Test Ed448 Root CA" self ext_root
leaf ca-verify-failed-ed448-ca P-256 "$W/ed448-root" ext_client
chain ca-verify-failed-ed448-ca "$V/ca-verify-failed-ed448-ca.leaf.tmp"
cp "$W/ed448-root.pem" "$V/ca-verify-failed-ed448-ca.ca.pem"
leaf ok-ed448-ca-not-checked P-256 "$W/ed448-root" ext_client
chain ok-ed448-ca-not-checked "$V/ok-ed448-ca-not-checked.leaf.tmp" "$W/ed448-root.pem"
rm -f "$V"/*.leaf.tmp

# Vectors OpenSSL cannot make (string types in names): make.py, with Python cryptography.
python3 make.py

rm -rf "$W"
echo "made: $(ls ca inspect forms validate | grep -c .) files; now run: python3 expected.py"
