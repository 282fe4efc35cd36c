#!/usr/bin/env bash
# The monitoring configuration's checks, for `make test-monitoring` (part of make test-unit): writes
# the configuration monitor.sh would start with (default settings, a webhook receiver) into a
# temporary directory, then `promtool check config` and `check rules`, `amtool check-config`, and
# `promtool test rules` on the alert rules' unit tests. Needs no running network.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/../network/install-monitoring.sh" >/dev/null
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# An empty state directory: the configuration names its certificate files, which need not exist here.
env -u LOULAN_MONITOR_NODE_DOWN_FOR -u LOULAN_MONITOR_PEER_LAG_BLOCKS \
  LOULAN_STATE_DIR="$dir/state" LOULAN_ALERT_WEBHOOK_URL=http://127.0.0.1:9/alerts "$here/monitor.sh" config "$dir"
# --syntax-only: the TLS files the scrape jobs name belong to a network that need not exist.
promtool check config --syntax-only "$dir/prometheus.yml"
promtool check rules "$dir/rules/loulan.rules.yml"
amtool check-config "$dir/alertmanager.yml"
cp "$here/tests/loulan.test.yml" "$dir/rules/"
promtool test rules "$dir/rules/loulan.test.yml"
