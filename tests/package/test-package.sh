#!/usr/bin/env bash
# Builds the Debian packages (the server and its local database), checks them with lintian, installs both
# with apt, runs the services the way the host would (systemd when it runs, else what the units do, by
# hand: the host's PostgreSQL cluster with pg_ctlcluster, the units' ExecStartPre and ExecStart as their
# users, the socket unit's socket), serves through the host's nginx with the packaged site from the local
# database (a report written, everything restarted, the report still there; the GIN indexes), reloads
# with SIGHUP, then removes and purges and checks that nothing is left but the system user and the data
# in PostgreSQL. Needs root; changes the host's nginx and uses its default PostgreSQL cluster while it
# runs, and restores both after.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
say() { printf 'package test: %s\n' "$*"; }
if [ "$(id -u)" -ne 0 ]; then say "skipped (needs root)"; exit 0; fi

work=$(mktemp -d /tmp/qta-package-XXXXXX)
metrics_port=${QTA_PACKAGE_METRICS_PORT:-9464}
nginx_metrics_conf=/etc/nginx/conf.d/quality-time-api-metrics.conf
pids=()
database=quality-time-api  # the local database's PostgreSQL database and role (setup-database)
database_created=no
cluster_started=no
systemd_runs=no
if [ "$(systemctl is-system-running 2>/dev/null || true)" != offline ] && [ -d /run/systemd/system ]; then
  systemd_runs=yes
