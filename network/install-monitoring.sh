#!/usr/bin/env bash
# Prometheus, promtool, Alertmanager, amtool and the node exporter for `make monitor` and the alert
# rule tests (monitoring/). Uses the binaries on PATH when all are there; otherwise installs Debian's
# packages (root or sudo needed). Elsewhere, install the same tools and put them on PATH.
set -euo pipefail
tools=(prometheus promtool prometheus-alertmanager amtool prometheus-node-exporter)
missing=0
for tool in "${tools[@]}"; do command -v "$tool" >/dev/null || missing=1; done
if [ $missing -eq 0 ]; then
  echo "ok monitoring tools: $(prometheus --version 2>&1 | head -n 1)"
  exit 0
fi
command -v apt-get >/dev/null || { echo "error: missing one of ${tools[*]} and no apt-get; install them" >&2; exit 1; }
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
# The packages start their system services on install, listening on every interface; this network
# runs its own instances on 127.0.0.1 (monitoring/monitor.sh). A policy-rc.d answering 101 tells the
# maintainer scripts not to start them; ours is removed afterwards, an existing one left alone.
policy=/usr/sbin/policy-rc.d
own_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod 755 "$policy"
  own_policy=true
fi
trap 'if $own_policy; then $sudo rm -f "$policy"; fi' EXIT
echo "==> installing Debian's prometheus, prometheus-alertmanager, prometheus-node-exporter (make monitor, alert rule tests)"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
  prometheus prometheus-alertmanager prometheus-node-exporter >/dev/null
# Where systemd runs, the units are enabled by the packages even when not started: they are not ours to run.
if [ -d /run/systemd/system ]; then
  $sudo systemctl disable --now prometheus prometheus-alertmanager prometheus-node-exporter >/dev/null 2>&1 || true
fi
echo "ok monitoring tools: $(prometheus --version 2>&1 | head -n 1)"
