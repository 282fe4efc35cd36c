#!/usr/bin/env bash
# Hosts of their own for the orgs of a test network, on one machine: a Linux network namespace per
# org (and one for the network admin's workstation), each with its own address on a bridge and a
# hosts file naming every host, so that the nodes reach each other only by name, across "machines".
#
#   test/hosts/netns.sh up DIR   creates them and writes DIR/topology.env (the repository's
#                                topology with each org at its host name, in its namespace)
#   test/hosts/netns.sh down     removes them (namespaces, bridge, hosts files)
#
# Needs root (ip netns). Used by test/run-integration.sh for integration/network/hosts.test.ts.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BRIDGE=loulan-hosts
SUBNET=10.213.47
DOMAIN=loulan.test
# namespace suffix, address (host part), topology org or "admin"
HOSTS=("admin 10" "platform 2" "retail 3" "bank 4")

netns_of() { echo "loulan-$1"; }

hosts_file() {
  echo "127.0.0.1 localhost"
  local entry name address
  for entry in "${HOSTS[@]}"; do
    read -r name address <<<"$entry"
    echo "$SUBNET.$address $name.$DOMAIN"
  done
}

cmd_up() {
  local dir=${1:?usage: netns.sh up DIR} entry name address ns
  cmd_down
  mkdir -p "$dir"
  ip link add "$BRIDGE" type bridge
  ip addr add "$SUBNET.1/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  for entry in "${HOSTS[@]}"; do
    read -r name address <<<"$entry"
    ns=$(netns_of "$name")
    ip netns add "$ns"
    ip netns exec "$ns" ip link set lo up
    ip link add "lh-$name" type veth peer name "lh-$name-in"
    ip link set "lh-$name-in" netns "$ns"
    ip link set "lh-$name" master "$BRIDGE" up
    ip netns exec "$ns" ip link set "lh-$name-in" name eth0
    ip netns exec "$ns" ip addr add "$SUBNET.$address/24" dev eth0
    ip netns exec "$ns" ip link set eth0 up
    # `ip netns exec` mounts /etc/netns/<ns>/hosts over /etc/hosts for the processes it starts.
    mkdir -p "/etc/netns/$ns"
    hosts_file >"/etc/netns/$ns/hosts"
  done
  {
    sed -E 's/^(DEFAULT|PLATFORM|RETAIL|BANK)_HOST=.*$//' "$ROOT/fabric-samples-config/topology.env"
    echo "DEFAULT_HOST=admin.$DOMAIN"
    for org in platform retail bank; do
      echo "$(echo "$org" | tr '[:lower:]' '[:upper:]')_HOST=$org.$DOMAIN"
      echo "$(echo "$org" | tr '[:lower:]' '[:upper:]')_NETNS=$(netns_of "$org")"
    done
  } >"$dir/topology.env"
  echo "hosts up: ${HOSTS[*]} on $BRIDGE ($SUBNET.0/24); topology in $dir/topology.env"
}

cmd_down() {
  local entry name ns
  for entry in "${HOSTS[@]}"; do
    read -r name _ <<<"$entry"
    ns=$(netns_of "$name")
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
    ip link del "lh-$name" 2>/dev/null || true
    rm -rf "/etc/netns/$ns"
  done
  ip link del "$BRIDGE" 2>/dev/null || true
}

case ${1:-} in
  up) shift; cmd_up "$@" ;;
  down) cmd_down ;;
  *) echo "usage: $0 up DIR | down" >&2; exit 2 ;;
esac
