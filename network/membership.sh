# Online changes of the network: an ordering node joins or leaves the consenter set by a channel
# configuration update, a peer joins an org and a new org joins the channel, while transactions keep
# committing and the ledger is kept. Sourced by net.sh.
#
# A consenter update: fetch the latest config block, build the update from it
# (gateway/src/tools/channel-consenters.ts; the pinned configtxlator cannot decode a SmartBFT
# configuration), sign it as the admins of a majority of the orgs (the /Channel/Orderer/Admins policy,
# MAJORITY Admins; the node's own org first, since its endpoint list is its org's to change), and
# submit it to a running ordering node.

UPDATE_DIR="$STATE_DIR/config-updates"
UPDATE_LOG="$LOG_DIR/config-update.log"
CONSENTERS_TOOL="$ROOT_DIR/gateway/dist/tools/channel-consenters.js"
ORG_TOOL="$ROOT_DIR/gateway/dist/tools/channel-org.js"
# The node numbers `add-orderer` may use: those with ports in fabric-samples-config/topology.env.
ADDABLE_ORDERERS=(orderer5 orderer6 orderer7)

require_running_network() {
  is_running "$(peer_name platform)" || die "the network is not running; run 'make up'"
}

# Writes the channel's latest config block to $1/config.block, from the running ordering node with the
# highest ledger (one still catching up answers an old configuration).
fetch_config_block() { # work-dir
  local dir=$1 orderer
  orderer=$(highest_orderer)
  (
    use_org_admin platform
    # shellcheck disable=SC2046
    peer channel fetch config "$dir/config.block" -c "$CHANNEL_NAME" $(orderer_tls_args "$orderer") >>"$UPDATE_LOG" 2>&1
  ) || die "cannot fetch the channel configuration from $orderer; see $UPDATE_LOG"
}

