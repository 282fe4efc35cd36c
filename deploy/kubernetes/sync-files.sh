#!/usr/bin/env bash
# Puts the native network's node configuration templates (fabric-samples-config/core.yaml,
# orderer.yaml, msp-config.yaml) and its external chaincode builder (network/ccaas-builder/bin)
# into the chart's files/, where Helm can read them: the cluster runs exactly the native settings
# and builder, from one copy in the repository. Run it before `helm lint`, `helm template`,
# `helm package` or `helm install` (check.sh does); the copies are not committed (.gitignore).
set -euo pipefail
K8S_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT_DIR=$(cd "$K8S_DIR/../.." && pwd)
FILES="$K8S_DIR/loulan/files"
mkdir -p "$FILES/ccaas-builder"
for file in core.yaml orderer.yaml msp-config.yaml; do
  cp "$ROOT_DIR/fabric-samples-config/$file" "$FILES/$file"
done
for script in detect build release; do
  cp "$ROOT_DIR/network/ccaas-builder/bin/$script" "$FILES/ccaas-builder/$script"
done
