# Shared definitions for the network scripts: paths, topology, logging, templates
# and process supervision. Sourced, never executed.

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CONFIG_DIR="$ROOT_DIR/fabric-samples-config"
NETWORK_DIR="$ROOT_DIR/network"
STATE_DIR="${LOULAN_STATE_DIR:-$ROOT_DIR/.loulan}"
BIN_DIR="$ROOT_DIR/bin"
CACHE_DIR="${LOULAN_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/loulan}"
LOG_DIR="$STATE_DIR/logs"
RUN_DIR="$STATE_DIR/run"
CRYPTO_DIR="$STATE_DIR/crypto"

# shellcheck source=../fabric-samples-config/versions.env
source "$CONFIG_DIR/versions.env"
# The topology: hosts and ports (fabric-samples-config/topology.env unless LOULAN_TOPOLOGY names another).
TOPOLOGY_FILE=${LOULAN_TOPOLOGY:-$CONFIG_DIR/topology.env}
[ -f "$TOPOLOGY_FILE" ] || { echo "error: no topology file $TOPOLOGY_FILE" >&2; exit 1; }
# shellcheck source=../fabric-samples-config/topology.env
source "$TOPOLOGY_FILE"
# The ports of the orgs `make add-org` added, written when each joined (network/membership.sh).
ADDED_PORTS="$STATE_DIR/ports.env"
# shellcheck source=/dev/null
if [ -s "$ADDED_PORTS" ]; then source "$ADDED_PORTS"; fi

CHANNEL_NAME=loulan
CHAINCODE_NAME=loulan
# The channel's first member orgs; `make add-org` adds more, listed in ORG_TOPOLOGY one
# `name MSP-id roles port-slot` per line (network/membership.sh).
INITIAL_ORGS=(platform retail bank)
ORG_TOPOLOGY="$STATE_DIR/orgs"
added_org_table() {
  if [ -s "$ORG_TOPOLOGY" ]; then cat "$ORG_TOPOLOGY"; fi
}
mapfile -t ORGS < <(printf '%s\n' "${INITIAL_ORGS[@]}"; added_org_table | cut -d' ' -f1)
# The ordering nodes and the org running each, one `name org` per line: written when the network is
# created and changed by `make add-orderer` / `make remove-orderer` (network/membership.sh).
ORDERER_TOPOLOGY="$STATE_DIR/orderers"
# The channel's first consenters: the platform runs two, retail and bank one each.
INITIAL_ORDERERS="orderer1 platform
orderer2 platform
orderer3 retail
orderer4 bank"
orderer_table() {
  if [ -s "$ORDERER_TOPOLOGY" ]; then cat "$ORDERER_TOPOLOGY"; else echo "$INITIAL_ORDERERS"; fi
}
mapfile -t ORDERERS < <(orderer_table | cut -d' ' -f1)
# Written when the network is created (a network created before the file existed gets it on first change).
save_initial_orderers() {
  [ -s "$ORDERER_TOPOLOGY" ] || echo "$INITIAL_ORDERERS" >"$ORDERER_TOPOLOGY"
}
export PATH="$BIN_DIR:$PATH"
export FABRIC_LOGGING_SPEC="${FABRIC_LOGGING_SPEC:-warning}"

# --- output ------------------------------------------------------------------
step() { printf '\033[1;34m==>\033[0m [%3ss] %s\n' "$SECONDS" "$*"; }
ok() { printf '\033[1;32m ok\033[0m %s\n' "$*"; }
warn() { printf '\033[1;33mwarn\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror\033[0m %s\n' "$*" >&2; exit 1; }

