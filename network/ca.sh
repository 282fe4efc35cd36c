# Fabric CA servers and enrolment of every identity. Sourced by net.sh.
#
# Each org runs one Fabric CA (SQLite). It issues enrolment certificates (with NodeOU
# by identity type) and, through the `tls` profile, TLS certificates; so the org's CA
# certificate is both its MSP root and its TLS root.

ca_home() { echo "$STATE_DIR/ca/$1"; }
ca_url() { echo "https://$(org_host "$1"):$(ca_port "$1")"; }
# The names a node's TLS certificate is valid for: its org's host (the topology's), localhost (for an
# admin's port forward) and the names given, e.g. peer0.<org>.loulan.
tls_hosts() { # org [name...]
  local org=$1
  shift
  (IFS=,; echo "$(org_host "$org"),localhost${*:+,$*}")
}

# Secrets are random per network and kept in the state directory, so re-running
# after an interruption re-enrols with the same secret instead of failing.
#
# No secret is ever a command-line argument: every local user can read any process's
# arguments (`ps`, /proc/<pid>/cmdline), but only its owner can read its environment.
# The CA's bootstrap password, enrolment secrets and registration secrets therefore
# travel in FABRIC_CA_SERVER_* / FABRIC_CA_CLIENT_* variables (both binaries read every
# flag from such a variable: viper with the prefix, `.` written `_`).
secret_for() { # org name
  local file="$STATE_DIR/secrets/$1-$2"
  if [ ! -s "$file" ]; then
    (umask 077 && mkdir -p "$STATE_DIR/secrets" && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$file")
  fi
  cat "$file"
}

# The CA's flags, one per line; `init` and `start` take the same ones (init creates the
# CA certificate from the csr flags, start serves with the others).
ca_server_flags() { # org
  local org=$1
  printf '%s\n' \
    --home "$(ca_home "$org")" \
    --port "$(ca_port "$org")" \
    --address "$(org_host "$org")" \
    --ca.name "ca-$org" \
    --csr.cn "ca.$org.loulan" \
    --csr.hosts "$(tls_hosts "$org" "ca.$org.loulan")" \
    --tls.enabled \
    --db.type sqlite3 \
    --operations.listenaddress "$(org_host "$org"):$(port_of "CA_$(upper "$org")_OPS_PORT")" \
    --metrics.provider prometheus
}

# Creates the CA once: configuration, CA key and certificate, database with the bootstrap
# identity. `init` writes the bootstrap identity into fabric-ca-server-config.yaml
# (registry.identities) from FABRIC_CA_SERVER_BOOT, the environment form of `--boot`;
# `start` then reads it from that file and needs no password at all. The CA home is
# 0700 and the scripts' umask 077 makes the config, database and keys 0600. init logs
# its settings, the bootstrap identity among them (`boot: caadmin:<password>`, which
# its own filter of sensitive lines misses); that line is masked before the log.
init_ca() { # org
  local org=$1 home flags
  home=$(ca_home "$org")
  mkdir -p "$home"
  chmod 700 "$home"
  [ -s "$home/fabric-ca-server-config.yaml" ] && return 0
  mapfile -t flags < <(ca_server_flags "$org")
  mkdir -p "$LOG_DIR"
  FABRIC_CA_SERVER_BOOT="caadmin:$(secret_for "$org" caadmin)" \
    fabric-ca-server init "${flags[@]}" 2>&1 | sed -E 's/^([[:space:]]*boot:).*/\1 <masked>/' >>"$LOG_DIR/ca-$org.log" ||
    die "cannot initialise the $org CA; last lines of $LOG_DIR/ca-$org.log:
$(tail -n 15 "$LOG_DIR/ca-$org.log" 2>/dev/null)"
}

start_ca() { # org
  local org=$1 flags
  init_ca "$org"
  mapfile -t flags < <(ca_server_flags "$org")
  start_process "ca-$org" "$(ca_port "$org")" fabric-ca-server start "${flags[@]}"
}

ca_client() { # org args...
  local org=$1
  shift
  FABRIC_CA_CLIENT_HOME="$STATE_DIR/ca-clients/$org" \
    fabric-ca-client "$@" --tls.certfiles "$(ca_cert "$org")" >>"$LOG_DIR/enroll-$org.log" 2>&1
}

# Enrols `name` with its secret. fabric-ca-client takes the id and secret only inside the
# server URL; FABRIC_CA_CLIENT_URL carries it instead of `-u`.
ca_enroll() { # org name msp-dir [enroll flags...]
  local org=$1 name=$2 msp=$3
  shift 3
  FABRIC_CA_CLIENT_URL="https://$name:$(secret_for "$org" "$name")@$(org_host "$org"):$(ca_port "$org")" \
    ca_client "$org" enroll -M "$msp" "$@"
}

registrar_msp() { echo "$(org_dir "$1")/users/caadmin/msp"; }

enroll_registrar() { # org
  local org=$1 msp
  msp=$(registrar_msp "$org")
  [ -s "$msp/signcerts/cert.pem" ] && return 0
  ca_enroll "$org" caadmin "$msp" ||
    die "cannot enrol the CA admin of $org; see $LOG_DIR/enroll-$org.log"
}

# Registers an identity once; "already registered" is fine (an earlier run got that far).
register() { # org name type [attrs]
  local org=$1 name=$2 type=$3 attrs=${4:-}
  local out
  # the secret in FABRIC_CA_CLIENT_ID_SECRET (the environment form of --id.secret)
  out=$(FABRIC_CA_CLIENT_HOME="$STATE_DIR/ca-clients/$org" FABRIC_CA_CLIENT_ID_SECRET="$(secret_for "$org" "$name")" \
    fabric-ca-client register \
    -u "$(ca_url "$org")" --tls.certfiles "$(ca_cert "$org")" -M "$(registrar_msp "$org")" \
    --id.name "$name" --id.type "$type" \
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
  ca_enroll "$org" "$name" "$dir/msp" ||
    die "cannot enrol $name with the $org CA; see $LOG_DIR/enroll-$org.log"
  mv "$dir/msp/keystore/"*_sk "$dir/msp/keystore/key.pem"
  normalise_msp "$dir/msp" "$org"
  if [ -n "$hosts" ]; then
    ca_enroll "$org" "$name" "$dir/tls-enroll" --enrollment.profile tls --csr.hosts "$hosts" ||
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
    "$(tls_hosts "$org")"
  enroll_identity "$org" gateway client "$dir/users/gateway" "loulan.role=gateway:ecert"
  enroll_identity "$org" peer0 peer "$dir/peers/peer0" "" "$(tls_hosts "$org" "peer0.$org.loulan")"
  enroll_identity "$org" chaincode client "$dir/chaincode" "" "$(tls_hosts "$org" "chaincode.$org.loulan")"
  local orderer
  for orderer in "${ORDERERS[@]}"; do
    [ "$(orderer_org "$orderer")" = "$org" ] || continue
    enroll_identity "$org" "$orderer" orderer "$dir/orderers/$orderer" "" "$(tls_hosts "$org" "$orderer.loulan")"
  done
}
