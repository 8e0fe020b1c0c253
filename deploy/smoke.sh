#!/usr/bin/env bash
# Follows README's production section on this machine and ends with pages and a rendered report fetched
# over https://jinwei.example.org through the TLS proxy. Differences from the README, so that it can run
# beside other things: folders under $SMOKE_DIR instead of /srv/jinwei, /var/lib/jinwei and /etc/jinwei;
# PostgreSQL and Redis from tools/services.sh on their own ports (with the same append-only Redis);
# the systemd units' ExecStart lines run as background processes (no systemd in a container);
# nginx with a self-signed certificate on port $SMOKE_HTTPS_PORT. Needs root on Debian (installs nginx).
set -euo pipefail
cd "$(dirname "$0")/.."
APP=$(pwd)
DIR=${SMOKE_DIR:-/tmp/jinwei-smoke}
WEB_PORT=${SMOKE_WEB_PORT:-18000}
HTTPS_PORT=${SMOKE_HTTPS_PORT:-18443}
export JINWEI_PG_PORT=${SMOKE_PG_PORT:-54340} JINWEI_REDIS_PORT=${SMOKE_REDIS_PORT:-63810} JINWEI_SERVICES_DIR=$DIR/services
pids=()
cleanup() {
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  [ -f "$DIR/nginx.pid" ] && kill "$(cat "$DIR/nginx.pid")" 2>/dev/null || true
  tools/services.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
rm -rf "$DIR" && mkdir -p "$DIR/media" "$DIR/static" "$DIR/tls" "$DIR/log"

echo "== 1. system packages"
command -v nginx >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

echo "== 3-4. database and Redis (append-only)"
tools/services.sh start
eval "$(tools/services.sh env)"
redis-cli -p "$JINWEI_REDIS_PORT" CONFIG SET appendonly yes >/dev/null

echo "== 5. the environment file, from deploy/jinwei.env.example"
ENV_FILE=$DIR/jinwei.env
sed -e "s|^SECRET_KEY=.*|SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')|" \
    -e "s|^DATABASE_URL=.*|DATABASE_URL=$DATABASE_URL|" \
    -e "s|^CELERY_BROKER_URL=.*|CELERY_BROKER_URL=$CELERY_BROKER_URL|" \
    -e "s|^MEDIA_ROOT=.*|MEDIA_ROOT=$DIR/media|" \
    -e "s|^STATIC_ROOT=.*|STATIC_ROOT=$DIR/static|" deploy/jinwei.env.example > "$ENV_FILE"
# Nothing of the calling shell may help: the services see only the file.
unset DATABASE_URL CELERY_BROKER_URL CELERY_RESULT_BACKEND
in_env() { env -i PATH="$PATH" HOME="$HOME" LANG=C.UTF-8 sh -c "set -a; . '$ENV_FILE'; set +a; $*"; }

echo "== 6. install, migrate, collectstatic, a first account, check-deploy"
make -s setup
in_env .venv/bin/python manage.py migrate --noinput >/dev/null
in_env .venv/bin/python manage.py collectstatic --noinput >/dev/null
in_env DJANGO_SUPERUSER_PASSWORD=smoke-Password-2026 .venv/bin/python manage.py createsuperuser --noinput --username smoke --email smoke@example.org
env -i PATH="$PATH" HOME="$HOME" LANG=C.UTF-8 make -s check-deploy ENV_FILE="$ENV_FILE"

echo "== 7. the services, from the systemd units' ExecStart lines"
unit_cmd() {
  sed -n 's/^ExecStart=//p' "deploy/systemd/$1.service" \
    | sed -e "s|/srv/jinwei/app|$APP|g" -e "s|127.0.0.1:8000|127.0.0.1:$WEB_PORT|" -e "s|/var/lib/jinwei|$DIR|g"
}
for unit in jinwei-web jinwei-worker jinwei-beat; do
  in_env "exec $(unit_cmd $unit)" > "$DIR/log/$unit.log" 2>&1 &
  pids+=($!)
done

echo "== 8. the TLS proxy, from deploy/nginx/jinwei.conf (self-signed certificate)"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=jinwei.example.org" \
  -addext "subjectAltName=DNS:jinwei.example.org" -keyout "$DIR/tls/privkey.pem" -out "$DIR/tls/fullchain.pem" 2>/dev/null
sed -e "s|/etc/jinwei/tls|$DIR/tls|g" -e "s|127.0.0.1:8000|127.0.0.1:$WEB_PORT|" \
    -e "s|listen 443 ssl|listen $HTTPS_PORT ssl|" -e "s|listen 80;|listen $((HTTPS_PORT + 1));|" deploy/nginx/jinwei.conf > "$DIR/site.conf"
cat > "$DIR/nginx.conf" <<CONF
pid $DIR/nginx.pid;
error_log $DIR/log/nginx-error.log;
events {}
http {
  access_log $DIR/log/nginx-access.log;
  client_body_temp_path $DIR/nginx-body;
  proxy_temp_path $DIR/nginx-proxy;
  include $DIR/site.conf;
}
CONF
"$NGINX" -t -c "$DIR/nginx.conf" -p "$DIR" 2>/dev/null
"$NGINX" -c "$DIR/nginx.conf" -p "$DIR"

echo "== 9. check over the documented address"
fetch() { curl -sS --max-time 20 --resolve "jinwei.example.org:$HTTPS_PORT:127.0.0.1" --cacert "$DIR/tls/fullchain.pem" "$@"; }
for _ in $(seq 1 60); do fetch -o /dev/null "https://jinwei.example.org:$HTTPS_PORT/healthz" 2>/dev/null && break; sleep 1; done
health=$(fetch "https://jinwei.example.org:$HTTPS_PORT/healthz")
echo "healthz: $health"
[ "$health" = '{"database": "ok", "broker": "ok", "storage": "ok"}' ]
login=$(fetch -o /dev/null -w '%{http_code}' "https://jinwei.example.org:$HTTPS_PORT/accounts/login/")
[ "$login" = 200 ] || { echo "login page answered $login"; exit 1; }
plain=$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$WEB_PORT/accounts/login/" -H "Host: jinwei.example.org")
[ "$plain" = 301 ] || { echo "plain HTTP to gunicorn answered $plain, not a redirect to https"; exit 1; }
# A report rendered by the worker: a county root, the smoke account as its reviewer, the roster PDF.
cat > "$DIR/report.py" <<'PY'
import sys, time
from django.contrib.auth import get_user_model
from organizations.models import OrgRole
from organizations.services import organization_create_root
from reports.models import RunStatus
from reports.services import report_run_request
user = get_user_model().objects.get(username='smoke')
county = organization_create_root(name='冒烟测试县委')
OrgRole.objects.create(user=user, organization=county, role='county_reviewer')
run = report_run_request(actor=user, kind='roster', fmt='pdf', organization=county)
deadline = time.monotonic() + 120
while time.monotonic() < deadline and not run.is_finished:
    time.sleep(0.5); run.refresh_from_db()
print('report run', run.pk, run.status, run.error)
sys.exit(0 if run.status == RunStatus.DONE and run.file.open('rb').read(5) == b'%PDF-' else 1)
PY
in_env ".venv/bin/python manage.py shell < '$DIR/report.py'"
for i in 0 1 2; do kill -0 "${pids[$i]}" || { echo "a service stopped:"; tail -20 "$DIR"/log/*.log; exit 1; }; done
grep -q "beat: Starting" "$DIR/log/jinwei-beat.log" || { echo "the scheduler did not start"; cat "$DIR/log/jinwei-beat.log"; exit 1; }
echo "== production smoke passed: https://jinwei.example.org served through the proxy, worker and scheduler running"