# --- topology ------------------------------------------------------------------
msp_id() { # org
  case $1 in
    platform) echo PlatformMSP ;;
    retail) echo RetailMSP ;;
    bank) echo BankMSP ;;
    *)
      local msp
      msp=$(added_org_table | awk -v org="$1" '$1 == org { print $2 }')
      [ -n "$msp" ] || die "unknown org '$1'; orgs: ${ORGS[*]}"
      echo "$msp"
      ;;
  esac
}
# The roles an added org's CA issues (comma-separated); the first orgs' roles are fixed in @loulan/protocol.
added_org_roles() { # org
  added_org_table | awk -v org="$1" '$1 == org { print $3 }'
}
upper() { echo "$1" | tr '[:lower:]' '[:upper:]'; }
# Ordering nodes belong to the member orgs (ORDERER_TOPOLOGY).
orderer_org() { # ordererN
  local org
  org=$(orderer_table | awk -v node="$1" '$1 == node { print $2 }')
  [ -n "$org" ] || die "unknown ordering node '$1'; ordering nodes: ${ORDERERS[*]}"
  echo "$org"
}
orderer_id() { echo "${1#orderer}"; }
# The host an org's nodes listen on and are reached at: <ORG>_HOST of the topology file, else DEFAULT_HOST.
org_host() { # org
  local variable host
  variable="$(upper "$1")_HOST"
  host=${!variable:-${DEFAULT_HOST:-}}
  [ -n "$host" ] || die "no host for org '$1': set $variable or DEFAULT_HOST in $TOPOLOGY_FILE"
  echo "$host"
}
# The org whose host runs a supervised process: peerN-<org>, ca-<org>, cc-<org> (its chaincode
# service), an ordering node by the orderer table; the gateway and the monitoring run at the platform.
process_org() { # name
  case $1 in
    peer*-*) peer_org "$1" ;;
    ca-* | cc-*) echo "${1#*-}" ;;
    orderer*) orderer_org "$1" ;;
    *) echo platform ;;
  esac
}
process_host() { org_host "$(process_org "$1")"; }
# The Linux network namespace an org's processes run in (<ORG>_NETNS); none runs them in the machine's own.
org_netns() { # org
  local variable
  variable="$(upper "$1")_NETNS"
  echo "${!variable:-}"
}
port_of() { # VARIABLE name from the topology file
  local value=${!1:-}
  [ -n "$value" ] || die "port $1 is not defined in fabric-samples-config/topology.env"
  echo "$value"
}
org_dir() { echo "$CRYPTO_DIR/$1"; }
# Peers are named peerN-<org>. Every org has peer0 (its anchor peer); `make add-peer` adds more, listed in
# PEER_TOPOLOGY one `name org` per line (network/membership.sh).
PEER_TOPOLOGY="$STATE_DIR/peers"
peer_table() {
  local org
  for org in "${ORGS[@]}"; do echo "peer0-$org $org"; done
  if [ -s "$PEER_TOPOLOGY" ]; then cat "$PEER_TOPOLOGY"; fi
}
mapfile -t PEERS < <(peer_table | cut -d' ' -f1)
peer_name() { echo "peer0-$1"; }
peer_org() { echo "${1#*-}"; }
peer_host() { echo "${1%%-*}.$(peer_org "$1").loulan"; }
# Prefix of a peer's ports in the topology file: PEER_<ORG> for peer0, PEER<N>_<ORG> for the others.
peer_ports_prefix() { # peer
  local index=${1%%-*}
  index=${index#peer}
  if [ "$index" = 0 ]; then echo "PEER_$(upper "$(peer_org "$1")")"; else echo "PEER${index}_$(upper "$(peer_org "$1")")"; fi
}
peer_port() { port_of "PEER_$(upper "$1")_PORT"; }
node_peer_port() { port_of "$(peer_ports_prefix "$1")_PORT"; }
orderer_port() { port_of "$(upper "$1")_PORT"; }
orderer_admin_port() { port_of "$(upper "$1")_ADMIN_PORT"; }
ca_port() { port_of "CA_$(upper "$1")_PORT"; }
ca_cert() { echo "$STATE_DIR/ca/$1/ca-cert.pem"; }

# consensus is chosen when the network is first created and kept until `make clean`
consensus_type() {
  local saved="$STATE_DIR/consensus"
  if [ -f "$saved" ]; then
    local chosen
    chosen=$(cat "$saved")
    if [ -n "${CONSENSUS:-}" ] && [ "$CONSENSUS" != "$chosen" ]; then
      die "this network was created with CONSENSUS=$chosen; run 'make clean' before switching to $CONSENSUS"
    fi
    echo "$chosen"
  else
    echo "${CONSENSUS:-bft}"
  fi
}

# --- templates -----------------------------------------------------------------
# Replaces {{NAME}} with the value of the environment variable NAME; an unset
# variable is an error so that a typo never produces a silently broken config.
render() { # template output
  mkdir -p "$(dirname "$2")"
  perl -pe 's/\{\{(\w+)\}\}/exists $ENV{$1} ? $ENV{$1} : die "template $ARGV: {{$1}} is not set\n"/ge' "$1" >"$2.tmp"
  mv "$2.tmp" "$2"
}

# --- processes -----------------------------------------------------------------
pid_file() { echo "$RUN_DIR/$1.pid"; }
is_running() { # name
  local pf pid state
  pf=$(pid_file "$1")
  [ -f "$pf" ] || return 1
  pid=$(cat "$pf")
  kill -0 "$pid" 2>/dev/null || return 1
  # A killed process that its parent has not reaped yet still answers kill -0.
  state=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)
  [ "$state" != Z ]
}
port_in_use() { # host port
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}
require_free_port() { # port name
  if port_in_use "$(process_host "$2")" "$1"; then
    local owner
    owner=$(ss -ltnp 2>/dev/null | awk -v p=":$1" '$4 ~ p"$" {print $6}' | head -n 1)
    die "port $1 for $2 is already in use${owner:+ by $owner}. Stop that process, or change the port in fabric-samples-config/topology.env."
  fi
}
wait_for_port() { # port name [seconds]
  local deadline=$((SECONDS + ${3:-30})) host
  host=$(process_host "$2")
  until port_in_use "$host" "$1"; do
    if [ $SECONDS -ge $deadline ]; then
      die "$2 did not open port $1 in time; see $LOG_DIR/$2.log"
    fi
    if ! is_running "$2"; then
      die "$2 exited during start-up; last lines of $LOG_DIR/$2.log:
$(tail -n 15 "$LOG_DIR/$2.log" 2>/dev/null)"
    fi
    sleep 0.2
  done
}
# Launches a supervised background process in its own session (so that stopping it
# also stops its children) without waiting for it. Arguments after the port are the
# command line. A process that is already running is left alone.
launch_process() { # name port command...
  local name=$1 port=$2 netns in_netns=()
  shift 2
  is_running "$name" && return 0
  require_free_port "$port" "$name"
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  netns=$(org_netns "$(process_org "$name")")
  [ -z "$netns" ] || in_netns=(ip netns exec "$netns")
  setsid "${in_netns[@]}" "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$(pid_file "$name")"
}
start_process() { # name port command...
  launch_process "$@"
  wait_for_port "$2" "$1"
}
stop_process() { # name
  local pf pid
  pf=$(pid_file "$1")
  [ -f "$pf" ] || return 0
  pid=$(cat "$pf")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$pf"
}

