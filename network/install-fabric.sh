#!/usr/bin/env bash
# Installs the pinned Fabric and Fabric CA binaries and links them into ./bin.
# Order of preference:
#   1. FABRIC_BIN=/path   existing binaries (nothing is built)
#   2. a cached build      $CACHE_DIR/<tool>-<version>/bin (nothing is built)
#   3. a Go build          through the Go module proxy, pinned to exact versions
# Without Go: unpack the official release archives into one directory and point
# FABRIC_BIN at its bin/ (see README, "Fabric binaries without Go").
set -euo pipefail
source "$(dirname "$0")/lib.sh"

FABRIC_TOOLS=(peer orderer configtxgen configtxlator osnadmin)
CA_TOOLS=(fabric-ca-server fabric-ca-client)

has_tools() { # dir tool...
  local dir=$1
  shift
  for tool in "$@"; do [ -x "$dir/$tool" ] || return 1; done
}

# `go install module/cmd/x@version` also asks the proxy for the module's version
# list (deprecation check), which our proxy refuses; a throwaway module that
# requires the pinned version builds the same binaries without that request.
go_build() { # module version dest cgo tool...
  local module=$1 version=$2 dest=$3 cgo=$4
  shift 4
  command -v go >/dev/null ||
    die "Go is not installed. Install Go >= 1.22, or set FABRIC_BIN to a directory with the Fabric $FABRIC_LABEL and Fabric CA $FABRIC_CA_VERSION binaries (README: 'Fabric binaries without Go')."
  local work="$dest.build.$$"
  rm -rf "$work"
  mkdir -p "$work/out"
  trap 'rm -rf "$work"' EXIT
  {
    echo "module loulan.local/toolbuild"
    echo
    echo "go 1.20"
    echo
    echo "require $module $version"
  } >"$work/go.mod"
  {
    echo "//go:build tools"
    echo
    echo "package tools"
    echo
    echo "import ("
    for tool in "$@"; do echo "	_ \"$module/cmd/$tool\""; done
    echo ")"
  } >"$work/tools.go"
  step "building $* ($module@$version) with $(go version | awk '{print $3}'); first run only"
  (cd "$work" && GOFLAGS=-mod=mod go mod tidy >"$work/build.log" 2>&1 &&
    CGO_ENABLED=$cgo go build -trimpath -o out/ "${@/#/$module/cmd/}" >>"$work/build.log" 2>&1) ||
    die "Go build of $module@$version failed:
$(tail -n 20 "$work/build.log")"
  rm -rf "$dest"
  mkdir -p "$(dirname "$dest")"
  mv "$work/out" "$dest"
  rm -rf "$work"
  trap - EXIT
}

link_tools() { # dir tool...
  local dir=$1
  shift
  mkdir -p "$BIN_DIR"
  for tool in "$@"; do ln -sfn "$dir/$tool" "$BIN_DIR/$tool"; done
}

if [ -n "${FABRIC_BIN:-}" ]; then
  has_tools "$FABRIC_BIN" "${FABRIC_TOOLS[@]}" "${CA_TOOLS[@]}" ||
    die "FABRIC_BIN=$FABRIC_BIN must contain: ${FABRIC_TOOLS[*]} ${CA_TOOLS[*]}"
  link_tools "$FABRIC_BIN" "${FABRIC_TOOLS[@]}" "${CA_TOOLS[@]}"
  ok "Fabric binaries from FABRIC_BIN=$FABRIC_BIN"
  exit 0
fi

fabric_dir="$CACHE_DIR/fabric-$FABRIC_LABEL-${FABRIC_GO_VERSION##*-}/bin"
ca_dir="$CACHE_DIR/fabric-ca-$FABRIC_CA_VERSION/bin"
has_tools "$fabric_dir" "${FABRIC_TOOLS[@]}" ||
  go_build github.com/hyperledger/fabric "$FABRIC_GO_VERSION" "$fabric_dir" 0 "${FABRIC_TOOLS[@]}"
# the CA's SQLite driver needs cgo
has_tools "$ca_dir" "${CA_TOOLS[@]}" ||
  go_build github.com/hyperledger/fabric-ca "v$FABRIC_CA_VERSION" "$ca_dir" 1 "${CA_TOOLS[@]}"
link_tools "$fabric_dir" "${FABRIC_TOOLS[@]}"
link_tools "$ca_dir" "${CA_TOOLS[@]}"
ok "Fabric $FABRIC_LABEL ($FABRIC_COMMIT) and Fabric CA $FABRIC_CA_VERSION in $BIN_DIR (cache: $CACHE_DIR)"
