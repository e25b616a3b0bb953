#!/usr/bin/env bash
# A private PostgreSQL server for the tests, from Debian's packages, on 127.0.0.1 only:
#   scripts/postgres.sh install          install the server when it is missing (apt)
#   scripts/postgres.sh start DIR PORT   a new cluster in DIR; prints its URL
#   scripts/postgres.sh stop DIR         stop it and remove DIR
# PostgreSQL will not run as root: as root, the cluster belongs to the postgres user.
set -euo pipefail
bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-}" in
  install)
    if [ -z "$(bindir)" ]; then
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -q >/dev/null
      apt-get install -y -q --no-install-recommends postgresql >/dev/null
    fi ;;
  start)
    dir=$2 port=$3 bin=$(bindir)
    [ -n "$bin" ] || { echo "PostgreSQL is not installed (scripts/postgres.sh install)" >&2; exit 3; }
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C >/dev/null
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres" ;;
  stop)
    dir=$2 bin=$(bindir)
    if [ -n "$bin" ] && [ -d "$dir/data" ]; then as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true; fi
    rm -rf "$dir" ;;
  *) echo "usage: $0 install | start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
