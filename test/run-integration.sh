#!/usr/bin/env bash
# Integration tests on throwaway networks: a BFT network for the full suite, then a
# Raft network for the smoke tests. Each runs in its own state directory and is
# removed afterwards; the ports are those of fabric-samples-config/topology.env, so a
# development network started with `make up` must be stopped first (make down).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "${LOULAN_TEST_RESULTS:-$ROOT/.loulan/test-results}"
NET="$ROOT/network/net.sh"
# The fuzzer and the load tests send far more than a retailer's client: the per-member rate
# limit of the test gateways is raised so that they exercise the API rather than the limiter
# (the limiter itself is tested with a gateway of its own in security/gateway-hardening).
export LOULAN_RATE_LIMIT_MAX=${LOULAN_RATE_LIMIT_MAX:-1000000}
JEST=("$ROOT/node_modules/.bin/jest" --runInBand --config "$ROOT/test/jest.config.js")

# Runs the test files on a throwaway network of its own, test-<name>. RUN_IN, when set, is the
# command prefix that runs net.sh and jest (the hosts suite: in the network admin's namespace).
RUN_IN=()
run_suite() { # name consensus test-files...
  # Global, not local: the EXIT trap below runs after this function has returned.
  SUITE_NAME=$1
  local consensus=$2
  shift 2
  export LOULAN_STATE_DIR="$ROOT/.loulan/test-$SUITE_NAME"
  "${RUN_IN[@]}" "$NET" clean >/dev/null
  trap 'status=$?; if [ $status -ne 0 ]; then echo "--- logs of the $SUITE_NAME test network ---"; "${RUN_IN[@]}" "$NET" logs || true; fi; "${RUN_IN[@]}" "$NET" clean >/dev/null || true; after_suite' EXIT
  echo "==> integration tests on a $consensus network ($SUITE_NAME)"
  CONSENSUS=$consensus "${RUN_IN[@]}" "$NET" up
  local file results
  for file in "$@"; do
    results="${LOULAN_TEST_RESULTS:-$ROOT/.loulan/test-results}/integration-$SUITE_NAME-$(basename "$file" .test.ts).json"
    (cd "$ROOT/test" && "${RUN_IN[@]}" "${JEST[@]}" --json --outputFile="$results" "$file")
  done
  "${RUN_IN[@]}" "$NET" clean >/dev/null
  trap - EXIT
  after_suite
}
after_suite() { :; }

if [ -f "$ROOT/.loulan/run/orderer1.pid" ] && kill -0 "$(cat "$ROOT/.loulan/run/orderer1.pid")" 2>/dev/null; then
  echo "error: a development network is running; run 'make down' before 'make test'" >&2
  exit 1
fi

run_suite bft bft \
  integration/network/smoke.test.ts \
  integration/network/membership.test.ts \
  integration/gateway/health.test.ts \
  integration/gateway/operations.test.ts \
  integration/points/points.test.ts \
  integration/points/hot-merchant.test.ts \
  integration/points/gateway-crash.test.ts \
  integration/points/replay.test.ts \
  integration/points/purchase-batch.test.ts \
  integration/josp/josp.test.ts \
  integration/coupons/coupons.test.ts \
  integration/shelf/shelf.test.ts \
  integration/shelf/batch-size.test.ts \
  integration/evidence/evidence.test.ts \
  integration/audit/audit.test.ts \
  integration/audit/bounded.test.ts \
  integration/readmodel/readmodel.test.ts \
  integration/readmodel/csv-exports.test.ts \
  integration/events/events.test.ts \
  integration/events/webhooks.test.ts \
  integration/explorer/explorer.test.ts \
  integration/monitoring/node-down.test.ts \
  integration/pages/pages.test.ts \
  integration/pages/pages-more.test.ts \
  integration/security/trust.test.ts \
  integration/security/shelf-trust.test.ts \
  integration/security/secrets.test.ts \
  integration/security/revocation.test.ts \
  integration/security/gateway-hardening.test.ts \
  integration/security/authorisation-matrix.test.ts \
  integration/fuzz/schemathesis.test.ts \
  integration/network/orderer-faults.test.ts \
  integration/network/quorum-loss.test.ts \
  integration/network/add-org.test.ts \
  integration/network/restart.test.ts
run_suite raft raft \
  integration/network/smoke.test.ts \
  integration/gateway/health.test.ts \
  integration/network/membership.test.ts

# Each org on a host of its own: a network namespace per org, reached by name over TLS
# (test/hosts/netns.sh). Root only; CI runs as root, elsewhere the suite is left out with a notice.
if [ "$(id -u)" = 0 ]; then
  HOSTS_DIR="$ROOT/.loulan/test-hosts-topology"
  "$ROOT/test/hosts/netns.sh" up "$HOSTS_DIR"
  after_suite() { "$ROOT/test/hosts/netns.sh" down; }
  export LOULAN_TOPOLOGY="$HOSTS_DIR/topology.env"
  RUN_IN=(ip netns exec loulan-admin)
  run_suite hosts bft integration/network/hosts.test.ts
elif [ -n "${CI:-}" ]; then
  echo "error: the hosts suite needs root (ip netns), and CI runs every suite" >&2
  exit 1
else
  echo "note: integration/network/hosts.test.ts left out: it needs root (ip netns) for the hosts of its orgs"
fi