# --- admin CLI context -----------------------------------------------------------
# Sets the environment the `peer` CLI needs to act as an org's admin on its peer.
use_org_admin() { # org
  local org=$1
  export FABRIC_CFG_PATH="$STATE_DIR/nodes/$(peer_name "$org")"
  export CORE_PEER_LOCALMSPID
  CORE_PEER_LOCALMSPID=$(msp_id "$org")
  export CORE_PEER_MSPCONFIGPATH="$(org_dir "$org")/users/admin/msp"
  export CORE_PEER_ADDRESS="$(org_host "$org"):$(peer_port "$org")"
  export CORE_PEER_TLS_ENABLED=true
  export CORE_PEER_TLS_ROOTCERT_FILE
  CORE_PEER_TLS_ROOTCERT_FILE=$(ca_cert "$org")
  export CORE_PEER_TLS_CLIENTAUTHREQUIRED=false
}
# As use_org_admin, on another peer of the org.
use_peer_admin() { # peer
  use_org_admin "$(peer_org "$1")"
  CORE_PEER_ADDRESS="$(org_host "$(peer_org "$1")"):$(node_peer_port "$1")"
}
orderer_tls_args() { # ordererN
  echo "-o $(process_host "$1"):$(orderer_port "$1") --tls --cafile $(ca_cert "$(orderer_org "$1")")"
}
