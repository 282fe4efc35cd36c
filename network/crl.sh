# Publishes an organisation's certificate revocation list in the channel: the org's CA
# generates its CRL, and a channel configuration update puts it into the org's MSP
# definition, after which every peer and ordering node refuses the revoked certificates
# (proposals, transactions and gateway calls alike). Sourced by net.sh.
#
# The update itself is built by gateway/src/tools/channel-crl-update.ts. An MSP definition
# is the org's own part of the channel configuration: its modification
# policy is the org's Admins, so the org admin's signature alone authorises the update.

CRL_DIR="$STATE_DIR/crl"

# The org CA's current CRL (PEM), written by `fabric-ca-client gencrl` as the CA admin.
generate_crl() { # org
  local org=$1
  mkdir -p "$CRL_DIR"
  ca_client "$org" gencrl -u "$(ca_url "$org")" -M "$(registrar_msp "$org")" ||
    die "the $org CA could not generate its CRL; see $LOG_DIR/enroll-$org.log"
  cp "$(registrar_msp "$org")/crls/crl.pem" "$CRL_DIR/$org.pem"
}

# The serial numbers a CRL revokes, sorted, one a line.
revoked_serials() { # crl.pem
  openssl crl -in "$1" -noout -text | sed -n 's/^ *Serial Number: *//p' | sort
}

cmd_publish_crl() {
  local org=${1:?usage: publish-crl ORG}
  is_running "$(peer_name "$org")" || die "the network is not running; run 'make up'"
  msp_id "$org" >/dev/null
  local work="$CRL_DIR/$org-update" orderer=orderer1
  rm -rf "$work"
  mkdir -p "$work"
  step "generating the CRL of the $org CA"
  generate_crl "$org"
  step "channel configuration update: revocation list of $(msp_id "$org")"
  (
    use_org_admin "$org"
    # shellcheck disable=SC2046
    peer channel fetch config "$work/config.pb" -c "$CHANNEL_NAME" $(orderer_tls_args "$orderer") >>"$LOG_DIR/crl.log" 2>&1 ||
      die "cannot fetch the channel configuration; see $LOG_DIR/crl.log"
    local tool="$ROOT_DIR/gateway/dist/tools/channel-crl-update.js" status=0
    # A new CRL is issued at every gencrl; what matters is whether it revokes other certificates.
    node "$tool" --block "$work/config.pb" --msp "$(msp_id "$org")" --current "$work/current.pem" 2>>"$LOG_DIR/crl.log" ||
      die "cannot read the channel configuration; see $LOG_DIR/crl.log"
    if [ -s "$work/current.pem" ] && [ "$(revoked_serials "$work/current.pem")" = "$(revoked_serials "$CRL_DIR/$org.pem")" ]; then
      ok "the channel already carries this CRL of $(msp_id "$org")"
      exit 0
    fi
    node "$tool" --block "$work/config.pb" --msp "$(msp_id "$org")" \
      --crl "$CRL_DIR/$org.pem" --out "$work/envelope.pb" 2>>"$LOG_DIR/crl.log" || status=$?
    if [ $status -eq 3 ]; then
      ok "the channel already carries this CRL of $(msp_id "$org")"
      exit 0
    fi
    [ $status -eq 0 ] || die "cannot build the configuration update; see $LOG_DIR/crl.log"
    # shellcheck disable=SC2046
    peer channel update -f "$work/envelope.pb" -c "$CHANNEL_NAME" $(orderer_tls_args "$orderer") >>"$LOG_DIR/crl.log" 2>&1 ||
      die "the channel configuration update was refused; see $LOG_DIR/crl.log"
  )
  ok "$(msp_id "$org") now carries the CRL of its CA; peers refuse its revoked certificates"
}
