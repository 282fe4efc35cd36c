#!/usr/bin/env bash
# The network admin's entry point; the Makefile calls it. Usage:
#   net.sh up | down | clean | status | logs [NODE] | deploy | stop-node NODE | start-node NODE
#          height NODE | fetch-block ORDERER NUMBER FILE
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$NETWORK_DIR/ca.sh"
source "$NETWORK_DIR/nodes.sh"
source "$NETWORK_DIR/channel.sh"
source "$NETWORK_DIR/chaincode.sh"
source "$NETWORK_DIR/gateway.sh"

# Every supervised process, in start order; `down` stops them in reverse.
all_processes() {
  local org orderer
  for org in "${ORGS[@]}"; do echo "ca-$org"; done
  for orderer in "${ORDERERS[@]}"; do echo "$orderer"; done
  for org in "${ORGS[@]}"; do echo "$(peer_name "$org")"; done
  for org in "${ORGS[@]}"; do echo "cc-$org"; done
  echo gateway
}

stop_all() {
  local name
  for name in $(all_processes | tac); do stop_process "$name"; done
}

require_tools() {
  local tool
  for tool in peer orderer configtxgen osnadmin fabric-ca-server fabric-ca-client node curl perl setsid; do
    command -v "$tool" >/dev/null || die "'$tool' is missing; run 'make deps' (Fabric binaries) or install it"
  done
}

# A process whose pid file outlived it (crash, reboot) is not running: forget it so
# that start-up checks its port instead of trusting the file.
forget_dead_processes() {
  local name
  for name in $(all_processes); do
    if [ -f "$(pid_file "$name")" ] && ! is_running "$name"; then
      warn "$name was not shut down cleanly (stale pid file); restarting it"
      rm -f "$(pid_file "$name")"
    fi
  done
}

cmd_up() {
  require_tools
  mkdir -p "$STATE_DIR" "$LOG_DIR" "$RUN_DIR"
  local consensus
  consensus=$(consensus_type)
  echo "$consensus" >"$STATE_DIR/consensus"
  forget_dead_processes
  # A failed start-up must not leave half a network running.
  trap 'status=$?; if [ $status -ne 0 ]; then warn "start-up failed; stopping what was started (data kept). Fix the error above and run make up again, or make clean to start from nothing."; stop_all; fi' EXIT
  local org
  step "certificate authorities"
  for org in "${ORGS[@]}"; do start_ca "$org"; done
  step "enrolling identities (admins, peers, ordering nodes, services)"
  for org in "${ORGS[@]}"; do enroll_org "$org"; done
  step "ordering service: ${#ORDERERS[@]} nodes, $consensus"
  start_orderers "${ORDERERS[@]}"
  step "peers"
  for org in "${ORGS[@]}"; do start_peer "$org"; done
  step "channel $CHANNEL_NAME"
  create_genesis_block
  join_orderers "${ORDERERS[@]}"
  for org in "${ORGS[@]}"; do join_peer "$org"; done
  wait_for_gossip
  step "chaincode $CHAINCODE_NAME"
  deploy_chaincode
  step "REST gateway"
  start_gateway
  trap - EXIT
  ok "Loulan is up: gateway $(gateway_url)  (make status, make logs, make down)"
}

cmd_down() {
  stop_all
  ok "network stopped; ledgers and keys kept in $STATE_DIR (make up resumes, make clean removes)"
}

cmd_clean() {
  stop_all
  rm -rf "$STATE_DIR"
  ok "removed $STATE_DIR"
}

cmd_status() {
  local name state height orderer org
  printf '%-16s %-8s %-8s %s\n' PROCESS STATE PID HEIGHT
  for name in $(all_processes); do
    state=down height=""
    is_running "$name" && state=up
    if [ "$state" = up ]; then
      case $name in
        orderer*) height=$(orderer_height "$name") ;;
        peer0-*) height=$(peer_height "${name#peer0-}") ;;
      esac
    fi
    printf '%-16s %-8s %-8s %s\n' "$name" "$state" "$(cat "$(pid_file "$name")" 2>/dev/null || echo -)" "$height"
  done
  [ -f "$STATE_DIR/consensus" ] && echo "consensus: $(cat "$STATE_DIR/consensus"); chaincode: $(deployed_package_id)"
  is_running gateway && echo "gateway: $(gateway_url)"
  return 0
}

cmd_logs() {
  local node=${1:-}
  if [ -n "$node" ]; then
    [ -f "$LOG_DIR/$node.log" ] || die "no log for '$node'; logs: $(ls "$LOG_DIR" 2>/dev/null | tr '\n' ' ')"
    tail -n 100 "$LOG_DIR/$node.log"
  else
    local name
    for name in $(all_processes); do
      [ -f "$LOG_DIR/$name.log" ] || continue
      echo "==> $name"
      tail -n 10 "$LOG_DIR/$name.log"
    done
  fi
}

cmd_deploy() {
  is_running "$(peer_name platform)" || die "the network is not running; run 'make up'"
  deploy_chaincode
}

node_kind() { # name
  case $1 in
    ca-*) echo ca ;;
    orderer[1-4]) echo orderer ;;
    peer0-*) echo peer ;;
    cc-*) echo chaincode ;;
    gateway) echo gateway ;;
    *) die "unknown node '$1'; nodes: $(all_processes | tr '\n' ' ')" ;;
  esac
}

cmd_stop_node() {
  local node=${1:?usage: stop-node NODE}
  node_kind "$node" >/dev/null
  is_running "$node" || { ok "$node is not running"; return 0; }
  stop_process "$node"
  ok "$node stopped"
}

cmd_start_node() {
  local node=${1:?usage: start-node NODE}
  forget_dead_processes
  case $(node_kind "$node") in
    ca) start_ca "${node#ca-}" ;;
    orderer) start_orderers "$node" ;;
    peer) start_peer "${node#peer0-}" && wait_for_gossip ;;
    chaincode) start_chaincode_service "${node#cc-}" "$(deployed_package_id)" ;;
    gateway) start_gateway ;;
  esac
  ok "$node running"
}

# Block height of one peer or ordering node (for tests and scripts).
cmd_height() {
  local node=${1:?usage: height NODE}
  case $(node_kind "$node") in
    orderer) orderer_height "$node" ;;
    peer) peer_height "${node#peer0-}" ;;
    *) die "$node keeps no ledger" ;;
  esac
}

# Writes block NUMBER as an ordering node delivers it, to compare nodes' chains.
cmd_fetch_block() {
  local node=${1:?usage: fetch-block ORDERER NUMBER FILE} number=${2:?} file=${3:?}
  [ "$(node_kind "$node")" = orderer ] || die "fetch-block reads from an ordering node"
  (
    use_org_admin "$(orderer_org "$node")"
    # shellcheck disable=SC2046
    peer channel fetch "$number" "$file" -c "$CHANNEL_NAME" $(orderer_tls_args "$node") >>"$LOG_DIR/fetch.log" 2>&1 ||
      die "cannot fetch block $number from $node; see $LOG_DIR/fetch.log"
  )
}

command=${1:-}
shift || true
case $command in
  up) cmd_up ;;
  down) cmd_down ;;
  clean) cmd_clean ;;
  status) cmd_status ;;
  logs) cmd_logs "$@" ;;
  deploy) cmd_deploy ;;
  stop-node) cmd_stop_node "$@" ;;
  start-node) cmd_start_node "$@" ;;
  height) cmd_height "$@" ;;
  fetch-block) cmd_fetch_block "$@" ;;
  *) die "usage: $0 up|down|clean|status|logs [NODE]|deploy|stop-node NODE|start-node NODE" ;;
esac
