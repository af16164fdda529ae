#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests: installs Debian's `postgresql` if missing, starts a
# fresh cluster under /tmp on a free loopback port as the non-root `postgres` user, and
# prints the line to eval:
#     eval "$(bash .ci/postgres.sh)"   # exports ADVISOR_DESK_TEST_PG=postgresql+psycopg://…
# The cluster trusts loopback connections (test data only) and runs without fsync.
# Stop it with the `pg_ctl … stop` line this script prints on stderr.
set -euo pipefail

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "installing postgresql …" >&2
    $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"

# Root cannot run postgres: run the cluster as the package's `postgres` user when root.
as_pg() {
    if [ "$(id -u)" = "0" ]; then
        su postgres -s /bin/sh -c "$*"
    else
        sh -c "$*"
    fi
}

DIR="$(mktemp -d /tmp/advisor-desk-pg.XXXXXX)"
chmod 755 "$DIR"
if [ "$(id -u)" = "0" ]; then chown postgres: "$DIR"; fi
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

as_pg "'$BIN/initdb' -D '$DIR/data' -U postgres --auth=trust -E UTF8 --no-sync" >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; exit 1; }
as_pg "'$BIN/pg_ctl' -D '$DIR/data' -l '$DIR/server.log' -w -t 60 start -o \"-p $PORT -k '$DIR' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\"" >&2 \
    || { cat "$DIR/server.log" >&2; exit 1; }

echo "postgresql on 127.0.0.1:$PORT (data in $DIR); stop: su postgres -s /bin/sh -c \"$BIN/pg_ctl -D $DIR/data stop\"" >&2
echo "export ADVISOR_DESK_TEST_PG=postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
