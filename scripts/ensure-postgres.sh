#!/usr/bin/env bash
# PostgreSQL from Debian's packages, for the tests that keep the Dagster instance in it.
#
#   scripts/ensure-postgres.sh                  install Debian's postgresql when initdb/pg_ctl are missing
#   scripts/ensure-postgres.sh start DIR PORT   install if needed, then a new throwaway server with its
#                                               data in DIR, listening on 127.0.0.1:PORT only; its
#                                               superuser is $PGUSER (default threadline) with password
#                                               $PGPASSWORD (default threadline)
#   scripts/ensure-postgres.sh stop DIR         stop that server (removing DIR is the caller's job)
#
# initdb and postgres refuse to run as root: as root, both run as the `postgres` user the package
# creates (or `threadline-pg`, created here, when there is no such user), so DIR must be a folder
# that user can reach, e.g. one under /tmp.
set -euo pipefail
PATH="$PATH:/usr/sbin:/sbin"  # runuser and useradd, for callers whose PATH lacks them

SUPERUSER=${PGUSER:-threadline}
PASSWORD=${PGPASSWORD:-threadline}

is_root() { [ "$(id -u)" -eq 0 ]; }

# Debian keeps the server programs off PATH, in /usr/lib/postgresql/<major>/bin; other systems
# (and this machine's /usr/local/bin links) put them on PATH.
server_bin_dir() {
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return 0
    fi
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

install_postgres() {
    local sudo=""
    is_root || sudo="sudo"
    echo "Installing Debian's postgresql for the tests…" >&2
    # No default cluster: the tests start servers of their own, and nothing should take port 5432.
    $sudo mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" | $sudo tee /etc/postgresql-common/createcluster.d/threadline.conf >/dev/null
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
}

ensure_installed() {
    server_bin_dir >/dev/null || install_postgres
    server_bin_dir >/dev/null || { echo "ensure-postgres: no initdb/pg_ctl even after installing postgresql" >&2; exit 1; }
}

# The unprivileged user the server runs as when the caller is root.
server_user() {
    if id -u postgres >/dev/null 2>&1; then
        echo postgres
        return
    fi
    id -u threadline-pg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin threadline-pg
    echo threadline-pg
}

as_server_user() {
    if is_root; then
        runuser -u "$(server_user)" -- "$@"
    else
        "$@"
    fi
}

start_server() {
    local dir=$1 port=$2 bin
    ensure_installed
    bin=$(server_bin_dir)
    mkdir -p "$dir"
    if is_root; then chown "$(server_user)" "$dir"; fi
    if ! as_server_user test -w "$dir"; then
        echo "ensure-postgres: $dir is out of reach of the server's user ($(server_user)); use a folder under /tmp" >&2
        exit 1
    fi
    local pwfile="$dir/superuser-password"
    (umask 077 && printf '%s\n' "$PASSWORD" >"$pwfile")
    if is_root; then chown "$(server_user)" "$pwfile"; fi
    as_server_user "$bin/initdb" --pgdata="$dir/data" --username="$SUPERUSER" --pwfile="$pwfile" \
        --auth=scram-sha-256 --encoding=UTF8 --no-locale --no-sync >"$dir/initdb.log"
    rm -f "$pwfile"
    # Throwaway data: durability settings off. The socket goes in DIR, not /var/run/postgresql.
    as_server_user "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait --timeout=60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null
}

stop_server() {  # at once: the data is thrown away, no checkpoint is worth waiting for
    local dir=$1 bin
    bin=$(server_bin_dir)
    as_server_user "$bin/pg_ctl" --pgdata="$dir/data" --mode=immediate --wait stop >/dev/null
}

case "${1:-install}" in
    install) ensure_installed ;;
    start) start_server "${2:?start needs DIR}" "${3:?start needs PORT}" ;;
    stop) stop_server "${2:?stop needs DIR}" ;;
    *) echo "usage: $0 [install | start DIR PORT | stop DIR]" >&2; exit 2 ;;
esac
