# A throw-away PostgreSQL cluster on a free loopback port, owned by the postgres user (it refuses
# to run as root). Sourced by .ci/run; also usable by hand:
#   source .ci/postgres.sh && start_postgres && python3 dev.py test; stop_postgres
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

start_postgres() {
  PG_DIR=$(mktemp -d /tmp/ws-pg.XXXXXX)
  PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  chown postgres "$PG_DIR"
  su postgres -c "$PG_BIN/initdb -D $PG_DIR/data -A trust -U postgres -E UTF8 >/dev/null"
  su postgres -c "$PG_BIN/pg_ctl -D $PG_DIR/data -o '-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200' -l $PG_DIR/log -w start >/dev/null"
  export WORKSTATION_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/postgres"
  export PG_DIR
  echo "PostgreSQL $($PG_BIN/postgres --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
}

stop_postgres() {
  [ -n "${PG_DIR:-}" ] || return 0
  su postgres -c "$PG_BIN/pg_ctl -D $PG_DIR/data -m fast stop >/dev/null" || true
  rm -rf "$PG_DIR"
}
