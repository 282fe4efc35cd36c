# The REST gateway as a native process, connected to the platform org's peer with
# the platform's gateway service identity. Sourced by net.sh.

GATEWAY_ENV="$STATE_DIR/gateway.env"

write_gateway_env() {
  local id
  id="$(org_dir platform)/users/gateway/msp"
  cat >"$GATEWAY_ENV" <<EOF
LOULAN_GATEWAY_HOST=127.0.0.1
LOULAN_GATEWAY_PORT=$GATEWAY_PORT
LOULAN_PEER_ENDPOINT=127.0.0.1:$(peer_port platform)
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

gateway_url() { echo "http://127.0.0.1:$GATEWAY_PORT"; }

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
    start_process gateway "$GATEWAY_PORT" node "$ROOT_DIR/gateway/dist/main.js"
  )
  wait_gateway_ready
}
