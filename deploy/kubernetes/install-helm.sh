#!/usr/bin/env bash
# Installs the pinned Helm (deploy/versions.env) and prints the path of its binary.
#   1. HELM=/path/to/helm      an existing binary of the pinned version (nothing is built)
#   2. a cached build           $CACHE_DIR/helm-<version>/bin/helm (nothing is built)
#   3. a Go build               through the Go module proxy, like network/install-fabric.sh
# GitHub release downloads are not reachable from our build machines, hence the Go build; it
# takes a few minutes once per machine (docs/deploy.md, "Offline validation").
set -euo pipefail
DEPLOY_DIR=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../versions.env
source "$DEPLOY_DIR/versions.env"
# The same cache as the Fabric binaries (network/lib.sh), so CI machines keep both.
CACHE_DIR="${LOULAN_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/loulan}"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror\033[0m %s\n' "$*" >&2; exit 1; }

# `helm version --template` prints v3.22.0 for a build stamped like the release's.
is_pinned() { [ -x "$1" ] && [ "$("$1" version --template '{{.Version}}' 2>/dev/null)" = "$HELM_VERSION" ]; }

if [ -n "${HELM:-}" ]; then
  is_pinned "$HELM" || die "HELM=$HELM is not Helm $HELM_VERSION"
  echo "$HELM"
  exit 0
fi

dest="$CACHE_DIR/helm-$HELM_VERSION/bin"
if is_pinned "$dest/helm"; then
  echo "$dest/helm"
  exit 0
fi

command -v go >/dev/null || die "Go is not installed: install Go >= 1.22, or set HELM to a Helm $HELM_VERSION binary"
module=helm.sh/helm/v3
# Helm's release build stamps its version and the Kubernetes version of its client libraries
# (the default of `helm template`'s .Capabilities.KubeVersion, and of lint's deprecation checks)
# with -X flags; without them both read 1.20. The Kubernetes version is read from Helm's go.mod.
gomod=$(go mod download -json "$module@$HELM_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p')
[ -s "$gomod" ] || die "the Go module proxy did not serve $module@$HELM_VERSION"
client_go=$(sed -n 's/^[[:space:]]*k8s.io\/client-go v0\.\([0-9]*\)\.[0-9]*.*/\1/p' "$gomod" | head -n 1)
[ -n "$client_go" ] || die "cannot read the k8s.io/client-go version from $gomod"
ldflags="-w -s -X $module/internal/version.version=$HELM_VERSION -X $module/internal/version.gitTreeState=clean"
for pkg in pkg/chartutil pkg/lint/rules; do
  ldflags+=" -X $module/$pkg.k8sVersionMajor=1 -X $module/$pkg.k8sVersionMinor=$client_go"
done

work="$dest.build.$$"
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
say "building Helm $HELM_VERSION (Kubernetes 1.$client_go) with $(go version | awk '{print $3}'); first run only, a few minutes"
GOBIN="$work" CGO_ENABLED=0 go install -trimpath -ldflags "$ldflags" "$module/cmd/helm@$HELM_VERSION" >"$work/build.log" 2>&1 ||
  die "Go build of Helm $HELM_VERSION failed:
$(tail -n 20 "$work/build.log")"
rm -f "$work/build.log"
is_pinned "$work/helm" || die "the Helm built does not report $HELM_VERSION"
rm -rf "$dest"
mkdir -p "$(dirname "$dest")"
mv "$work" "$dest"
trap - EXIT
echo "$dest/helm"
