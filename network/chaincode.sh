# Chaincode `loulan`: reproducible package, Fabric lifecycle, one chaincode service
# per org. Sourced by net.sh.
#
# The package holds only connection settings (chaincode as a service); its label
# carries a digest of the chaincode source, so the same source always gives the same
# package id and a changed source gives a new one that `deploy` rolls out as the
# next sequence.

CC_DIR="$ROOT_DIR/chaincode"
CC_STATE="$STATE_DIR/chaincode"

# The chaincode runs with @loulan/protocol (error codes, roles), so its source counts too.
chaincode_digest() {
  (cd "$ROOT_DIR" && find chaincode/src chaincode/package.json chaincode/tsconfig.json chaincode/tsconfig.build.json \
    protocol/src protocol/package.json protocol/tsconfig.json protocol/tsconfig.build.json -type f -print0 2>/dev/null |
    LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
}

# Deterministic tar: sorted names, fixed owner, mode and mtime, gzip without name/time.
# The mode is fixed because the scripts run under umask 077 (files 0600): without it
# the package bytes, and so the package id, would depend on the umask.
reproducible_tar() { # dir output files...
  local dir=$1 output=$2
  shift 2
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --mode=u=rw,go=r --format=gnu \
    -C "$dir" -cf - "$@" | gzip -n -9 >"$output"
}

package_chaincode() { # -> prints package file
  local label="${CHAINCODE_NAME}_$(chaincode_digest)"
  local pkg="$CC_STATE/$label.tar.gz"
  if [ ! -s "$pkg" ]; then
    local work="$CC_STATE/work-$label"
    rm -rf "$work"
    mkdir -p "$work/code"
    printf '{"dial_timeout":"10s"}\n' >"$work/code/connection.json"
    reproducible_tar "$work/code" "$work/code.tar.gz" connection.json
    printf '{"type":"loulan-ccaas","label":"%s"}\n' "$label" >"$work/metadata.json"
    reproducible_tar "$work" "$pkg" code.tar.gz metadata.json
    rm -rf "$work"
  fi
  echo "$pkg"
}

package_id_of() { # package-file
  local label
  label=$(basename "$1" .tar.gz)
  echo "$label:$(sha256sum "$1" | cut -d' ' -f1)"
}

running_orderer() {
  local orderer
  for orderer in "${ORDERERS[@]}"; do
    is_running "$orderer" && { echo "$orderer"; return 0; }
  done
  die "no ordering node is running; run 'make up'"
}

committed_sequence() {
  (
    use_org_admin platform
    peer lifecycle chaincode querycommitted -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" -O json 2>/dev/null |
      sed -n 's/.*"sequence": *\([0-9]*\).*/\1/p' || true
  )
}

approved_package() { # org sequence
  (
    use_org_admin "$1"
    peer lifecycle chaincode queryapproved -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" --sequence "$2" -O json 2>/dev/null |
      tr -d '\n ' | sed -n 's/.*"package_id":"\([^"]*\)".*/\1/p' || true
  )
}

install_on_peer() { # peer package package-id
  (
    use_peer_admin "$1"
    peer lifecycle chaincode queryinstalled -O json 2>/dev/null | grep -q "\"$3\"" && exit 0
    local out
    # A peer that has just started may not answer the query yet, so "already installed" is success too.
    out=$(peer lifecycle chaincode install "$2" 2>&1) || grep -q "chaincode already successfully installed" <<<"$out" ||
      die "install on $1 failed: $out"
    echo "$out" >>"$LOG_DIR/lifecycle.log"
  )
}

approve_for_org() { # org package-id sequence
  local orderer
  # an interrupted earlier run may already have approved this exact definition
  [ "$(approved_package "$1" "$3")" = "$2" ] && return 0
  orderer=$(running_orderer)
  (
    use_org_admin "$1"
    # shellcheck disable=SC2046
    peer lifecycle chaincode approveformyorg $(orderer_tls_args "$orderer") -C "$CHANNEL_NAME" \
      -n "$CHAINCODE_NAME" --version "${2%%:*}" --sequence "$3" --package-id "$2" \
      --waitForEvent >>"$LOG_DIR/lifecycle.log" 2>&1 ||
      die "approval by $(msp_id "$1") failed; see $LOG_DIR/lifecycle.log"
  )
}

commit_definition() { # package-id sequence
  local orderer peers=() org
  orderer=$(running_orderer)
  for org in "${ORGS[@]}"; do
    peers+=(--peerAddresses "$(org_host "$org"):$(peer_port "$org")" --tlsRootCertFiles "$(ca_cert "$org")")
  done
  (
    use_org_admin platform
    # shellcheck disable=SC2046
    peer lifecycle chaincode commit $(orderer_tls_args "$orderer") -C "$CHANNEL_NAME" \
      -n "$CHAINCODE_NAME" --version "${1%%:*}" --sequence "$2" "${peers[@]}" \
      --waitForEvent >>"$LOG_DIR/lifecycle.log" 2>&1 ||
      die "commit of the chaincode definition failed; see $LOG_DIR/lifecycle.log"
  )
}

# One chaincode service per org, restarted when the deployed package changes. It asks
# every TLS client for a certificate issued by its own org's CA (mutual TLS): a local
# process or another org without the org's TLS credentials cannot open a chaincode
# stream. The peer's side is in network/ccaas-builder/bin/release.
start_chaincode_service() { # org package-id
  local org=$1 id=$2 name="cc-$1" crypto
  crypto="$(org_dir "$org")/chaincode/tls"
  if is_running "$name" && [ "$(cat "$RUN_DIR/$name.id" 2>/dev/null)" = "$id" ]; then
    return 0
  fi
  stop_process "$name"
  echo "$id" >"$RUN_DIR/$name.id"
  (
    cd "$CC_DIR"
    start_process "$name" "$(port_of "CC_$(upper "$org")_PORT")" \
      "$ROOT_DIR/node_modules/.bin/fabric-chaincode-node" server \
      --chaincode-address "$(org_host "$org"):$(port_of "CC_$(upper "$org")_PORT")" \
      --chaincode-id "$id" \
      --chaincode-tls-cert-file "$crypto/server.crt" \
      --chaincode-tls-key-file "$crypto/server.key" \
      --chaincode-tls-client-cacert-file "$(ca_cert "$org")" \
      --module-path "$CC_DIR"
  )
}

deployed_package_id() { cat "$CC_STATE/deployed" 2>/dev/null || true; }

deploy_chaincode() {
  mkdir -p "$CC_STATE"
  [ -f "$CC_DIR/dist/index.js" ] || die "chaincode is not built; run 'npm run build' (make up does this)"
  local pkg id sequence org name
  pkg=$(package_chaincode)
  id=$(package_id_of "$pkg")
  sequence=$(committed_sequence)
  if [ -n "$sequence" ] && [ "$(approved_package platform "$sequence")" = "$id" ]; then
    ok "chaincode $id already deployed (sequence $sequence)"
  else
    step "deploying chaincode $id (sequence $((${sequence:-0} + 1)))"
    for name in "${PEERS[@]}"; do install_on_peer "$name" "$pkg" "$id"; done
    for org in "${ORGS[@]}"; do start_chaincode_service "$org" "$id"; done
    for org in "${ORGS[@]}"; do approve_for_org "$org" "$id" "$((${sequence:-0} + 1))"; done
    commit_definition "$id" "$((${sequence:-0} + 1))"
    ok "chaincode $id committed"
  fi
  for org in "${ORGS[@]}"; do start_chaincode_service "$org" "$id"; done
  echo "$id" >"$CC_STATE/deployed"
}
