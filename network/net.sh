#!/usr/bin/env bash
# The network admin's entry point; the Makefile calls it. Usage:
#   net.sh up | down | clean | status | logs [NODE] | deploy | stop-node NODE | start-node NODE
#          height NODE | fetch-block ORDERER NUMBER FILE | rotate-master-key
#          add-orderer ORG [NODE] | remove-orderer NODE | consenters | add-peer ORG [NODE] | add-org ORG ROLES
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$NETWORK_DIR/ca.sh"
source "$NETWORK_DIR/nodes.sh"
source "$NETWORK_DIR/channel.sh"
source "$NETWORK_DIR/chaincode.sh"
source "$NETWORK_DIR/gateway.sh"
source "$NETWORK_DIR/crl.sh"
source "$NETWORK_DIR/membership.sh"

# Keys, secrets, CA databases, ledgers and logs are their owner's alone: everything this
# script and the processes it starts create is 0600, directories 0700. The state
# directory itself is created with the caller's umask (see cmd_up).
CALLER_UMASK=$(umask)
umask 077

# Every supervised process, in start order; `down` stops them in reverse.
all_processes() {
  local org orderer
  for org in "${ORGS[@]}"; do echo "ca-$org"; done
  for orderer in "${ORDERERS[@]}"; do echo "$orderer"; done
  printf '%s\n' "${PEERS[@]}"
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

# What a network created by an older version of these scripts (default umask) left open
# to other users is closed. The state directory's own mode is left as it is: .loulan
# also holds test/postgres.sh's cluster, which runs as another user when tests run as root.
restrict_state_permissions() {
  local entry
  for entry in ca ca-clients crypto secrets gateway nodes channel chaincode crl run logs consensus orderers peers orgs ports.env config-updates gateway.env; do
    if [ -e "$STATE_DIR/$entry" ]; then chmod -R go-rwx "$STATE_DIR/$entry"; fi
  done
}

cmd_up() {
  require_tools
  (umask "$CALLER_UMASK" && mkdir -p "$STATE_DIR")
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  restrict_state_permissions
  local consensus
  consensus=$(consensus_type)
  echo "$consensus" >"$STATE_DIR/consensus"
  save_initial_orderers
  forget_dead_processes
  # A failed start-up must not leave half a network running.
  trap 'status=$?; if [ $status -ne 0 ]; then warn "start-up failed; stopping what was started (data kept). Fix the error above and run make up again, or make clean to start from nothing."; stop_all; fi' EXIT
  local org name
  step "certificate authorities"
  for org in "${ORGS[@]}"; do start_ca "$org"; done
  step "enrolling identities (admins, peers, ordering nodes, services)"
  for org in "${ORGS[@]}"; do enroll_org "$org"; done
  step "ordering service: ${#ORDERERS[@]} nodes, $consensus"
  start_orderers "${ORDERERS[@]}"
  step "peers"
  for name in "${PEERS[@]}"; do start_peer "$name"; done
  step "channel $CHANNEL_NAME"
  create_genesis_block
  join_orderers "${ORDERERS[@]}"
  for name in "${PEERS[@]}"; do join_peer "$name"; done
  wait_for_gossip
  step "chaincode $CHAINCODE_NAME"
  deploy_chaincode
  step "REST gateway"
  start_gateway
  trap - EXIT
  ok "Loulan is up: gateway $(gateway_url), pages $(gateway_url)/app  (make status, make logs, make down)"
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
        peer[0-9]*) height=$(peer_height "$name") ;;
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
  if printf '%s\n' "${ORDERERS[@]}" | grep -qx "$1"; then
    echo orderer
    return 0
  fi
  if printf '%s\n' "${PEERS[@]}" | grep -qx "$1"; then
    echo peer
    return 0
  fi
  case $1 in
    ca-*) echo ca ;;
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
    peer) start_peer "$node" && wait_for_gossip ;;
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
    peer) peer_height "$node" ;;
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

# Re-seals every member key and enrolment secret the gateway stores under a new master
# key (gateway/src/tools/rotate-master-key.ts), then makes it the gateway's key. The
# gateway is stopped meanwhile: it holds the old key in memory and would seal new
# members with it. Safe to run again after any interruption: the new key waits in
# master.key.next until the database is re-sealed (one transaction), and the tool
# leaves values already under it as they are.
cmd_rotate_master_key() {
  local key="$GATEWAY_DIR/master.key" next="$GATEWAY_DIR/master.key.next" db="$GATEWAY_DIR/gateway.db"
  local tool="$ROOT_DIR/gateway/dist/tools/rotate-master-key.js" restart=false
  [ -s "$key" ] || die "no master key at $key; run 'make up' first"
  [ -f "$tool" ] || die "the gateway is not built; run 'npm run build' (make rotate-master-key does this)"
  if [ ! -s "$next" ]; then
    random_hex >"$next.tmp"
    mv "$next.tmp" "$next"
  fi
  if is_running gateway; then
    restart=true
    stop_process gateway
  fi
  # A gateway that keeps its webhook subscriptions in PostgreSQL (LOULAN_WEBHOOK_STORE=postgres, in the
  # environment it was started with) has sealed secrets there too.
  local pg=()
  if [ "${LOULAN_WEBHOOK_STORE:-sqlite}" = postgres ]; then pg=(--webhook-pg-url "${LOULAN_WEBHOOK_PG_URL:-}"); fi
  if [ -f "$db" ] && ! node "$tool" --db "$db" --old "$key" --new "$next" "${pg[@]}"; then
    if $restart; then start_gateway; fi
    die "the master key was not rotated: $key still opens every stored secret (see the message above)"
  fi
  mv "$next" "$key"
  if $restart; then start_gateway; fi
  ok "master key rotated: every stored secret is sealed under the new $key (backups of $db taken before now still need the old key)"
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
  publish-crl) cmd_publish_crl "$@" ;;
  rotate-master-key) cmd_rotate_master_key ;;
  add-orderer) cmd_add_orderer "$@" ;;
  remove-orderer) cmd_remove_orderer "$@" ;;
  consenters) cmd_consenters ;;
  add-peer) cmd_add_peer "$@" ;;
  add-org) cmd_add_org "$@" ;;
  *) die "usage: $0 up|down|clean|status|logs [NODE]|deploy|stop-node NODE|start-node NODE|publish-crl ORG|rotate-master-key|add-orderer ORG [NODE]|remove-orderer NODE|consenters|add-peer ORG [NODE]|add-org ORG ROLES" ;;
esac
