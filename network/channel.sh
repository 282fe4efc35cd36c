# The `loulan` channel: genesis block, ordering nodes joined through the channel
# participation API (osnadmin), peers joined. Sourced by net.sh.

CHANNEL_DIR="$STATE_DIR/channel"
GENESIS_BLOCK="$CHANNEL_DIR/$CHANNEL_NAME.block"

profile_for() {
  case $(consensus_type) in
    bft) echo LoulanBFT ;;
    raft) echo LoulanRaft ;;
    *) die "CONSENSUS must be bft or raft, not '$(consensus_type)'" ;;
  esac
}

create_genesis_block() {
  [ -s "$GENESIS_BLOCK" ] && return 0
  mkdir -p "$CHANNEL_DIR"
  (
    set -a
    CRYPTO_DIR=$CRYPTO_DIR
    # shellcheck source=../fabric-samples-config/topology.env
    source "$TOPOLOGY_FILE"
    set +a
    # The hosts of the first orgs (anchor peers) and of the ordering nodes (endpoints, consenters).
    for org in "${INITIAL_ORGS[@]}"; do export "$(upper "$org")_HOST=$(org_host "$org")"; done
    for orderer in "${ORDERERS[@]}"; do export "$(upper "$orderer")_HOST=$(process_host "$orderer")"; done
    render "$CONFIG_DIR/configtx.yaml" "$CHANNEL_DIR/configtx.yaml"
  )
  configtxgen -configPath "$CHANNEL_DIR" -profile "$(profile_for)" -channelID "$CHANNEL_NAME" \
    -outputBlock "$GENESIS_BLOCK" >"$LOG_DIR/configtxgen.log" 2>&1 ||
    die "configtxgen failed: $(tail -n 5 "$LOG_DIR/configtxgen.log")"
}

osnadmin_for() { # ordererN args...
  local orderer=$1 org admin
  shift
  org=$(orderer_org "$orderer")
  admin="$(org_dir "$org")/users/admin/tls"
  osnadmin "$@" -o "$(process_host "$orderer"):$(orderer_admin_port "$orderer")" \
    --ca-file "$(ca_cert "$org")" --client-cert "$admin/server.crt" --client-key "$admin/server.key"
}

join_orderer() { # ordererN
  local orderer=$1 out
  out=$(osnadmin_for "$orderer" channel list --channelID "$CHANNEL_NAME" 2>&1) || true
  grep -q '"name": *"'"$CHANNEL_NAME"'"' <<<"$out" && return 0
  out=$(osnadmin_for "$orderer" channel join --channelID "$CHANNEL_NAME" --config-block "$GENESIS_BLOCK" 2>&1) ||
    die "$orderer could not join $CHANNEL_NAME: $out"
  grep -q "Status: 201" <<<"$out" || die "$orderer could not join $CHANNEL_NAME: $out"
}

# Joins run in parallel: a BFT node that joins first waits for the others' replies
# while it starts its chain, so one-by-one joins would add those waits up.
join_orderers() { # ordererN...
  local orderer pids=() failed=0
  for orderer in "$@"; do
    join_orderer "$orderer" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  [ $failed -eq 0 ] || die "not every ordering node joined $CHANNEL_NAME (see the errors above)"
}

# A peer joins from the genesis block and pulls every block after it from the ordering service.
join_peer() { # peer
  local name=$1
  (
    use_peer_admin "$name"
    peer channel getinfo -c "$CHANNEL_NAME" >/dev/null 2>&1 && exit 0
    peer channel join -b "$GENESIS_BLOCK" >>"$LOG_DIR/channel.log" 2>&1 ||
      die "$name could not join $CHANNEL_NAME; see $LOG_DIR/channel.log"
  )
}

# Height of the channel on an ordering node, from the channel participation API.
orderer_height() { # ordererN
  osnadmin_for "$1" channel list --channelID "$CHANNEL_NAME" 2>/dev/null |
    sed -n 's/.*"height": *\([0-9]*\).*/\1/p' || true
}

peer_height() { # peer
  (
    use_peer_admin "$1"
    peer channel getinfo -c "$CHANNEL_NAME" 2>/dev/null | sed -n 's/.*"height":\([0-9]*\).*/\1/p' || true
  )
}
