#!/usr/bin/env bash
# Offline validation of the Kubernetes deployment (make test-deploy; docs/deploy.md):
#   - the chart gets the native node configuration templates and chaincode builder
#     (sync-files.sh), and its image tags are those of deploy/versions.env;
#   - the validator's own tests (go test), then `helm lint --strict` and `helm template` of every
#     example values file, validated with the Secrets secrets.sh writes from a throwaway
#     enrolment, for BFT and Raft;
#   - broken inputs are refused, each for the reason expected (the checks can fail).
# No cluster and nothing but the Go module proxy is needed. The first run builds Helm and the
# validator (minutes); later runs take seconds.
set -euo pipefail
K8S_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT_DIR=$(cd "$K8S_DIR/../.." && pwd)
CHART="$K8S_DIR/loulan"
# shellcheck source=../versions.env
source "$ROOT_DIR/deploy/versions.env"

step() { printf '\033[1;34m==>\033[0m [%3ss] %s\n' "$SECONDS" "$*"; }
die() { printf '\033[1;31merror\033[0m %s\n' "$*" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step "chart files from fabric-samples-config/ and network/ccaas-builder; image tags against deploy/versions.env"
"$K8S_DIR/sync-files.sh"
tag_of() { # component -> its image tag in values.yaml
  sed -n "/^  $1:\$/,/^  [a-z]*:\$/s/^    tag: \"\(.*\)\"\$/\1/p" "$CHART/values.yaml" | head -n 1
}
for pair in "peer:$FABRIC_IMAGE_TAG" "orderer:$FABRIC_IMAGE_TAG" "ca:$FABRIC_CA_IMAGE_TAG"; do
  [ "$(tag_of "${pair%%:*}")" = "${pair#*:}" ] ||
    die "values.yaml images.${pair%%:*}.tag is '$(tag_of "${pair%%:*}")', deploy/versions.env pins '${pair#*:}'"
done

step "Helm $HELM_VERSION"
helm=$("$K8S_DIR/install-helm.sh")

step "validator: go test, go build"
(cd "$K8S_DIR/validate" && go test -count=1 ./... && go build -o "$work/validate" .) ||
  die "the validator's tests or build failed"
validate() { "$work/validate" "$@"; }

# A throwaway enrolment laid out as network/ca.sh leaves it (self-signed stand-ins for the
# org CA's certificates), so that secrets.sh runs exactly as an operator runs it.
fake_identity() { # dir [tls]
  local dir=$1
  mkdir -p "$dir/msp/signcerts" "$dir/msp/keystore" "$dir/msp/cacerts"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "/CN=$(basename "$dir")" \
    -keyout "$dir/msp/keystore/key.pem" -out "$dir/msp/signcerts/cert.pem" 2>/dev/null
  cp "$work/ca.pem" "$dir/msp/cacerts/ca.pem"
  if [ "${2:-}" = tls ]; then
    mkdir -p "$dir/tls"
    cp "$dir/msp/signcerts/cert.pem" "$dir/tls/server.crt"
    cp "$dir/msp/keystore/key.pem" "$dir/tls/server.key"
    cp "$work/ca.pem" "$dir/tls/ca.crt"
  fi
}
command -v openssl >/dev/null || die "openssl is missing (it makes the throwaway certificates): apt-get install openssl"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=ca \
  -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null

render() { # name values-file extra-helm-args... -> output file path
  local name=$1 values=$2 out="$work/$1.yaml"
  shift 2
  # explicit: set -e does not apply inside the `if` of refused() below
  "$helm" template "loulan-$name" "$CHART" --namespace "loulan-$name" -f "$values" "$@" >"$out" || return 1
  echo "$out"
}

checked=0
for values in "$K8S_DIR"/examples/values-*.yaml; do
  org=$(basename "$values" .yaml)
  org=${org#values-}
  step "$org: helm lint, helm template (bft and raft), validation"
  "$helm" lint --strict "$CHART" -f "$values" --namespace "loulan-$org" >"$work/lint.log" 2>&1 ||
    die "helm lint $values failed:
$(cat "$work/lint.log")"
  crypto="$work/crypto"
  fake_identity "$crypto/$org/peers/peer0" tls
  fake_identity "$crypto/$org/chaincode" tls
  fake_identity "$crypto/$org/users/gateway"
  fake_identity "$crypto/$org/users/admin"
  # the ordering nodes' names in the example (DNS labels: no spaces to split on)
  for orderer in $(sed -n 's/^    - name: \(.*\)$/\1/p' "$values"); do
    fake_identity "$crypto/$org/orderers/$orderer" tls
  done
  mkdir -p "$work/keys-$org"
  "$K8S_DIR/secrets.sh" keys "$org" "$work/keys-$org" >"$work/secrets-$org.yaml"
  "$K8S_DIR/secrets.sh" identities "$org" "$crypto" >>"$work/secrets-$org.yaml"
  validate "$(render "$org" "$values")" "$work/secrets-$org.yaml"
  validate "$(render "$org-raft" "$values" --set orderers.consensus=raft)" "$work/secrets-$org.yaml"
  grep -q 'Type: etcdraft' "$work/$org-raft.yaml" || die "consensus raft did not render Type: etcdraft"
  checked=$((checked + 1))
done
[ "$checked" -eq 3 ] || die "expected the example values of platform, retail and bank, found $checked"

# Each broken input must be refused, with the expected message: a check that cannot fail
# proves nothing.
refused() { # description expected-message command...
  local what=$1 expected=$2
  shift 2
  if "$@" >"$work/negative.log" 2>&1; then
    die "$what was accepted; it must be refused"
  fi
  grep -qF -- "$expected" "$work/negative.log" ||
    die "$what was refused, but not for the expected reason ('$expected'):
$(cat "$work/negative.log")"
}
step "broken inputs are refused"
platform="$K8S_DIR/examples/values-platform.yaml"
refused "the platform's manifests without its Secrets" 'Secret "loulan-platform-peer0" is not in the manifests' \
  validate "$work/platform.yaml"
refused "an unparsable resource quantity" 'quantities must match' \
  validate "$(render quantity "$platform" -f "$K8S_DIR/fixtures/broken-quantity.yaml")" "$work/secrets-platform.yaml"
refused "a misspelt NetworkPolicy field" 'unknown field "podSelectr"' \
  validate "$(render policy "$platform" -f "$K8S_DIR/fixtures/broken-network-policy.yaml")" "$work/secrets-platform.yaml"
refused "an unknown consensus type" 'orderers.consensus must be bft or raft' \
  render consensus "$platform" -f "$K8S_DIR/fixtures/broken-consensus.yaml"
refused "a release without a chaincode package id" 'chaincode.packageId is required' \
  render nopackage "$platform" --set chaincode.packageId=
step "Kubernetes deployment: $checked example releases valid (BFT and Raft), 5 broken inputs refused"