fi
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups --reset-env "$@"; }
sql() { as_postgres psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
frontend=/usr/share/quality-time/www  # where the packaged site looks for a frontend build
frontend_placed=no
default_site_was_enabled=no
[ -e /etc/nginx/sites-enabled/default ] && default_site_was_enabled=yes
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  nginx -s stop 2>/dev/null || true
  if [ "$frontend_placed" = yes ]; then
    rm -rf "$frontend"
    if [ -e "$work/frontend-saved" ]; then mv "$work/frontend-saved" "$frontend"; fi
    rmdir "$(dirname "$frontend")" 2>/dev/null || true
  fi
  rm -f /etc/nginx/sites-enabled/quality-time-api "$nginx_metrics_conf"
  if [ "$default_site_was_enabled" = yes ] && [ ! -e /etc/nginx/sites-enabled/default ]; then
    ln -s /etc/nginx/sites-available/default /etc/nginx/sites-enabled/default
  fi
  dpkg -s quality-time-api >/dev/null 2>&1 && apt-get purge -y -qq quality-time-api quality-time-api-localdb >/dev/null 2>&1 || true
  if [ "$database_created" = yes ]; then
    sql -d postgres -c "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" -c "DROP ROLE IF EXISTS \"$database\"" || true
  fi
  if [ "$cluster_started" = yes ]; then pg_ctlcluster "${cluster[0]}" "${cluster[1]}" stop || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

say "building"
mkdir -p "$work/src"
git -C "$root" archive HEAD | tar -x -C "$work/src"  # the committed tree, as CI builds it
(cd "$work/src" && dpkg-buildpackage -b -us -uc >"$work/build.log" 2>&1) || { tail -40 "$work/build.log"; exit 1; }
server=$(ls "$work"/quality-time-api_*_*.deb)
localdb=$(ls "$work"/quality-time-api-localdb_*_*.deb)

say "lintian"
lintian --allow-root --fail-on error,warning "$work"/quality-time-api_*.changes

say "PostgreSQL"
# The host's default cluster (port 5432), which the local database uses: running, without our database.
read -r -a cluster <<<"$(pg_lsclusters --no-header | awk '$3 == 5432 { print $1, $2, $4 }')"
[ "${#cluster[@]}" -eq 3 ] || { say "no PostgreSQL cluster on port 5432 (pg_lsclusters)"; exit 1; }
if [ "$systemd_runs" = yes ]; then
  systemctl start postgresql.service
elif [ "${cluster[2]}" != online ]; then
  pg_ctlcluster "${cluster[0]}" "${cluster[1]}" start
  cluster_started=yes
fi
if [ -n "$(sql -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" ]; then
  say "PostgreSQL already has a database '$database' (an installed quality-time-api-localdb's data?); not touching it"
  exit 1
fi

say "installing $server and $localdb"
database_created=yes  # from here on, whatever creates it (a systemd start in postinst) is this test's
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ssl-cert "$server" "$localdb" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log"; exit 1; }
getent passwd quality-time-api >/dev/null
[ "$(stat -c '%U:%G %a' /etc/quality-time/api.conf)" = "root:quality-time-api 640" ]
grep -qx 'DATABASE_URL=mongodb://%2Frun%2Fquality-time-api-localdb%2Fmongodb.sock/' /etc/quality-time/api.conf
echo "API_SERVER_METRICS_LISTEN=127.0.0.1:$metrics_port" >>/etc/quality-time/api.conf

# Starts the local database and the server, and returns while the server initialises: with systemd, the
# server's unit (its drop-in brings the database and the indexes unit); else what the units do by hand.
# The database's ExecStartPre as root (its "+"), then ExecStart as its user in its RuntimeDirectory; the
# socket unit's socket, passed as systemd passes it, and the service's ExecStart as the service's user,
# without capabilities; the indexes unit's ExecStart in the background, as the drop-in's Wants= starts it.
as_service_user=(setpriv --reuid=quality-time-api --regid=quality-time-api --init-groups --inh-caps=-all --bounding-set=-all)
# unit_command UNIT KEY: the command line of the unit's KEY= line, split into words (no globbing: '?').
unit_command() { read -r -a command <<<"$(sed -n "s/^$2=//p" "/lib/systemd/system/$1")"; }
start_services() {
  if [ "$systemd_runs" = yes ]; then
    systemctl start quality-time-api.socket quality-time-api.service
    return
  fi
  unit_command quality-time-api-localdb.service ExecStartPre
  command[0]=${command[0]#+}
  "${command[@]}" >>"$work/localdb.log" 2>&1 || { cat "$work/localdb.log"; exit 1; }
  install -d -o quality-time-api -g quality-time-api -m 0700 /run/quality-time-api-localdb
  unit_command quality-time-api-localdb.service ExecStart
  "${as_service_user[@]}" "${command[@]}" >>"$work/localdb.log" 2>&1 &
  pids+=($!)
  database_pid=$!
  for _ in $(seq 1 100); do [ -S /run/quality-time-api-localdb/mongodb.sock ] && break; sleep 0.1; done
  [ -S /run/quality-time-api-localdb/mongodb.sock ] || { say "the local database did not start"; cat "$work/localdb.log"; exit 1; }
  mkdir -p /run/quality-time-api
  rm -f /run/quality-time-api/api.sock
  unit_command quality-time-api.service ExecStart
  systemd-socket-activate -l /run/quality-time-api/api.sock -- "${as_service_user[@]}" "${command[@]}" \
    >>"$work/service.log" 2>&1 &
  pids+=($!)
  manual_server_pid=$!
  for _ in $(seq 1 50); do [ -S /run/quality-time-api/api.sock ] && break; sleep 0.1; done
  chgrp www-data /run/quality-time-api/api.sock && chmod 0660 /run/quality-time-api/api.sock  # SocketGroup, SocketMode
  unit_command quality-time-api-localdb-indexes.service ExecStart
  "${as_service_user[@]}" "${command[@]}" >>"$work/indexes.log" 2>&1 &
  pids+=($!)
}
server_pid() {
  if [ "$systemd_runs" = yes ]; then systemctl show -p MainPID --value quality-time-api.service; else echo "$manual_server_pid"; fi
}
# stop_process PID: SIGTERM, and until it has gone.
stop_process() {
  kill -TERM "$1"
  for _ in $(seq 1 300); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  say "process $1 did not stop"; exit 1
}
# Stops the server, the local database and PostgreSQL's cluster, and starts them again.
restart_everything() {
  if [ "$systemd_runs" = yes ]; then
    systemctl stop quality-time-api.service quality-time-api-localdb.service
    systemctl restart postgresql.service
  else
    stop_process "$(server_pid)"
    stop_process "$database_pid"
    pg_ctlcluster "${cluster[0]}" "${cluster[1]}" restart
  fi
  start_services
}

say "starting the services"
systemd-analyze verify --man=no /lib/systemd/system/quality-time-api-localdb.service \
  /lib/systemd/system/quality-time-api-localdb-indexes.service >"$work/verify.log" 2>&1 ||
  [ "$systemd_runs" = no ] || { cat "$work/verify.log"; exit 1; }
start_services

say "enabling the nginx site"
[ -f /etc/ssl/certs/ssl-cert-snakeoil.pem ] || make-ssl-cert generate-default-snakeoil
rm -f /etc/nginx/sites-enabled/default
ln -sf /etc/nginx/sites-available/quality-time-api /etc/nginx/sites-enabled/quality-time-api
# The metrics snippet as README says to enable it, with this host as the monitoring host.
sed -e 's/allow 192.0.2.10;/allow 127.0.0.1;/' -e "s|http://127.0.0.1:9464;|http://127.0.0.1:$metrics_port;|" \
  /usr/share/quality-time-api/nginx/metrics.conf >"$nginx_metrics_conf"
nginx -t -q
nginx -s stop 2>/dev/null || true
sleep 0.5
nginx

answer() { curl -sk --max-time 60 "https://127.0.0.1$1"; }
# Start-up initialisation (indexes, data model, example reports) comes first: 503 until it is done, which on
# a busy CI machine takes a while.
for _ in $(seq 1 1500); do [[ "$(answer /api/v3/server || true)" == *'"version"'* ]] && break; sleep 0.2; done
# logs: what the services wrote (the journal's, with systemd).
logs() {
  if [ "$systemd_runs" = yes ]; then
    journalctl --no-pager -n 100 -u quality-time-api -u quality-time-api-localdb -u quality-time-api-localdb-indexes
  else
    tail -n 50 "$work"/{localdb,service,indexes}.log 2>/dev/null
  fi
}
[[ "$(answer /api/v3/server || true)" == '{"version":"5.8.0"}' ]] || { say "no answer through nginx"; logs; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1/api/v3/server)" = 301 ]
for _ in $(seq 1 100); do [[ "$(answer /api/v3/reports_overview || true)" == *'"title"'* ]] && break; sleep 0.2; done
[[ "$(answer /api/v3/reports_overview)" == *'"title":"Reports"'* ]]
headers=$(curl -sk -D - -o /dev/null --max-time 10 https://127.0.0.1/api/v3/server | tr -d '\r')
grep -qi "^content-security-policy: default-src 'none'" <<<"$headers"
grep -qi '^strict-transport-security: ' <<<"$headers"
grep -qi '^cache-control: no-store$' <<<"$headers"
grep -qi '^server: nginx$' <<<"$headers"  # no version
sources=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["sources"]))' /usr/share/quality-time-api/datamodel.json)
[ "$(find /usr/share/quality-time-api/logos -name '*.png' | wc -l)" -eq "$sources" ] || { say "not one logo per source type"; exit 1; }
[ "$(curl -sk -o "$work/logo.png" -w '%{http_code} %{content_type}' https://127.0.0.1/api/v3/logo/sonarqube)" = "200 image/png" ]
cmp -s "$work/logo.png" /usr/share/quality-time-api/logos/sonarqube.png
say "served through nginx over HTTPS, with a built-in logo per source type"

# The metrics listener under the service's hardening, directly and through the snippet; not on the site.
metrics=$(curl -s --max-time 30 "http://127.0.0.1:$metrics_port/metrics")
grep -q '^quality_time_api_requests_total{method="GET",route="/api/v3/server",status="200"} ' <<<"$metrics"
grep -q '^quality_time_report_metrics{' <<<"$metrics"
[[ "$(curl -s --max-time 30 http://127.0.0.1:9465/metrics)" == *'quality_time_api_scrapes_total '* ]]
[[ "$(curl -sk --max-time 30 https://127.0.0.1/metrics)" != *quality_time_api_* ]]
say "metrics served on 127.0.0.1:$metrics_port and through nginx/metrics.conf, not through the site"

say "serving a frontend build"
# A tree shaped like Quality-time's React build, in place of any installed one (put back at the end).
frontend_placed=yes
if [ -e "$frontend" ]; then mv "$frontend" "$work/frontend-saved"; fi
mkdir -p "$frontend/static/js" "$frontend/static/css"
printf '<!doctype html><html><head>%s%s</head><body><div id="root"></div></body></html>\n' \
  '<script defer src="/static/js/main.abc123.js"></script>' \
  '<link href="/static/css/main.abc123.css" rel="stylesheet">' >"$frontend/index.html"
for i in $(seq 1 200); do
  printf 'function render%d(props){return props.metric%d*%d+1;}\n' "$i" "$i" "$i"
done >"$frontend/static/js/main.abc123.js"
for i in $(seq 1 100); do
  printf '.subject-%d{margin:%dpx;padding:0}\n' "$i" "$i"
done >"$frontend/static/css/main.abc123.css"
printf '{"short_name":"Quality-time","name":"Quality-time","start_url":".","display":"standalone"}\n' \
  >"$frontend/manifest.json"
# Fetches $1 with Accept-Encoding: gzip into $work/body; prints the status line and the headers, lower case.
fetch_gzip() {
  curl -sk --max-time 60 -H 'Accept-Encoding: gzip' -D - -o "$work/body" "https://127.0.0.1$1" |
    tr -d '\r' | tr '[:upper:]' '[:lower:]' | sed 's/ *$//'
}
has() { grep -qxF -- "$2" <<<"$1" || { say "no '$2' in:"; printf '%s\n' "$1"; exit 1; }; }
has_frontend_security_headers() {
  has "$1" 'strict-transport-security: max-age=31536000'
  has "$1" 'x-content-type-options: nosniff'
  has "$1" 'x-frame-options: deny'
  has "$1" 'referrer-policy: no-referrer'
}
for file in static/js/main.abc123.js static/css/main.abc123.css; do
  headers=$(fetch_gzip "/$file")
  has "$headers" 'http/2 200'
  has "$headers" 'content-encoding: gzip'
  has "$headers" 'vary: accept-encoding'
  has "$headers" 'cache-control: public, max-age=31536000, immutable'
  has_frontend_security_headers "$headers"
  gunzip -c "$work/body" | cmp -s - "$frontend/$file" || { say "/$file does not unzip to the file"; exit 1; }
done
# index.html (and every path that is not a file: the frontend's own routes) is revalidated on each use.
for path in / /index.html /4a7f3b6e-report-uuid /manifest.json; do
  headers=$(fetch_gzip "$path")
  has "$headers" 'http/2 200'
  has "$headers" 'cache-control: no-cache'
  has_frontend_security_headers "$headers"
  [ "$path" = /manifest.json ] || cmp -s "$work/body" "$frontend/index.html" ||
    { say "$path is not index.html"; exit 1; }
done
# A hashed name that a new build no longer has: a 404, never index.html cached for a year.
headers=$(fetch_gzip /static/js/main.0ld0ld.js)
has "$headers" 'http/2 404'
has "$headers" 'cache-control: no-cache'
has_frontend_security_headers "$headers"
# API JSON, the data model here, is compressed too, with the API's own headers. Without gzip the data
# model keeps v5.8.0's ETag, and If-None-Match gets its 304.
headers=$(fetch_gzip /api/v3/datamodel)
has "$headers" 'http/2 200'
has "$headers" 'content-encoding: gzip'
has "$headers" 'cache-control: no-cache'
has "$headers" "content-security-policy: default-src 'none'; frame-ancestors 'none'"
has "$headers" 'strict-transport-security: max-age=31536000'
gunzip -c "$work/body" | cmp -s - <(answer /api/v3/datamodel) || { say "the gzipped data model differs"; exit 1; }
etag=$(curl -sk --max-time 60 -D - -o /dev/null https://127.0.0.1/api/v3/datamodel | tr -d '\r' |
  sed -n 's/^[Ee][Tt]ag: //p')
[ -n "$etag" ]
[ "$(curl -sk --max-time 60 -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" \
  https://127.0.0.1/api/v3/datamodel)" = 304 ]
# The nr_measurements event stream is never compressed (gzip would hold events back): its first events
# arrive while it stays open.
python3 - <<'PYTHON'
import http.client, ssl, sys
connection = http.client.HTTPSConnection("127.0.0.1", 443, context=ssl._create_unverified_context(), timeout=60)
connection.request("GET", "/api/v3/nr_measurements", headers={"Accept-Encoding": "gzip"})
response = connection.getresponse()
content_type, encoding = response.getheader("Content-Type", ""), response.getheader("Content-Encoding")
if response.status != 200 or not content_type.startswith("text/event-stream") or encoding is not None:
    sys.exit(f"event stream: {response.status} {content_type} {encoding}")
events = []
while len(events) < 2:
    line = response.readline().decode()
    if not line:
        break
    if line.startswith("event: "):
        events.append(line.split()[1])
if events != ["init", "flush"]:
    sys.exit(f"event stream: {events}")
connection.close()
PYTHON
say "frontend served: scripts, styles and API JSON gzipped, the event stream not;" \
  "index.html revalidated, /static/ immutable"

say "reloading with SIGHUP"
pid=$(server_pid)
workers_before=$(cat /proc/"$pid"/task/"$pid"/children)
kill -HUP "$pid"
sleep 2
workers_after=$(cat /proc/"$pid"/task/"$pid"/children)
[ "$workers_before" != "$workers_after" ]
[[ "$(answer /api/v3/server)" == *'"version"'* ]]

say "the local database: a report written, everything restarted, the report still there"
password=package-test-password
printf '%s\n' "$password" | quality-time-api user add packagetest --email packagetest@example.org --name "Package Test" >/dev/null
api() {  # METHOD PATH [JSON]: the answer's body, with the session of the login
  curl -sk --max-time 60 -b "$work/cookies" -c "$work/cookies" -X "$1" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "https://127.0.0.1$2"
}
[[ "$(api POST /api/v3/login '{"username": "packagetest", "password": "'"$password"'"}')" == *'"ok":true'* ]]
report_uuid=$(api POST /api/v3/report/new '{}' | python3 -c 'import json, sys; print(json.load(sys.stdin)["new_report_uuid"])')
[[ "$(api POST "/api/v3/report/$report_uuid/attribute/title" '{"title": "Stored in PostgreSQL"}')" == *'"ok":true'* ]]
[[ "$(api GET "/api/v3/report/$report_uuid")" == *'"title":"Stored in PostgreSQL"'* ]]
restart_everything
for _ in $(seq 1 1500); do [[ "$(answer /api/v3/server || true)" == *'"version"'* ]] && break; sleep 0.2; done
# The session too is in the database: still logged in.
[[ "$(api GET "/api/v3/report/$report_uuid")" == *'"title":"Stored in PostgreSQL"'* ]] ||
  { say "the report did not survive the restart"; logs; exit 1; }
[[ "$(api POST "/api/v3/report/$report_uuid/attribute/subtitle" '{"subtitle": "after a restart"}')" == *'"ok":true'* ]]
# The GIN indexes: after this start every collection they are for exists (sessions: the login's; access
# tokens: the server's start-up indexes create it), so one per (collection, field) of the installed script.
# Running the indexes unit again changes nothing.
wanted_gin_indexes=$(grep -o "('[a-z_]*', '[a-z_]*')" /usr/share/quality-time-api-localdb/gin-indexes.sql | wc -l)
gin_indexes() {
  sql -d "$database" -c "SELECT count(*) FROM pg_indexes WHERE schemaname = 'quality_time_db'
                          AND indexdef LIKE '%USING gin%jsonb_path_ops%'"
}
for _ in $(seq 1 300); do [ "$(gin_indexes)" = "$wanted_gin_indexes" ] && break; sleep 0.2; done
[ "$(gin_indexes)" = "$wanted_gin_indexes" ] || { say "GIN indexes: $(gin_indexes) of $wanted_gin_indexes"; logs; exit 1; }
"${as_service_user[@]}" /usr/lib/quality-time-api-localdb/create-indexes
[ "$(gin_indexes)" = "$wanted_gin_indexes" ]
# Only a Unix socket that only the server's user can reach; FerretDB's tables are the role's.
[ "$(stat -c '%U %a' /run/quality-time-api-localdb)" = "quality-time-api 700" ]
! ss -ltnp | grep -q ferretdb
[ "$(sql -d "$database" -c "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'quality_time_db'")" = "$database" ]
say "served from the local database (FerretDB on PostgreSQL) across a restart, with its GIN indexes"

say "systemd-analyze security (offline):"
for unit in quality-time-api.service quality-time-api-localdb.service; do
  systemd-analyze security --offline=true "/lib/systemd/system/$unit" 2>/dev/null | tail -1 || true
done

say "stopping"
pid=$(server_pid)
if [ "$systemd_runs" = yes ]; then
  systemctl stop quality-time-api.service quality-time-api-localdb.service
else
  stop_process "$pid"
  stop_process "$database_pid"
fi
! kill -0 "$pid" 2>/dev/null

say "removing"
nginx -s stop
rm -f /etc/nginx/sites-enabled/quality-time-api "$nginx_metrics_conf"
# The local database alone first: the server stays, without the drop-in that tied it to the database.
DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq quality-time-api-localdb >/dev/null
[ -x /usr/bin/quality-time-api ] && [ ! -e /lib/systemd/system/quality-time-api.service.d ]
[ ! -e /usr/lib/quality-time-api-localdb ]
DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq quality-time-api >/dev/null
[ ! -e /usr/bin/quality-time-api ]
[ -e /etc/quality-time/api.conf ]  # conffiles stay until purge
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq quality-time-api quality-time-api-localdb >/dev/null
[ ! -e /etc/quality-time ] && [ ! -e /etc/nginx/sites-available/quality-time-api ] && [ ! -e /usr/share/quality-time-api ]
# /usr/local is the administrator's, never a package's.
left=$(find /etc /usr /lib /var/lib /run -path /usr/local -prune -o -name '*quality-time-api*' -print 2>/dev/null || true)
[ -z "$left" ] || { say "left behind after purge: $left"; exit 1; }
# The data stay in PostgreSQL (the cleanup drops them).
[[ "$(sql -d "$database" -c 'SELECT count(*) FROM quality_time_db._ferretdb_database_metadata')" -gt 0 ]]
say "passed: built, lintian-clean, installed, served from the local database, restarted, reloaded, removed" \
  "and purged (the system user and the data in PostgreSQL stay, as policy advises)"
