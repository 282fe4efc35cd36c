#!/usr/bin/env bash
# Monitoring of the local network: Prometheus, Alertmanager and a node exporter (disk space) as
# native processes on the platform's host (127.0.0.1 by default), supervised like the network's own (pid files, logs in .loulan).
# The Makefile calls it. Usage:
#   monitor.sh up | down | status | config DIR
# `config DIR` only writes the configuration (prometheus.yml, alertmanager.yml, rules) into DIR,
# for monitoring/check.sh. Settings (environment, docs/operations.md "Monitoring"):
#   LOULAN_ALERT_WEBHOOK_URL        where Alertmanager posts alerts (none: alerts are only shown)
#   LOULAN_MONITOR_SCRAPE_INTERVAL  how often every endpoint is scraped (15s)
#   LOULAN_MONITOR_EVAL_INTERVAL    how often the alert rules are evaluated (15s)
#   LOULAN_MONITOR_NODE_DOWN_FOR    how long a node is unreachable before NodeDown fires (1m)
#   LOULAN_MONITOR_PEER_LAG_BLOCKS  blocks a peer may be behind before PeerBehind (10)
set -euo pipefail
source "$(dirname "$0")/../network/lib.sh"
source "$NETWORK_DIR/ca.sh"
MONITORING_DIR="$ROOT_DIR/monitoring"
# shellcheck source=ports.env
source "$MONITORING_DIR/ports.env"
MONITOR_STATE="$STATE_DIR/monitoring"
MONITOR_PROCESSES=(node-exporter alertmanager prometheus)
umask 077

# Fabric nodes' operations endpoints answer /metrics only to a TLS client certified by the node's
# org CA (core.yaml, orderer.yaml). Prometheus gets an identity of its own per org, `monitor`
# (type client, no role attribute, no admin rights), with a TLS certificate from the org's CA.
monitor_identity_dir() { echo "$(org_dir "$1")/users/monitor"; }

enroll_monitor_identities() {
  local org
  for org in "${ORGS[@]}"; do
    [ -s "$(monitor_identity_dir "$org")/tls/server.crt" ] && continue
    is_running "ca-$org" || die "the $org CA is not running; run 'make up' first (the monitor enrols its TLS identity there once)"
    enroll_identity "$org" monitor client "$(monitor_identity_dir "$org")" "" "$(tls_hosts "$org")"
  done
}

# One target line of a static_configs list: address and the labels the rules use.
target() { # address node kind org
  printf '      - targets: ["%s"]\n        labels: {node: "%s", kind: "%s", org: "%s"}\n' "$1" "$2" "$3" "$4"
}

# One scrape job per org: its peer and ordering nodes share the org's TLS client identity.
fabric_job() { # org
  local org=$1 orderer tls
  tls="$(monitor_identity_dir "$org")/tls"
  cat <<EOF
  - job_name: fabric-$org
    scheme: https
    tls_config:
      ca_file: $(ca_cert "$org")
      cert_file: $tls/server.crt
      key_file: $tls/server.key
    static_configs:
EOF
  local name
  for name in "${PEERS[@]}"; do
    [ "$(peer_org "$name")" = "$org" ] || continue
    target "$(org_host "$org"):$(port_of "$(peer_ports_prefix "$name")_OPS_PORT")" "$name" peer "$org"
  done
  for orderer in "${ORDERERS[@]}"; do
    [ "$(orderer_org "$orderer")" = "$org" ] || continue
    target "$(org_host "$org"):$(port_of "$(upper "$orderer")_OPS_PORT")" "$orderer" orderer "$org"
  done
}

