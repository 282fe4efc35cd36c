#!/usr/bin/env bash
# Writes the Kubernetes Secrets the loulan chart mounts, as YAML on standard output, for
# `kubectl apply -n <namespace> -f -`. Nothing is sent anywhere; no secret is an argument.
#
#   secrets.sh keys ORG KEYS_DIR
#       <prefix>-ca-bootstrap (password) and <prefix>-gateway-keys (master.key, admin-api-key,
#       metrics-token) from the files of those names in KEYS_DIR (ca-bootstrap-password,
#       master.key, admin-api-key, metrics-token); a missing file is created with a fresh random
#       value, 0600, and kept: the CA's bootstrap password is needed again to enrol.
#   secrets.sh identities ORG CRYPTO_DIR
#       one Secret per identity of ORG enrolled under CRYPTO_DIR/ORG, laid out as network/ca.sh
#       enrols them (msp/signcerts/cert.pem, msp/keystore/key.pem, msp/cacerts/ca.pem, tls/):
#       peers/<peer>, orderers/<orderer>, chaincode, users/gateway, users/admin.
#
# <prefix> is loulan-<org>, or LOULAN_SECRET_PREFIX (the chart's org.secretPrefix).
# docs/deploy.md, "Keys and certificates", gives the enrolment commands.
set -euo pipefail
umask 077

die() { printf 'secrets.sh: %s\n' "$*" >&2; exit 1; }
usage() { die "usage: secrets.sh keys ORG KEYS_DIR | secrets.sh identities ORG CRYPTO_DIR"; }

[ $# -eq 3 ] || usage
command=$1 org=$2 dir=$3
[[ $org =~ ^[a-z][a-z0-9]{0,30}$ ]] || die "ORG '$org' must be lower-case letters and digits, as the chart's org.name"
[ -d "$dir" ] || die "$dir is not a directory"
prefix=${LOULAN_SECRET_PREFIX:-loulan-$org}

# One Secret: name, then key=file pairs. Every file must exist and be non-empty.
secret() { # name key=file...
  local name=$1 pair key file
  shift
  printf -- '---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: %s\n' "$name"
  printf '  labels:\n    app.kubernetes.io/part-of: loulan\n    loulan.org/org: %s\ntype: Opaque\ndata:\n' "$org"
  for pair in "$@"; do
    key=${pair%%=*} file=${pair#*=}
    [ -s "$file" ] || die "$file is missing or empty (for $name, key $key)"
    printf '  %s: %s\n' "$key" "$(base64 -w0 <"$file")"
  done
}

# A certificate or key file must be PEM: a wrong path otherwise yields a Secret the node
# fails on only when it starts.
require_pem() { # file...
  local file
  for file in "$@"; do
    [ -s "$file" ] || die "$file is missing"
    grep -q -- '-----BEGIN ' "$file" || die "$file is not PEM"
  done
}

random_hex() { od -An -tx1 -N32 /dev/urandom | tr -d ' \n'; }
random_token() { head -c 48 /dev/urandom | base64 | tr -d '/+=\n' | head -c 48; }

keep_or_create() { # file generator
  [ -s "$1" ] || "$2" >"$1"
}

case $command in
  keys)
    # Formats the gateway checks (gateway/README.md): 64 hex digits, llk_ and 64 hex digits,
    # 32 to 256 token characters.
    keep_or_create "$dir/ca-bootstrap-password" random_token
    keep_or_create "$dir/master.key" random_hex
    [ -s "$dir/admin-api-key" ] || printf 'llk_%s' "$(random_hex)" >"$dir/admin-api-key"
    keep_or_create "$dir/metrics-token" random_token
    grep -Eqx '[0-9a-f]{64}' "$dir/master.key" || die "$dir/master.key is not 64 lower-case hex digits"
    grep -Eqx 'llk_[0-9a-f]{64}' "$dir/admin-api-key" || die "$dir/admin-api-key is not llk_ and 64 hex digits"
    secret "$prefix-ca-bootstrap" "password=$dir/ca-bootstrap-password"
    secret "$prefix-gateway-keys" "master.key=$dir/master.key" "admin-api-key=$dir/admin-api-key" \
      "metrics-token=$dir/metrics-token"
    ;;
  identities)
    root="$dir/$org"
    [ -d "$root" ] || die "no enrolment of $org under $dir (expected $root)"
    found=0
    # Fabric nodes: enrolment certificate and key, TLS certificate and key, the org CA.
    for node in "$root"/peers/* "$root"/orderers/*; do
      [ -d "$node" ] || continue
      require_pem "$node/msp/signcerts/cert.pem" "$node/msp/keystore/key.pem" "$node/msp/cacerts/ca.pem" \
        "$node/tls/server.crt" "$node/tls/server.key"
      secret "$prefix-$(basename "$node")" "cert.pem=$node/msp/signcerts/cert.pem" \
        "key.pem=$node/msp/keystore/key.pem" "ca.crt=$node/msp/cacerts/ca.pem" \
        "tls.crt=$node/tls/server.crt" "tls.key=$node/tls/server.key"
      found=$((found + 1))
    done
    # The chaincode service: a TLS server certificate only.
    if [ -d "$root/chaincode" ]; then
      require_pem "$root/chaincode/tls/server.crt" "$root/chaincode/tls/server.key" "$root/chaincode/tls/ca.crt"
      secret "$prefix-chaincode" "tls.crt=$root/chaincode/tls/server.crt" \
        "tls.key=$root/chaincode/tls/server.key" "ca.crt=$root/chaincode/tls/ca.crt"
      found=$((found + 1))
    fi
    # The gateway's service identity and the org admin (the CA registrar of members).
    for user in gateway admin; do
      msp="$root/users/$user/msp"
      [ -d "$msp" ] || continue
      require_pem "$msp/signcerts/cert.pem" "$msp/keystore/key.pem" "$msp/cacerts/ca.pem"
      secret "$prefix-$user" "cert.pem=$msp/signcerts/cert.pem" "key.pem=$msp/keystore/key.pem" \
        "ca.crt=$msp/cacerts/ca.pem"
      found=$((found + 1))
    done
    [ $found -gt 0 ] || die "no identity found under $root"
    ;;
  *) usage ;;
esac
