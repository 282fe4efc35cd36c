#!/usr/bin/env bash
# make bench-caliper: the bench's baseline and purchase workloads with Hyperledger Caliper 0.6
# (fabric-gateway binding) against the running network. Caliper is installed on first use under
# .loulan/caliper-cli (not a project dependency: only this target needs it), bound once, and run
# with the configuration bench/caliper/setup.ts writes from the network's crypto.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STATE_DIR=${LOULAN_STATE_DIR:-$ROOT/.loulan}
CLI_DIR=$STATE_DIR/caliper-cli
WORK_DIR=${BENCH_CALIPER_DIR:-$STATE_DIR/caliper}
CALIPER_VERSION=0.6.0

if [ ! -x "$CLI_DIR/node_modules/.bin/caliper" ]; then
  echo "==> installing Hyperledger Caliper $CALIPER_VERSION in $CLI_DIR"
  mkdir -p "$CLI_DIR"
  npm install --prefix "$CLI_DIR" --no-audit --no-fund "@hyperledger/caliper-cli@$CALIPER_VERSION"
fi
if [ ! -f "$CLI_DIR/.bound-fabric-gateway" ]; then
  echo "==> binding Caliper to Fabric (fabric-gateway)"
  (cd "$CLI_DIR" && npx caliper bind --caliper-bind-sut fabric:fabric-gateway)
  touch "$CLI_DIR/.bound-fabric-gateway"
fi

echo "==> enrolling Caliper's merchant and writing the configuration to $WORK_DIR"
BENCH_CALIPER_DIR=$WORK_DIR node "$STATE_DIR/bench/bench/caliper/setup.js"

echo "==> running the benchmark"
cd "$WORK_DIR"
"$CLI_DIR/node_modules/.bin/caliper" launch manager \
  --caliper-workspace "$WORK_DIR" \
  --caliper-networkconfig network.json \
  --caliper-benchconfig benchmark.json \
  --caliper-flow-only-test \
  --caliper-report-path "$WORK_DIR/report.html"
echo "report: $WORK_DIR/report.html"