write_prometheus_config() { # dir
  local org
  {
    cat <<EOF
# Written by monitoring/monitor.sh; edit that script, not this file.
global:
  scrape_interval: ${LOULAN_MONITOR_SCRAPE_INTERVAL:-15s}
  evaluation_interval: ${LOULAN_MONITOR_EVAL_INTERVAL:-15s}
rule_files: [rules/*.yml]
alerting:
  alertmanagers:
    - static_configs:
        - targets: ["$(org_host platform):$ALERTMANAGER_PORT"]
scrape_configs:
EOF
    for org in "${ORGS[@]}"; do fabric_job "$org"; done
    # The CAs' operations endpoints are plain HTTP (ca.sh starts them without operations TLS).
    echo "  - job_name: fabric-ca"
    echo "    static_configs:"
    for org in "${ORGS[@]}"; do target "$(org_host "$org"):$(port_of "CA_$(upper "$org")_OPS_PORT")" "ca-$org" ca "$org"; done
    echo "  - job_name: gateway"
    echo "    static_configs:"
    target "$(org_host platform):$GATEWAY_PORT" gateway gateway platform
    echo "  - job_name: host"
    echo "    static_configs:"
    target "$(org_host platform):$NODE_EXPORTER_PORT" host host platform
  } >"$1/prometheus.yml"
}

# Without a webhook the alerts still fire and are listed (Alertmanager's API, the explorer).
write_alertmanager_config() { # dir
  local url=${LOULAN_ALERT_WEBHOOK_URL:-} receiver=none
  [ -z "$url" ] || receiver=webhook
  {
    echo "# Written by monitoring/monitor.sh; edit that script, not this file."
    echo "route:"
    echo "  receiver: $receiver"
    echo "  group_by: [alertname, node]"
    echo "  group_wait: 10s"
    echo "  group_interval: 1m"
    echo "  repeat_interval: 4h"
    echo "receivers:"
    echo "  - name: none"
    if [ -n "$url" ]; then
      echo "  - name: webhook"
      echo "    webhook_configs:"
      echo "      - url: \"$url\""
      echo "        send_resolved: true"
    fi
  } >"$1/alertmanager.yml"
}

write_rules() { # dir
  mkdir -p "$1/rules"
  NODE_DOWN_FOR=${LOULAN_MONITOR_NODE_DOWN_FOR:-1m} \
    PEER_LAG_BLOCKS=${LOULAN_MONITOR_PEER_LAG_BLOCKS:-10} \
    render "$MONITORING_DIR/rules/loulan.rules.yml" "$1/rules/loulan.rules.yml"
}

cmd_config() { # dir
  local dir=${1:?usage: monitor.sh config DIR}
  mkdir -p "$dir"
  write_prometheus_config "$dir"
  write_alertmanager_config "$dir"
  write_rules "$dir"
}

start_monitor_processes() {
  local dir=$MONITOR_STATE
  start_process node-exporter "$NODE_EXPORTER_PORT" prometheus-node-exporter \
    --web.listen-address="$(org_host platform):$NODE_EXPORTER_PORT" --log.level=warn \
    --collector.disable-defaults --collector.filesystem \
    --collector.filesystem.fs-types-exclude='^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs|tmpfs)$'
  # An empty cluster address turns off Alertmanager's gossip port (0.0.0.0:9094 by default).
  start_process alertmanager "$ALERTMANAGER_PORT" prometheus-alertmanager \
    --config.file="$dir/alertmanager.yml" --storage.path="$dir/alertmanager-data" \
    --web.listen-address="$(org_host platform):$ALERTMANAGER_PORT" --cluster.listen-address= --log.level=warn
  start_process prometheus "$PROMETHEUS_PORT" prometheus \
    --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/prometheus-data" \
    --storage.tsdb.retention.time=15d --web.listen-address="$(org_host platform):$PROMETHEUS_PORT" --log.level=warn
}

cmd_up() {
  local tool
  for tool in prometheus prometheus-alertmanager prometheus-node-exporter; do
    command -v "$tool" >/dev/null || die "'$tool' is missing; run network/install-monitoring.sh (make monitor does)"
  done
  [ -d "$CRYPTO_DIR" ] || die "no network in $STATE_DIR; run 'make up' first"
  enroll_monitor_identities
  # Configuration follows the settings of this run; a running monitor keeps its own until `down`.
  cmd_config "$MONITOR_STATE"
  start_monitor_processes
  ok "monitoring up: Prometheus http://$(org_host platform):$PROMETHEUS_PORT, Alertmanager http://$(org_host platform):$ALERTMANAGER_PORT (make monitor-down stops it)"
}

cmd_down() {
  local name
  for name in $(printf '%s\n' "${MONITOR_PROCESSES[@]}" | tac); do stop_process "$name"; done
  ok "monitoring stopped; its data is kept in $MONITOR_STATE"
}

cmd_status() {
  local name state
  for name in "${MONITOR_PROCESSES[@]}"; do
    state=down
    is_running "$name" && state=up
    printf '%-16s %-8s %s\n' "$name" "$state" "$(cat "$(pid_file "$name")" 2>/dev/null || echo -)"
  done
}

command=${1:-}
shift || true
case $command in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  config) cmd_config "$@" ;;
  *) die "usage: $0 up|down|status|config DIR" ;;
esac
