#!/usr/bin/env bash
# Run a command with a throw-away PostgreSQL server (issue 11: the storage tests run against
# SQLite and PostgreSQL). Usage: scripts/with-postgres.sh make test
#
# - Installs PostgreSQL from the Debian packages if no server binaries are found (as root;
#   otherwise says what to install), without letting the package create its own cluster.
# - Creates a cluster in a temporary folder (as the `postgres` user when run as root: initdb
#   refuses root), listening on 127.0.0.1 at a free port, with trust authentication.
# - Runs the command with GAPCHECK_TEST_DATABASE_URL pointing at it, then stops the server and
#   removes the folder, whatever happens (trap). The command's exit code is the script's.
set -euo pipefail

find_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n "$dir" && -x "$dir/initdb" ]]; then echo "$dir"; return; fi
    if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
        dirname "$(command -v initdb)"
    fi
}

BIN=$(find_bin)
if [[ -z "$BIN" ]]; then
    if [[ $(id -u) -ne 0 ]]; then
        echo "with-postgres: no PostgreSQL server found; install it (Debian: apt-get install postgresql)" >&2
        exit 1
    fi
    echo "with-postgres: installing PostgreSQL from the Debian packages" >&2
    # The package would create and start a cluster of its own: we only want the binaries.
    mkdir -p /etc/postgresql-common
    [[ -e /etc/postgresql-common/createcluster.conf ]] ||
        echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.conf
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    BIN=$(find_bin)
fi

RUN_AS=()
if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    RUN_AS=(runuser -u postgres --)
fi

PGDIR=$(mktemp -d /tmp/gapcheck-pg.XXXXXX)
chmod 700 "$PGDIR"
[[ ${#RUN_AS[@]} -eq 0 ]] || chown postgres "$PGDIR"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
    "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PGDIR"
}
trap stop EXIT INT TERM

"${RUN_AS[@]}" "$BIN/initdb" -D "$PGDIR/data" -U gapcheck -A trust -E UTF8 --locale=C \
    --no-sync >"$PGDIR/initdb.log" 2>&1 || { cat "$PGDIR/initdb.log" >&2; exit 1; }
"${RUN_AS[@]}" "$BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
    -o "-p $PORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
    start >/dev/null || { cat "$PGDIR/server.log" >&2; exit 1; }

export GAPCHECK_TEST_DATABASE_URL="postgresql+psycopg://gapcheck@127.0.0.1:$PORT/postgres"
echo "with-postgres: PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT" \
    "(GAPCHECK_TEST_DATABASE_URL set)" >&2
"$@"
