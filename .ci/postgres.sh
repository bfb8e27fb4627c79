# A throw-away PostgreSQL for the tests and the benchmark (sourced by .ci/run and bench/run).
# Debian's server binaries (/usr/lib/postgresql/*/bin), a cluster in a temporary directory on a
# free loopback port, password authentication over TCP, run as the unprivileged `postgres` user
# when we are root (PostgreSQL refuses to run as root). Nothing of the machine's own clusters is
# touched.
#
#   pg_start [fast]   starts it; sets PG_DIR, PG_PORT, PG_URL (the maintenance database
#                     `postgres`), PG_USER, PG_PASSWORD and PG_CTL (a script: `$PG_CTL stop|start`);
#                     `fast` turns fsync off (tests: speed over crash safety)
#   pg_stop           stops it and removes its directory (safe to call twice, or before pg_start)

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

pg_start() {
  local bin; bin=$(pg_bin)
  [[ -n $bin && -x $bin/initdb ]] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; return 1; }
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/interlock-pg.XXXXXX")
  local as=()
  if [[ $(id -u) == 0 ]]; then
    chown postgres: "$PG_DIR"
    as=(runuser -u postgres --)
  fi
  PG_USER=interlock
  PG_PASSWORD=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)
  local options="-c listen_addresses=127.0.0.1 -k $PG_DIR"
  [[ ${1:-} == fast ]] && options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  printf '%s\n' "$PG_PASSWORD" | "${as[@]}" tee "$PG_DIR/pw" >/dev/null
  "${as[@]}" "$bin/initdb" -D "$PG_DIR/data" -U "$PG_USER" --pwfile="$PG_DIR/pw" --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --locale=C >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  local try
  for try in $(seq 1 20); do
    PG_PORT=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null && continue   # taken
    if "${as[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 -o "-p $PG_PORT $options" start >/dev/null; then
      break
    fi
    PG_PORT=""
  done
  [[ -n $PG_PORT ]] || { tail -20 "$PG_DIR/server.log" >&2; echo "PostgreSQL did not start" >&2; return 1; }
  PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres"
  PG_CTL=$PG_DIR/ctl
  local q=""; [[ ${#as[@]} -gt 0 ]] && q="runuser -u postgres --"
  cat >"$PG_CTL" <<CTL
#!/usr/bin/env bash
# stop|start the test PostgreSQL in $PG_DIR (for tests that take the database away and bring it back)
set -euo pipefail
case "\${1:-}" in
  stop) $q "$bin/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 60 stop ;;
  start) $q "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 -o "-p $PG_PORT $options" start ;;
  *) echo "usage: \$0 stop|start" >&2; exit 2 ;;
esac
CTL
  chmod 755 "$PG_CTL"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (data in $PG_DIR)"
}

pg_stop() {
  [[ -n ${PG_DIR:-} && -d $PG_DIR ]] || return 0
  local as=(); [[ $(id -u) == 0 ]] && as=(runuser -u postgres --)
  [[ -f $PG_DIR/data/postmaster.pid ]] && "${as[@]}" "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}
