#!/usr/bin/env bash
# A throwaway local PostgreSQL for the read model's store tests, without Docker.
#   test/postgres.sh start   initdb a cluster in .loulan/test-postgres, start it on 127.0.0.1:$POSTGRES_TEST_PORT,
#                            create a database and print its URL (the only line on stdout)
#   test/postgres.sh stop    stop the server and delete the cluster
# Uses the machine's server binaries (PG_BIN, else the directory of `postgres` on PATH, else the
# newest /usr/lib/postgresql/*/bin); as root without any, installs Debian's `postgresql` package.
set -euo pipefail
# shellcheck source=../network/lib.sh
source "$(cd "$(dirname "$0")/.." && pwd)/network/lib.sh"

DIR="$ROOT_DIR/.loulan/test-postgres"
DATA="$DIR/data"
LOG="$DIR/postgres.log"
PORT=$(port_of POSTGRES_TEST_PORT)
DB=loulan_test
DB_USER=loulan

find_bin() {
  local dir
  if [ -n "${PG_BIN:-}" ]; then
    echo "$PG_BIN"
    return
  fi
  if command -v postgres >/dev/null; then
    # Debian links only some tools into PATH; initdb and pg_ctl sit next to the real binary.
    dirname "$(readlink -f "$(command -v postgres)")"
    return
  fi
  dir=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && echo "$dir"
}

install_server() {
  [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null ||
    die "no PostgreSQL server binaries found: install the postgresql package or set PG_BIN"
  echo "==> installing Debian's postgresql package" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
}

# PostgreSQL refuses to run as root: as root, run it as the `postgres` user (or nobody).
as_owner() {
  if [ "$(id -u)" -ne 0 ]; then
    "$@"
  elif id postgres >/dev/null 2>&1; then
    runuser -u postgres -- "$@"
  else
    runuser -u nobody -- "$@"
  fi
}

stop() {
  if [ -f "$DATA/postmaster.pid" ]; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
}

start() {
  stop
  require_free_port "$PORT" "the test PostgreSQL"
  mkdir -p "$DIR"
  local owner password
  owner=$(as_owner id -un)
  chown "$owner" "$DIR" 2>/dev/null || true
  password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  as_owner bash -c 'umask 077; cat > "$1"' _ "$DIR/pwfile" <<<"$password"
  echo "==> initdb $DATA ($("$BIN/postgres" --version), as $owner)" >&2
  as_owner "$BIN/initdb" -D "$DATA" -U "$DB_USER" --pwfile="$DIR/pwfile" --auth=scram-sha-256 \
    -E UTF8 --locale=C --no-sync >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
  rm -f "$DIR/pwfile"
  # Test data only: durability settings off for speed; TCP on loopback only, no Unix socket
  # (its path could exceed the 107-byte limit in a deep checkout).
  if ! as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 30 start \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null; then
    tail -n 20 "$LOG" >&2 || true
    die "the test PostgreSQL did not start"
  fi
  PGPASSWORD=$password "$BIN/psql" -qAt -h 127.0.0.1 -p "$PORT" -U "$DB_USER" -d postgres -c "CREATE DATABASE $DB" >&2
  echo "postgres://$DB_USER:$password@127.0.0.1:$PORT/$DB"
}

BIN=$(find_bin || true)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  [ "${1:-}" = stop ] && { rm -rf "$DIR"; exit 0; }
  install_server
  BIN=$(find_bin)
fi

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) die "usage: test/postgres.sh start|stop" ;;
esac
