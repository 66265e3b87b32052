#!/bin/sh
# Runs `openssl verify` on every case of cases.txt that has trusted CAs and writes
# openssl-verify.txt ("name: OK" or "name: error N ..."). Fixed time 2026-01-01T00:00:00Z
# (-attime 1767225600) and -auth_level 2, the security level OpenSSL 3.0 TLS servers use by
# default (so MD5/SHA-1 fail as "CA signature digest algorithm too weak", error 68).
# Usage: sh tests/data/chain/verify.sh
set -eu
D=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
out="$D/openssl-verify.txt"
: > "$out"
grep -v '^#' "$D/cases.txt" | while IFS='|' read -r name input trusted payload codes; do
  name=$(echo $name); trusted=$(echo $trusted)
  [ "$trusted" = "-" ] && continue
  set -- $payload; leaf=$1
  : > "$T/ca.pem"; : > "$T/untrusted.pem"
  for f in $trusted; do cat "$D/$f.pem" >> "$T/ca.pem"; done
  for f in $input; do [ "$f" = "$leaf" ] || cat "$D/$f.pem" >> "$T/untrusted.pem"; done
  u=""; [ -s "$T/untrusted.pem" ] && u="-untrusted $T/untrusted.pem"
  res=$(openssl verify -attime 1767225600 -auth_level 2 -CAfile "$T/ca.pem" $u "$D/$leaf.pem" 2>&1 || true)
  case "$res" in
    *": OK") line="OK" ;;
    *) line=$(echo "$res" | grep -m1 -o 'error [0-9]* at [0-9]* depth lookup: .*' || echo "FAILED $res") ;;
  esac
  echo "$name: $line" >> "$out"
done
cat "$out"
