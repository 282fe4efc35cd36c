# Peers and ordering nodes as native processes. Sourced by net.sh.

node_dir() { echo "$STATE_DIR/nodes/$1"; }

render_peer_config() { # peer
  local name=$1 org prefix
  org=$(peer_org "$name")
  prefix=$(peer_ports_prefix "$name")
  PEER_ID=$(peer_host "$name") \
    PEER_HOST=$(org_host "$org") \
    GOSSIP_BOOTSTRAP_HOST=$(org_host "$org") \
    PEER_PORT=$(port_of "${prefix}_PORT") \
    PEER_CC_PORT=$(port_of "${prefix}_CC_PORT") \
    PEER_OPS_PORT=$(port_of "${prefix}_OPS_PORT") \
    GOSSIP_BOOTSTRAP_PORT=$(peer_port "$org") \
    MSP_ID=$(msp_id "$org") \
    NODE_CRYPTO="$(org_dir "$org")/peers/${name%%-*}" \
    NODE_DATA="$(node_dir "$name")/data" \
    BUILDER_DIR="$NETWORK_DIR/ccaas-builder" \
    render "$CONFIG_DIR/core.yaml" "$(node_dir "$name")/core.yaml"
}

render_orderer_config() { # ordererN
  local orderer=$1 org U
  org=$(orderer_org "$orderer")
  U=$(upper "$orderer")
  ORDERER_HOST=$(org_host "$org") \
    ORDERER_PORT=$(port_of "${U}_PORT") \
    ORDERER_CLUSTER_PORT=$(port_of "${U}_CLUSTER_PORT") \
    ORDERER_ADMIN_PORT=$(port_of "${U}_ADMIN_PORT") \
    ORDERER_OPS_PORT=$(port_of "${U}_OPS_PORT") \
    MSP_ID=$(msp_id "$org") \
    NODE_CRYPTO="$(org_dir "$org")/orderers/$orderer" \
    NODE_DATA="$(node_dir "$orderer")/data" \
    CONSENSUS_PLUGIN=$(consensus_plugin) \
    render "$CONFIG_DIR/orderer.yaml" "$(node_dir "$orderer")/orderer.yaml"
}

consensus_plugin() {
  case $(consensus_type) in
    bft) echo BFT ;;
    raft) echo etcdraft ;;
    *) die "CONSENSUS must be bft or raft, not '$(consensus_type)'" ;;
  esac
}

start_peer() { # peer
  local name=$1 org tls
  org=$(peer_org "$name")
  tls="$(org_dir "$org")/peers/${name%%-*}/tls"
  is_running "$name" && return 0
  render_peer_config "$name"
  # The peer keeps each chaincode's release output (connection.json) and reuses it on
  # later starts; clearing it makes the release step run again, so the connection
  # always carries the current settings and certificates (and an older network's
  # connection without client authentication is replaced).
  rm -rf "$(node_dir "$name")/data/externalbuilder/builds"
  # The external builder's release step reads these to point the peer at the org's own
  # chaincode service (server name chaincode.<org>.loulan) and to authenticate to it
  # with the peer's TLS certificate.
  FABRIC_CFG_PATH="$(node_dir "$name")" \
    LOULAN_CHAINCODE_ADDRESS="$(org_host "$org"):$(port_of "CC_$(upper "$org")_PORT")" \
    LOULAN_CHAINCODE_TLS_ROOT="$(ca_cert "$org")" \
    LOULAN_CHAINCODE_TLS_NAME="chaincode.$org.loulan" \
    LOULAN_CHAINCODE_CLIENT_CERT="$tls/server.crt" \
    LOULAN_CHAINCODE_CLIENT_KEY="$tls/server.key" \
    start_process "$name" "$(node_peer_port "$name")" peer node start
}

# Ordering nodes start together: a restarting BFT node first syncs with the others,
# so starting them one by one would make each wait for nodes not yet started.
start_orderers() { # ordererN...
  local orderer
  for orderer in "$@"; do
    render_orderer_config "$orderer"
    FABRIC_CFG_PATH="$(node_dir "$orderer")" launch_process "$orderer" "$(orderer_port "$orderer")" orderer
  done
  for orderer in "$@"; do
    wait_for_port "$(orderer_port "$orderer")" "$orderer" 90
    # the admin endpoint (channel participation) opens after the chains are started
    wait_for_port "$(orderer_admin_port "$orderer")" "$orderer" 90
  done
}

# Whether any peer of the org runs.
org_peer_running() { # org
  local name
  for name in "${PEERS[@]}"; do
    if [ "$(peer_org "$name")" = "$1" ] && is_running "$name"; then return 0; fi
  done
  return 1
}

# Endorsement across orgs needs every peer to know the others through gossip, which
# takes a few seconds after a (re)start; wait for it so `make up` ends ready to submit.
# While some org has no peer running (make stop-node), only the gateway's peer, whose
# discovery plans the endorsements, is waited for: a peer that restarts then can stay blind
# to the channel for many minutes, because the pinned Fabric drops a whole state-info snapshot
# that mentions a peer whose identity it never saw (the stopped org's), and every snapshot does
# until that peer's entry expires.
wait_for_gossip() {
  local org other others deadline known admin checked=("${ORGS[@]}")
  for org in "${ORGS[@]}"; do
    org_peer_running "$org" || checked=(platform)
  done
  for org in "${checked[@]}"; do
    # A peer stopped on purpose is not waited for, nor waited on by the others.
    is_running "$(peer_name "$org")" || continue
    others=0
    for other in "${ORGS[@]}"; do
      if [ "$other" != "$org" ] && org_peer_running "$other"; then others=$((others + 1)); fi
    done
    admin="$(org_dir "$org")/users/admin/tls"
    deadline=$((SECONDS + 90))
    while :; do
      known=$(curl -fsS --cacert "$(ca_cert "$org")" --cert "$admin/server.crt" --key "$admin/server.key" \
        "https://$(org_host "$org"):$(port_of "PEER_$(upper "$org")_OPS_PORT")/metrics" 2>/dev/null |
        sed -n 's/^gossip_membership_total_peers_known{channel="'"$CHANNEL_NAME"'"} \([0-9]*\).*/\1/p' || true)
      [ "${known:-0}" -ge "$others" ] && break
      [ $SECONDS -lt $deadline ] || die "$(peer_name "$org") sees ${known:-0} other peers after 90s, of $others other orgs running peers; see $LOG_DIR/$(peer_name "$org").log"
      sleep 0.5
    done
  done
}
