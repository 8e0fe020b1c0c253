#!/usr/bin/env bash
# Throwaway PostgreSQL and Redis servers on loopback, for CI, benchmarks and load tests.
#   tools/services.sh start   install what is missing (Debian, as root), start both servers
#   tools/services.sh env     print the exports that point Jinwei at them (eval "$(tools/services.sh env)")
#   tools/services.sh stop    stop both and delete their data
# Ports and folder: JINWEI_PG_PORT (54329), JINWEI_REDIS_PORT (63799), JINWEI_SERVICES_DIR (/tmp/jinwei-services).
set -euo pipefail
DIR=${JINWEI_SERVICES_DIR:-/tmp/jinwei-services}
PGPORT=${JINWEI_PG_PORT:-54329}
REDISPORT=${JINWEI_REDIS_PORT:-63799}
PGUSER=jinwei
PGDB=jinwei

as_postgres() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$bin" ] && [ -x "$bin/initdb" ] && echo "$bin"
}

install_missing() {
  local pkgs=()
  [ -n "$(pg_bin)" ] || pkgs+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || pkgs+=(redis-server)
  if [ ${#pkgs[@]} -gt 0 ]; then
    if [ "$(id -u)" != "0" ]; then echo "Please install: ${pkgs[*]}" >&2; exit 1; fi
    echo "Installing ${pkgs[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
  fi
}

start() {
  install_missing
  local bin; bin=$(pg_bin)
  stop >/dev/null 2>&1 || true
  mkdir -p "$DIR"
  chmod 755 "$DIR"
  mkdir -p "$DIR/pg"
  [ "$(id -u)" = "0" ] && chown postgres "$DIR/pg"
  as_postgres "$bin/initdb" -D "$DIR/pg" -U "$PGUSER" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_postgres "$bin/pg_ctl" -D "$DIR/pg" -l "$DIR/pg/server.log" -w \
    -o "-p $PGPORT -k $DIR/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
  as_postgres "$bin/createdb" -h 127.0.0.1 -p "$PGPORT" -U "$PGUSER" "$PGDB"
  redis-server --port "$REDISPORT" --bind 127.0.0.1 --daemonize yes --save "" --appendonly no \
    --dir "$DIR" --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log"
  for _ in $(seq 50); do redis-cli -p "$REDISPORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  echo "PostgreSQL on 127.0.0.1:$PGPORT, Redis on 127.0.0.1:$REDISPORT (data in $DIR)"
}

stop() {
  local bin; bin=$(pg_bin || true)
  if [ -n "$bin" ] && [ -f "$DIR/pg/postmaster.pid" ]; then
    as_postgres "$bin/pg_ctl" -D "$DIR/pg" -m fast -w stop >/dev/null || true
  fi
  if command -v redis-cli >/dev/null 2>&1; then redis-cli -p "$REDISPORT" shutdown nosave >/dev/null 2>&1 || true; fi
  rm -rf "$DIR"
}

env_exports() {
  echo "export DATABASE_URL=postgres://$PGUSER@127.0.0.1:$PGPORT/$PGDB"
  echo "export CELERY_BROKER_URL=redis://127.0.0.1:$REDISPORT/0"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) env_exports ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