# The orgs whose admins sign an update: `first`, then the other members (every org, unless named) in
# order, until they are a majority of the members.
update_signers() { # first-org [member-org...]
  local first=$1 org needed members
  shift
  members=("$@")
  [ ${#members[@]} -gt 0 ] || members=("${ORGS[@]}")
  needed=$((${#members[@]} / 2 + 1))
  echo "$first"
  for org in "${members[@]}"; do
    [ "$org" = "$first" ] && continue
    [ "$needed" -gt 1 ] || break
    echo "$org"
    needed=$((needed - 1))
  done
}

# Signs $1/envelope.pb as a majority of the member orgs' admins (every org, unless named) and submits it
# to the first running ordering node. The last signer signs as it submits, and is kept in $1/submitter
# for a submission again (await_config_update).
submit_config_update() { # work-dir owner-org [member-org...]
  local dir=$1 owner=$2 orderer signers last org
  shift 2
  mapfile -t signers < <(update_signers "$owner" "$@")
  last=${signers[-1]}
  for org in "${signers[@]:0:${#signers[@]}-1}"; do
    (use_org_admin "$org" && peer channel signconfigtx -f "$dir/envelope.pb" >>"$UPDATE_LOG" 2>&1) ||
      die "the $org admin could not sign the update; see $UPDATE_LOG"
  done
  echo "$last" >"$dir/submitter"
  orderer=$(running_orderer)
  broadcast_config_update "$dir" "$orderer" || die "the configuration update was refused; see $UPDATE_LOG"
  ok "configuration update signed by the admins of ${signers[*]} and submitted to $orderer"
}

broadcast_config_update() { # work-dir ordererN
  local dir=$1 orderer=$2
  (
    use_org_admin "$(cat "$dir/submitter")"
    # shellcheck disable=SC2046
    peer channel update -f "$dir/envelope.pb" -c "$CHANNEL_NAME" $(orderer_tls_args "$orderer") >>"$UPDATE_LOG" 2>&1
  )
}

# The running ordering node with the highest ledger.
highest_orderer() {
  local orderer height top="" best=-1
  for orderer in "${ORDERERS[@]}"; do
    is_running "$orderer" || continue
    height=$(orderer_height "$orderer")
    [ -n "$height" ] || continue
    if [ "$height" -gt "$best" ]; then
      top=$orderer
      best=$height
    fi
  done
  [ -n "$top" ] || top=$(running_orderer)
  echo "$top"
}

# Waits until the channel's latest config block (from the highest node) satisfies `predicate
# config.block [arg...]`. A healthy service orders an update within seconds; the pinned SmartBFT can
# keep a request that a node took in while a view change settled until the request is dropped
# (RequestAutoRemoveTimeout, 3 minutes), so the update goes again to the next running node every
# RESUBMIT_SECONDS. Once one copy is ordered the others are refused as stale: the update applies once.
RESUBMIT_SECONDS=30
await_config_update() { # work-dir seconds predicate [arg...]
  local dir=$1 seconds=$2 deadline next attempt=0 running=() orderer
  shift 2
  deadline=$((SECONDS + seconds))
  next=$((SECONDS + RESUBMIT_SECONDS))
  until fetch_config_block "$dir" && "$1" "$dir/config.block" "${@:2}"; do
    [ $SECONDS -lt $deadline ] || die "the configuration update is not in a block after ${seconds}s; see $UPDATE_LOG"
    if [ $SECONDS -ge $next ]; then
      mapfile -t running < <(for orderer in "${ORDERERS[@]}"; do is_running "$orderer" && echo "$orderer"; done)
      attempt=$((attempt + 1))
      orderer=${running[attempt % ${#running[@]}]}
      if broadcast_config_update "$dir" "$orderer"; then
        warn "the configuration update is not ordered yet; submitted it again, to $orderer"
      fi
      next=$((SECONDS + RESUBMIT_SECONDS))
    fi
    sleep 1
  done
}

# The consenters the block lists: `<cluster host:port> <MSP or ->`, one a line.
consenters_of() { # config.block
  [ -f "$CONSENTERS_TOOL" ] || die "the gateway's tools are not built; run 'npm run build'"
  node "$CONSENTERS_TOOL" --block "$1" --list 2>>"$UPDATE_LOG" || die "cannot read the consenters; see $UPDATE_LOG"
}

cluster_endpoint() { echo "$(process_host "$1"):$(port_of "$(upper "$1")_CLUSTER_PORT")"; }

is_consenter() { # config.block ordererN
  consenters_of "$1" | cut -d' ' -f1 | grep -qx "$(cluster_endpoint "$2")"
}

# Writes the unsigned update adding or removing the node to $1/envelope.pb; false when there is nothing to change.
build_consenter_update() { # work-dir add|remove ordererN
  local dir=$1 change=$2 orderer=$3 org crypto status=0
  org=$(orderer_org "$orderer")
  crypto="$(org_dir "$org")/orderers/$orderer"
  node "$CONSENTERS_TOOL" --block "$dir/config.block" "--$change" --msp "$(msp_id "$org")" \
    --cluster "$(cluster_endpoint "$orderer")" --endpoint "$(process_host "$orderer"):$(orderer_port "$orderer")" \
    --identity "$crypto/msp/signcerts/cert.pem" --tls "$crypto/tls/server.crt" --out "$dir/envelope.pb" 2>>"$UPDATE_LOG" || status=$?
  [ $status -eq 3 ] && return 1
  [ $status -eq 0 ] || die "cannot build the configuration update; see $UPDATE_LOG"
}

# Whether the block lists `orderer` as a consenter (present) or not (absent).
consenter_is() { # config.block ordererN present|absent
  local found=absent
  is_consenter "$1" "$2" && found=present
  [ "$found" = "$3" ]
}

new_update_dir() { # label
  local dir
  dir="$UPDATE_DIR/$(date -u +%Y%m%dT%H%M%SZ)-$1"
  mkdir -p "$dir"
  echo "$dir"
}

# The node to add: the one named, else one an interrupted add-orderer left half-added (in the topology
# but not a consenter, or running without the channel), else the first free name.
orderer_to_add() { # org config.block [ordererN]
  local org=$1 config=$2 orderer=${3:-}
  if [ -n "$orderer" ]; then
    port_of "$(upper "$orderer")_CLUSTER_PORT" >/dev/null
    if printf '%s\n' "${ORDERERS[@]}" | grep -qx "$orderer" && [ "$(orderer_org "$orderer")" != "$org" ]; then
      die "$orderer is run by $(orderer_org "$orderer"), not $org"
    fi
    echo "$orderer"
    return 0
  fi
  for orderer in "${ORDERERS[@]}"; do
    [ "$(orderer_org "$orderer")" = "$org" ] || continue
    if ! is_consenter "$config" "$orderer" || { is_running "$orderer" && [ -z "$(orderer_height "$orderer")" ]; }; then
      echo "$orderer"
      return 0
    fi
  done
  for orderer in "${ADDABLE_ORDERERS[@]}"; do
    if ! printf '%s\n' "${ORDERERS[@]}" | grep -qx "$orderer"; then
      echo "$orderer"
      return 0
    fi
  done
  die "every reserved ordering node name is in use (${ADDABLE_ORDERERS[*]}); add ports for another in fabric-samples-config/topology.env"
}

# Waits until `node`'s ledger is as high as `reference`'s; `height` reads either (orderer_height,
# peer_height). It waits as long as the node makes progress: a long ledger takes a peer minutes to
# validate again, and only a node that gains no block for STALL_SECONDS is reported.
STALL_SECONDS=60
wait_caught_up() { # node reference height-function
  local node=$1 reference=$2 height=$3 mine theirs last="" since=$SECONDS
  while :; do
    mine=$("$height" "$node")
    theirs=$("$height" "$reference")
    [ -n "$mine" ] && [ -n "$theirs" ] && [ "$mine" -ge "$theirs" ] && break
    if [ "$mine" != "$last" ]; then
      last=$mine
      since=$SECONDS
    fi
    [ $((SECONDS - since)) -lt $STALL_SECONDS ] ||
      die "$node is at height ${mine:-?} of ${theirs:-?} and gained no block for ${STALL_SECONDS}s; see $LOG_DIR/$node.log"
    sleep 1
  done
  ok "$node is at height $mine, as $reference"
}

# Waits until every running ordering node on the channel is as high as the highest. Before a consenter
# change, so that no node has to catch up across it; after one, every node must have taken it. The
# pinned SmartBFT can leave a node that was still catching up when the consenter set changed stuck
# on the old set ("signature set did not satisfy policy" in its log) until it restarts and reads the
# configuration again: a node that gains no block for ORDERER_STALL_SECONDS is restarted once. An
# ordering node pulls the blocks it misses within seconds, and the BFT service may wait for the stuck
# one (its view change did in a test), so it is not given the minute a peer validating its ledger gets.
ORDERER_STALL_SECONDS=20
wait_orderers_in_step() {
  local orderer top
  top=$(highest_orderer)
  for orderer in "${ORDERERS[@]}"; do
    [ "$orderer" != "$top" ] && is_running "$orderer" && [ -n "$(orderer_height "$orderer")" ] || continue
    (STALL_SECONDS=$ORDERER_STALL_SECONDS wait_caught_up "$orderer" "$top" orderer_height) && continue
    warn "$orderer stopped catching up; restarting it so that it reads the channel configuration again"
    stop_process "$orderer"
    start_orderers "$orderer"
    wait_caught_up "$orderer" "$top" orderer_height
  done
}

cmd_add_orderer() {
  local org=${1:?usage: add-orderer ORG [NODE]} node=${2:-}
  msp_id "$org" >/dev/null
  require_running_network
  local dir orderer before
  dir=$(new_update_dir add-orderer)
  fetch_config_block "$dir"
  orderer=$(orderer_to_add "$org" "$dir/config.block" "$node")
  before=$(consenters_of "$dir/config.block" | wc -l)
  save_initial_orderers
  printf '%s %s\n' "$orderer" "$org" | sort -u -o "$ORDERER_TOPOLOGY" "$ORDERER_TOPOLOGY" -
  mapfile -t ORDERERS < <(orderer_table | cut -d' ' -f1)

  step "$orderer: identity and TLS certificate from the $org CA"
  enroll_identity "$org" "$orderer" orderer "$(org_dir "$org")/orderers/$orderer" "" "$(tls_hosts "$org" "$orderer.loulan")"
  step "$orderer: starting (no channel yet)"
  start_orderers "$orderer"
  if build_consenter_update "$dir" add "$orderer"; then
    step "every running ordering node at the same height before the change"
    wait_orderers_in_step
    step "channel configuration update: $orderer joins the consenters ($before -> $((before + 1)))"
    submit_config_update "$dir" "$org"
    await_config_update "$dir" 180 consenter_is "$orderer" present
  else
    ok "$orderer is already a consenter"
  fi
  step "$orderer: joining $CHANNEL_NAME from the latest config block, then catching up the ledger"
  join_orderer_from_config "$orderer"
  wait_caught_up "$orderer" "$(running_orderer)" orderer_height
  wait_orderers_in_step
  ok "$orderer ($org) is a consenter of $CHANNEL_NAME"
}

# A node that joins a running channel starts from its latest config block (which names it) and pulls
# the blocks before it from the other nodes ("onboarding").
join_orderer_from_config() { # ordererN
  local orderer=$1 dir out
  out=$(osnadmin_for "$orderer" channel list --channelID "$CHANNEL_NAME" 2>&1) || true
  grep -q '"name": *"'"$CHANNEL_NAME"'"' <<<"$out" && return 0
  dir=$(new_update_dir "join-$orderer")
  fetch_config_block "$dir"
  out=$(osnadmin_for "$orderer" channel join --channelID "$CHANNEL_NAME" --config-block "$dir/config.block" 2>&1) ||
    die "$orderer could not join $CHANNEL_NAME: $out"
  grep -q "Status: 201" <<<"$out" || die "$orderer could not join $CHANNEL_NAME: $out"
}

# The fewest consenters `remove-orderer` leaves: BFT tolerates one faulty node from 4, Raft one
# crashed node from 3.
minimum_consenters() {
  if [ "$(consensus_type)" = bft ]; then echo 4; else echo 3; fi
}

cmd_remove_orderer() {
  local orderer=${1:?usage: remove-orderer NODE}
  require_running_network
  printf '%s\n' "${ORDERERS[@]}" | grep -qx "$orderer" || die "'$orderer' is not an ordering node; ordering nodes: ${ORDERERS[*]}"
  local org dir count
  org=$(orderer_org "$orderer")
  dir=$(new_update_dir remove-orderer)
  fetch_config_block "$dir"
  if is_consenter "$dir/config.block" "$orderer"; then
    count=$(consenters_of "$dir/config.block" | wc -l)
    [ "$count" -gt "$(minimum_consenters)" ] ||
      die "$CHANNEL_NAME has $count consenters; a $(consensus_type) service keeps at least $(minimum_consenters) (make add-orderer first)"
    step "every running ordering node at the same height before the change"
    wait_orderers_in_step
    step "channel configuration update: $orderer leaves the consenters ($count -> $((count - 1)))"
    build_consenter_update "$dir" remove "$orderer" || die "$orderer is a consenter, yet the update found nothing to change"
    submit_config_update "$dir" "$org"
    await_config_update "$dir" 180 consenter_is "$orderer" absent
  else
    ok "$orderer is no longer a consenter"
  fi
  step "$orderer: leaving $CHANNEL_NAME and stopping"
  if is_running "$orderer"; then
    osnadmin_for "$orderer" channel remove --channelID "$CHANNEL_NAME" >>"$UPDATE_LOG" 2>&1 || true
    stop_process "$orderer"
  fi
  rm -rf "$(node_dir "$orderer")"
  save_initial_orderers
  awk -v node="$orderer" '$1 != node' "$ORDERER_TOPOLOGY" >"$ORDERER_TOPOLOGY.tmp"
  mv "$ORDERER_TOPOLOGY.tmp" "$ORDERER_TOPOLOGY"
  mapfile -t ORDERERS < <(orderer_table | cut -d' ' -f1)
  wait_orderers_in_step
  ok "$orderer removed; its ledger is deleted, its certificates are kept in $(org_dir "$org")/orderers/$orderer"
}

# The channel's consenters as the latest config block lists them: cluster endpoint and node.
cmd_consenters() {
  require_running_network
  local dir orderer endpoint msp name
  dir=$(new_update_dir consenters)
  fetch_config_block "$dir"
  while read -r endpoint msp; do
    name=unknown
    for orderer in "${ORDERERS[@]}"; do
      if [ "$(cluster_endpoint "$orderer")" = "$endpoint" ]; then
        name=$orderer
        break
      fi
    done
    echo "$name $endpoint $msp"
  done < <(consenters_of "$dir/config.block")
  rm -rf "$dir"
}

# The peer to add: the one named, else one an interrupted add-peer left in the topology without the
# channel, else the first name with ports in fabric-samples-config/topology.env.
peer_to_add() { # org [peer]
  local org=$1 name=${2:-} index ports
  if [ -n "$name" ]; then
    [ "$(peer_org "$name")" = "$org" ] || die "$name is not a peer of $org"
    echo "$name"
    return 0
  fi
  for name in "${PEERS[@]}"; do
    [ "$(peer_org "$name")" = "$org" ] || continue
    if [ -z "$(peer_height "$name")" ]; then
      echo "$name"
      return 0
    fi
  done
  for index in 1 2 3 4 5 6 7 8 9; do
    name="peer$index-$org"
    printf '%s\n' "${PEERS[@]}" | grep -qx "$name" && continue
    ports="$(peer_ports_prefix "$name")_PORT"
    [ -n "${!ports:-}" ] ||
      die "no ports for $name; add $(peer_ports_prefix "$name")_PORT, _CC_PORT and _OPS_PORT to fabric-samples-config/topology.env"
    echo "$name"
    return 0
  done
  die "$org has ten peers already"
}

cmd_add_peer() {
  local org=${1:?usage: add-peer ORG [NODE]} name=${2:-} id
  msp_id "$org" >/dev/null
  require_running_network
  name=$(peer_to_add "$org" "$name")
  touch "$PEER_TOPOLOGY"
  printf '%s %s\n' "$name" "$org" | sort -u -o "$PEER_TOPOLOGY" "$PEER_TOPOLOGY" -
  mapfile -t PEERS < <(peer_table | cut -d' ' -f1)

  step "$name: identity and TLS certificate from the $org CA"
  enroll_identity "$org" "${name%%-*}" peer "$(org_dir "$org")/peers/${name%%-*}" "" "$(tls_hosts "$org" "$(peer_host "$name")")"
  step "$name: starting (gossip through $(peer_name "$org"))"
  start_peer "$name"
  step "$name: joining $CHANNEL_NAME from the genesis block, then pulling the ledger"
  join_peer "$name"
  wait_caught_up "$name" "$(peer_name "$org")" peer_height
  id=$(deployed_package_id)
  if [ -n "$id" ]; then
    step "$name: installing chaincode $id (served by cc-$org)"
    install_on_peer "$name" "$(package_chaincode)" "$id"
  fi
  wait_for_gossip
  ok "$name ($org) serves $CHANNEL_NAME"
}

# --- a new org ------------------------------------------------------------------------------------
# An added org is `name MSP-id roles port-slot` in ORG_TOPOLOGY; its ports are rendered from its slot
# (ADDED_ORG<N>_PORT_BASE in fabric-samples-config/topology.env) into ADDED_PORTS, which lib.sh sources.
ADDED_ORG_SLOTS=(1 2 3)

added_org_msp() { echo "$(upper "${1:0:1}")${1:1}MSP"; }

write_added_ports() {
  local name msp roles slot base U
  : >"$ADDED_PORTS.tmp"
  while read -r name msp roles slot; do
    base=$(port_of "ADDED_ORG${slot}_PORT_BASE")
    U=$(upper "$name")
    cat >>"$ADDED_PORTS.tmp" <<PORTS
CA_${U}_PORT=$((base + 54))
CA_${U}_OPS_PORT=$((base + 55))
PEER_${U}_PORT=$((base + 61))
PEER_${U}_CC_PORT=$((base + 62))
PEER_${U}_OPS_PORT=$((base + 63))
CC_${U}_PORT=$((base + 64))
PEER1_${U}_PORT=$((base + 65))
PEER1_${U}_CC_PORT=$((base + 66))
PEER1_${U}_OPS_PORT=$((base + 67))
PORTS
  done < <(added_org_table)
  mv "$ADDED_PORTS.tmp" "$ADDED_PORTS"
  # shellcheck source=/dev/null
  source "$ADDED_PORTS"
}

# Records the org (name, MSP id, roles, the first free port slot) once; running again with the same
# roles finds it, with other roles is refused: the ledger admits an org's roles once.
record_added_org() { # org roles
  local org=$1 roles=$2 known slot used
  [[ $org =~ ^[a-z][a-z0-9]{1,15}$ ]] || die "ORG must be 2-16 lower-case letters and digits, starting with a letter (got '$org')"
  [[ $roles =~ ^[a-z-]+(,[a-z-]+)*$ ]] || die "ROLES must be a comma-separated list of roles, e.g. ROLES=merchant,supplier (got '$roles')"
  if printf '%s\n' "${INITIAL_ORGS[@]}" | grep -qx "$org"; then die "$org is one of the channel's first orgs"; fi
  known=$(added_org_roles "$org")
  if [ -n "$known" ]; then
    [ "$known" = "$roles" ] || die "$org was added with ROLES=$known; an org's roles are admitted once"
    return 0
  fi
  used=$(added_org_table | cut -d' ' -f4)
  for slot in "${ADDED_ORG_SLOTS[@]}" none; do
    grep -qx "$slot" <<<"$used" || break
  done
  [ "$slot" != none ] || die "every port slot for added orgs is in use; add ADDED_ORG$((${#ADDED_ORG_SLOTS[@]} + 1))_PORT_BASE to fabric-samples-config/topology.env"
  echo "$org $(added_org_msp "$org") $roles $slot" >>"$ORG_TOPOLOGY"
  mapfile -t ORGS < <(printf '%s\n' "${INITIAL_ORGS[@]}"; added_org_table | cut -d' ' -f1)
  mapfile -t PEERS < <(peer_table | cut -d' ' -f1)
}

has_org() { # config.block MSP-id
  [ -f "$ORG_TOOL" ] || die "the gateway's tools are not built; run 'npm run build'"
  local status=0
  node "$ORG_TOOL" --block "$1" --has "$2" 2>>"$UPDATE_LOG" || status=$?
  [ $status -eq 0 ] && return 0
  [ $status -eq 3 ] && return 1
  die "cannot read the channel's orgs; see $UPDATE_LOG"
}

# The org's configuration group as configtxgen prints it (MSP and policies, as for the first orgs),
# encoded: $1/org.pb. configtxlator types a group's values by the group's place in a configuration,
# so the group is encoded where it goes, as the one org of an otherwise empty configuration.
print_org_group() { # work-dir org
  local dir=$1 org=$2 msp
  msp=$(msp_id "$org")
  ORG_MSP=$msp ORG_MSP_DIR="$(org_dir "$org")/msp" render "$CONFIG_DIR/org-configtx.yaml" "$dir/configtx.yaml"
  configtxgen -configPath "$dir" -printOrg "$msp" >"$dir/org.json" 2>>"$UPDATE_LOG" ||
    die "configtxgen cannot print $org's definition; see $UPDATE_LOG"
  {
    printf '{"channel_group":{"groups":{"Application":{"groups":{"%s":' "$msp"
    cat "$dir/org.json"
    printf '}}}}}\n'
  } >"$dir/org-config.json"
  configtxlator proto_encode --type common.Config --input "$dir/org-config.json" --output "$dir/org.pb" >>"$UPDATE_LOG" 2>&1 ||
    die "configtxlator cannot encode $org's definition; see $UPDATE_LOG"
}

# Adds the org to the channel's application group, signed by a majority of the members' admins.
join_channel_config() { # org
  local org=$1 msp dir member members=()
  msp=$(msp_id "$org")
  dir=$(new_update_dir "add-org-$org")
  # An ordering node still catching up (after a restart, say) answers an old configuration.
  wait_orderers_in_step
  fetch_config_block "$dir"
  if has_org "$dir/config.block" "$msp"; then
    ok "$msp is a member of $CHANNEL_NAME already"
    return 0
  fi
  for member in "${ORGS[@]}"; do [ "$member" = "$org" ] || members+=("$member"); done
  print_org_group "$dir" "$org"
  node "$ORG_TOOL" --block "$dir/config.block" --add "$dir/org.pb" --msp "$msp" \
    --anchor "$(org_host "$org"):$(peer_port "$org")" --out "$dir/envelope.pb" 2>>"$UPDATE_LOG" ||
    die "cannot build the configuration update; see $UPDATE_LOG"
  submit_config_update "$dir" platform "${members[@]}"
  await_config_update "$dir" 240 has_org "$msp"
}

# The ledger learns which roles the org's CA issues (system:AdmitOrganisation, by the platform admin
# through the gateway); the same roles again answer the first admission.
admit_org_roles() { # org
  local org=$1 roles body status
  roles=$(added_org_roles "$org" | sed 's/[^,]*/"&"/g')
  body=$(printf '{"mspId":"%s","roles":[%s]}' "$(msp_id "$org")" "$roles")
  # The API key goes to curl on its standard input, never on its command line.
  status=$(printf 'header = "Authorization: Bearer %s"\n' "$(cat "$(admin_api_key_file platform)")" |
    curl -sS -o "$UPDATE_LOG.admit" -w '%{http_code}' --config - -X POST -H 'Content-Type: application/json' \
      --data "$body" "$(gateway_url)/v1/system/organisations") || status=000
  cat "$UPDATE_LOG.admit" >>"$UPDATE_LOG" 2>/dev/null || true
  [ "$status" = 200 ] || [ "$status" = 201 ] || die "the ledger did not admit $org's roles (HTTP $status): $(cat "$UPDATE_LOG.admit" 2>/dev/null)"
}

cmd_add_org() {
  local org=${1:?usage: add-org ORG ROLES} roles=${2:?usage: add-org ORG ROLES, e.g. ROLES=merchant,supplier} id peer0
  require_running_network
  is_running gateway || die "the gateway is not running (it records the org's roles on the ledger); make start-node NODE=gateway"
  record_added_org "$org" "$roles"
  write_added_ports
  peer0=$(peer_name "$org")

  step "ca-$org: certificate authority of $(msp_id "$org")"
  start_ca "$org"
  step "$org: admin, gateway, peer and chaincode identities"
  enroll_org "$org"
  step "$peer0: starting"
  start_peer "$peer0"
  step "channel configuration update: $(msp_id "$org") joins $CHANNEL_NAME (anchor peer $peer0)"
  join_channel_config "$org"
  step "$peer0: joining $CHANNEL_NAME from the genesis block, then pulling the ledger"
  join_peer "$peer0"
  wait_caught_up "$peer0" "$(peer_name platform)" peer_height
  id=$(deployed_package_id)
  if [ -n "$id" ]; then
    step "chaincode $id: installed on $peer0, served by cc-$org, approved by $(msp_id "$org")"
    install_on_peer "$peer0" "$(package_chaincode)" "$id"
    start_chaincode_service "$org" "$id"
    approve_for_org "$org" "$id" "$(committed_sequence)"
  fi
  step "ledger: $(msp_id "$org") issues the roles $roles"
  admit_org_roles "$org"
  step "gateway: restarted with $org's CA and admin, to enrol its members"
  stop_process gateway
  start_gateway
  wait_for_gossip
  ok "$org ($(msp_id "$org")) is a member of $CHANNEL_NAME: its peer endorses, its CA enrols members with the roles $roles"
}
