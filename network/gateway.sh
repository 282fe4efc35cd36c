# The REST gateway as a native process, connected to the platform org's peer with
# the platform's gateway service identity. Sourced by net.sh.

GATEWAY_ENV="$STATE_DIR/gateway.env"

GATEWAY_DIR="$STATE_DIR/gateway"

# shellcheck source=../monitoring/ports.env
source "$ROOT_DIR/monitoring/ports.env"

# The org admins' API keys, for the network admin to hand out; created once, kept across
# restarts (make clean removes them with the rest of the state).
admin_api_key_file() { echo "$GATEWAY_DIR/api-keys/$1-admin.key"; }

random_hex() { od -An -tx1 -N32 /dev/urandom | tr -d ' \n'; }

create_gateway_secrets() {
  local org file
  mkdir -p "$GATEWAY_DIR/api-keys"
  chmod 700 "$GATEWAY_DIR" "$GATEWAY_DIR/api-keys"
  [ -s "$GATEWAY_DIR/master.key" ] || (umask 077 && random_hex >"$GATEWAY_DIR/master.key")
  for org in "${ORGS[@]}"; do
    file=$(admin_api_key_file "$org")
    [ -s "$file" ] || (umask 077 && printf 'llk_%s' "$(random_hex)" >"$file")
  done
}

is_loopback_host() { # host
  case $1 in
    localhost | ::1 | 127.*) return 0 ;;
    *) return 1 ;;
  esac
}

# Per-org settings: the org's CA (to enrol members) and its admin (the CA registrar).
org_gateway_env() { # org
  local org=$1 upper admin
  upper=$(upper "$org")
  admin="$(org_dir "$org")/users/admin/msp"
  cat <<EOF
LOULAN_ORG_${upper}_MSP_ID=$(msp_id "$org")
LOULAN_ORG_${upper}_CA_URL=$(ca_url "$org")
LOULAN_ORG_${upper}_CA_TLS_CERT_FILE=$(ca_cert "$org")
LOULAN_ORG_${upper}_ADMIN_CERT_FILE=$admin/signcerts/cert.pem
LOULAN_ORG_${upper}_ADMIN_KEY_FILE=$admin/keystore/key.pem
LOULAN_ORG_${upper}_ADMIN_API_KEY_FILE=$(admin_api_key_file "$org")
EOF
  # The first orgs' roles are fixed (@loulan/protocol); an added org's are those the ledger admitted.
  if [ -n "$(added_org_roles "$org")" ]; then echo "LOULAN_ORG_${upper}_ROLES=$(added_org_roles "$org")"; fi
}

write_gateway_env() {
  local id org
  id="$(org_dir platform)/users/gateway/msp"
  create_gateway_secrets
  {
    write_service_env "$id"
    echo "LOULAN_ORGS=$(IFS=,; echo "${ORGS[*]}")"
    echo "LOULAN_DB_FILE=$GATEWAY_DIR/gateway.db"
    echo "LOULAN_MASTER_KEY_FILE=$GATEWAY_DIR/master.key"
    # Requests per member per 10 s; test networks and benchmarks raise it (README, Configuration).
    echo "LOULAN_RATE_LIMIT_MAX=${LOULAN_RATE_LIMIT_MAX:-600}"
    # Where `make monitor` runs Prometheus and Alertmanager: the explorer's dashboard shows node health
    # and firing alerts from them, or that they do not answer while the monitor is not running.
    echo "LOULAN_PROMETHEUS_URL=http://$(org_host platform):$PROMETHEUS_PORT"
    echo "LOULAN_ALERTMANAGER_URL=http://$(org_host platform):$ALERTMANAGER_PORT"
    for org in "${ORGS[@]}"; do org_gateway_env "$org"; done
    # Beyond loopback the gateway serves /metrics only with a bearer token (docs/security.md).
    if ! is_loopback_host "$(org_host platform)"; then
      [ -s "$GATEWAY_DIR/metrics.token" ] || (umask 077 && random_hex >"$GATEWAY_DIR/metrics.token")
      echo "LOULAN_METRICS_TOKEN=$(cat "$GATEWAY_DIR/metrics.token")"
    fi
  } >"$GATEWAY_ENV"
  chmod 600 "$GATEWAY_ENV"
}

write_service_env() { # msp-dir of the gateway's service identity
  local id=$1
  cat <<EOF
LOULAN_GATEWAY_HOST=$(org_host platform)
LOULAN_GATEWAY_PORT=$GATEWAY_PORT
LOULAN_PEER_ENDPOINT=$(org_host platform):$(peer_port platform)
LOULAN_PEER_HOST_ALIAS=peer0.platform.loulan
LOULAN_PEER_TLS_CA_FILE=$(ca_cert platform)
LOULAN_MSP_ID=$(msp_id platform)
LOULAN_IDENTITY_CERT_FILE=$id/signcerts/cert.pem
LOULAN_IDENTITY_KEY_FILE=$id/keystore/key.pem
LOULAN_CHANNEL=$CHANNEL_NAME
LOULAN_CHAINCODE=$CHAINCODE_NAME
LOULAN_LOG_LEVEL=${LOULAN_LOG_LEVEL:-info}
EOF
}

gateway_url() { echo "http://$(org_host platform):$GATEWAY_PORT"; }

wait_gateway_ready() {
  local deadline=$((SECONDS + 60))
  until curl -fsS "$(gateway_url)/readyz" >/dev/null 2>&1; do
    is_running gateway || die "the gateway exited; last lines of $LOG_DIR/gateway.log:
$(tail -n 15 "$LOG_DIR/gateway.log" 2>/dev/null)"
    [ $SECONDS -lt $deadline ] || die "the gateway is not ready after 60s: $(curl -sS "$(gateway_url)/readyz" 2>&1)"
    sleep 0.5
  done
}

start_gateway() {
  [ -f "$ROOT_DIR/gateway/dist/main.js" ] || die "the gateway is not built; run 'npm run build' (make up does this)"
  write_gateway_env
  (
    set -a
    # shellcheck source=/dev/null
    source "$GATEWAY_ENV"
    set +a
    # V8's young generation at 4 MiB a semi-space (16 by default): the gateway's garbage is
    # short-lived request data, so the smaller scavenges cost no measurable CPU and keep its
    # memory under 256 MiB with 200 requests in flight (docs/bench.md).
    start_process gateway "$GATEWAY_PORT" node --max-semi-space-size=4 "$ROOT_DIR/gateway/dist/main.js"
  )
  wait_gateway_ready
}
