# Fabric CA servers and enrolment of every identity. Sourced by up.sh.
#
# Each org runs one Fabric CA (SQLite). It issues enrolment certificates (with NodeOU
# by identity type) and, through the `tls` profile, TLS certificates; so the org's CA
# certificate is both its MSP root and its TLS root.

ca_home() { echo "$STATE_DIR/ca/$1"; }
ca_url() { echo "https://127.0.0.1:$(ca_port "$1")"; }

# Secrets are random per network and kept in the state directory, so re-running
# after an interruption re-enrols with the same secret instead of failing.
secret_for() { # org name
  local file="$STATE_DIR/secrets/$1-$2"
  if [ ! -s "$file" ]; then
    mkdir -p "$STATE_DIR/secrets"
    (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$file")
  fi
  cat "$file"
}

start_ca() { # org
  local org=$1 home
  home=$(ca_home "$org")
  mkdir -p "$home"
  start_process "ca-$org" "$(ca_port "$org")" \
    fabric-ca-server start \
    --home "$home" \
    --port "$(ca_port "$org")" \
    --address 127.0.0.1 \
    --boot "caadmin:$(secret_for "$org" caadmin)" \
    --ca.name "ca-$org" \
    --csr.cn "ca.$org.loulan" \
    --csr.hosts "127.0.0.1,localhost,ca.$org.loulan" \
    --tls.enabled \
    --db.type sqlite3 \
    --operations.listenaddress "127.0.0.1:$(port_of "CA_$(upper "$org")_OPS_PORT")" \
    --metrics.provider prometheus
}

ca_client() { # org args...
  local org=$1
  shift
  FABRIC_CA_CLIENT_HOME="$STATE_DIR/ca-clients/$org" \
    fabric-ca-client "$@" --tls.certfiles "$(ca_cert "$org")" >>"$LOG_DIR/enroll-$org.log" 2>&1
}

registrar_msp() { echo "$(org_dir "$1")/users/caadmin/msp"; }

enroll_registrar() { # org
  local org=$1 msp
  msp=$(registrar_msp "$org")
  [ -s "$msp/signcerts/cert.pem" ] && return 0
  ca_client "$org" enroll -u "https://caadmin:$(secret_for "$org" caadmin)@127.0.0.1:$(ca_port "$org")" -M "$msp" ||
    die "cannot enrol the CA admin of $org; see $LOG_DIR/enroll-$org.log"
}

# Registers an identity once; "already registered" is fine (an earlier run got that far).
register() { # org name type [attrs]
  local org=$1 name=$2 type=$3 attrs=${4:-}
  local out
  out=$(FABRIC_CA_CLIENT_HOME="$STATE_DIR/ca-clients/$org" fabric-ca-client register \
    -u "$(ca_url "$org")" --tls.certfiles "$(ca_cert "$org")" -M "$(registrar_msp "$org")" \
    --id.name "$name" --id.secret "$(secret_for "$org" "$name")" --id.type "$type" \
    ${attrs:+--id.attrs "$attrs"} 2>&1) && return 0
  grep -q "is already registered" <<<"$out" && return 0
  die "cannot register $name with the $org CA: $out"
}

# Lays out an MSP directory the way Fabric expects it with NodeOUs.
normalise_msp() { # msp-dir org
  local msp=$1 org=$2
  rm -rf "$msp/cacerts" "$msp/intermediatecerts" "$msp/tlscacerts"
  mkdir -p "$msp/cacerts" "$msp/tlscacerts"
  cp "$(ca_cert "$org")" "$msp/cacerts/ca.pem"
  cp "$(ca_cert "$org")" "$msp/tlscacerts/ca.pem"
  cp "$CONFIG_DIR/msp-config.yaml" "$msp/config.yaml"
}

enroll_identity() { # org name type dir [attrs] [csr-hosts]
  local org=$1 name=$2 type=$3 dir=$4 attrs=${5:-} hosts=${6:-}
  [ -s "$dir/msp/signcerts/cert.pem" ] && return 0
  register "$org" "$name" "$type" "$attrs"
  local url="https://$name:$(secret_for "$org" "$name")@127.0.0.1:$(ca_port "$org")"
  ca_client "$org" enroll -u "$url" -M "$dir/msp" ||
    die "cannot enrol $name with the $org CA; see $LOG_DIR/enroll-$org.log"
  mv "$dir/msp/keystore/"*_sk "$dir/msp/keystore/key.pem"
  normalise_msp "$dir/msp" "$org"
  if [ -n "$hosts" ]; then
    ca_client "$org" enroll -u "$url" -M "$dir/tls-enroll" --enrollment.profile tls --csr.hosts "$hosts" ||
      die "cannot enrol the TLS certificate of $name; see $LOG_DIR/enroll-$org.log"
    mkdir -p "$dir/tls"
    cp "$dir/tls-enroll/signcerts/cert.pem" "$dir/tls/server.crt"
    cp "$dir/tls-enroll/keystore/"*_sk "$dir/tls/server.key"
    cp "$(ca_cert "$org")" "$dir/tls/ca.crt"
    rm -rf "$dir/tls-enroll"
  fi
}

build_org_msp() { # org
  local org=$1 msp
  msp="$(org_dir "$org")/msp"
  mkdir -p "$msp"
  normalise_msp "$msp" "$org"
}

enroll_org() { # org
  local org=$1 dir
  dir=$(org_dir "$org")
  enroll_registrar "$org"
  build_org_msp "$org"
  enroll_identity "$org" admin admin "$dir/users/admin" \
    "hf.Registrar.Roles=client,hf.Registrar.Attributes=loulan.*,hf.Revoker=true,loulan.role=admin:ecert" \
    "127.0.0.1,localhost"
  enroll_identity "$org" gateway client "$dir/users/gateway" "loulan.role=gateway:ecert"
  enroll_identity "$org" peer0 peer "$dir/peers/peer0" "" "127.0.0.1,localhost,peer0.$org.loulan"
  enroll_identity "$org" chaincode client "$dir/chaincode" "" "127.0.0.1,localhost,chaincode.$org.loulan"
  local orderer
  for orderer in "${ORDERERS[@]}"; do
    [ "$(orderer_org "$orderer")" = "$org" ] || continue
    enroll_identity "$org" "$orderer" orderer "$dir/orderers/$orderer" "" "127.0.0.1,localhost,$orderer.loulan"
  done
}
