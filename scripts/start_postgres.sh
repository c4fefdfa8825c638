#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the store and web tests, and print its SQLAlchemy URL.
#
# Idempotent: installs Debian's postgresql if missing, initialises /tmp/bw-pg once (as the postgres user,
# because initdb refuses to run as root), starts the server on port 55432 if it is not running, and creates
# the test role and database if they do not exist. Usage:
#     export BOUNDARYWATCH_TEST_PG="$(scripts/start_postgres.sh)"
set -euo pipefail

PGDATA="${BW_PG_DATA:-/tmp/bw-pg}"
PGPORT="${BW_PG_PORT:-55432}"
PGUSER_NAME="${BW_PG_USER:-bw}"
PGPASS="${BW_PG_PASSWORD:-bw}"
PGDB="${BW_PG_DB:-bw_test}"

log() { echo "$@" >&2; }

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    log "installing postgresql"
    if [ "$(id -u)" -ne 0 ]; then log "postgresql is missing and this is not root"; exit 1; fi
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
PGBIN="$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")"

as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ ! -f "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PGDATA"; fi
    chmod 700 "$PGDATA"
    as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust --no-sync >/dev/null
fi

if ! as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
        -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
fi

psql_pg() { as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -tAq "$@"; }
if [ "$(psql_pg -c "SELECT 1 FROM pg_roles WHERE rolname='$PGUSER_NAME'")" != "1" ]; then
    psql_pg -c "CREATE ROLE $PGUSER_NAME LOGIN PASSWORD '$PGPASS'"
fi
if [ "$(psql_pg -c "SELECT 1 FROM pg_database WHERE datname='$PGDB'")" != "1" ]; then
    psql_pg -c "CREATE DATABASE $PGDB OWNER $PGUSER_NAME"
fi

echo "postgresql+psycopg://$PGUSER_NAME:$PGPASS@127.0.0.1:$PGPORT/$PGDB"
