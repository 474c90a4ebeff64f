#!/usr/bin/env bash
# Builds the Debian package, checks it with lintian, installs it with apt, runs the service the way the
# host would (systemd when it runs, else the socket unit's socket and the service's ExecStart as its user),
# serves through the host's nginx with the packaged site, reloads with SIGHUP, then removes and purges
# and checks that nothing is left but the system user. Needs root; changes the host's nginx while it runs
# and restores it after.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
say() { printf 'package test: %s\n' "$*"; }
if [ "$(id -u)" -ne 0 ]; then say "skipped (needs root)"; exit 0; fi

work=$(mktemp -d /tmp/qta-package-XXXXXX)
db_port=${QTA_PACKAGE_DB_PORT:-27095}
pids=()
default_site_was_enabled=no
[ -e /etc/nginx/sites-enabled/default ] && default_site_was_enabled=yes
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  nginx -s stop 2>/dev/null || true
  rm -f /etc/nginx/sites-enabled/quality-time-api
  if [ "$default_site_was_enabled" = yes ] && [ ! -e /etc/nginx/sites-enabled/default ]; then
    ln -s /etc/nginx/sites-available/default /etc/nginx/sites-enabled/default
  fi
  dpkg -s quality-time-api >/dev/null 2>&1 && apt-get purge -y -qq quality-time-api >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

say "building"
mkdir -p "$work/src"
git -C "$root" archive HEAD | tar -x -C "$work/src"  # the committed tree, as CI builds it
(cd "$work/src" && dpkg-buildpackage -b -us -uc >"$work/build.log" 2>&1) || { tail -40 "$work/build.log"; exit 1; }
deb=$(ls "$work"/quality-time-api_*_*.deb)

say "lintian"
lintian --allow-root --fail-on error,warning "$work"/quality-time-api_*.changes

say "installing $deb"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ssl-cert "$deb" >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
getent passwd quality-time-api >/dev/null
[ "$(stat -c '%U:%G %a' /etc/quality-time/api.conf)" = "root:quality-time-api 640" ]

say "database"
mkdir -p "$work/db"
"${QTA_FERRETDB:-ferretdb}" --handler=sqlite --sqlite-url="file:$work/db/" --state-dir="$work/db" \
  --listen-addr="127.0.0.1:$db_port" --debug-addr=- --telemetry=disable --log-level=error >"$work/ferretdb.log" 2>&1 &
pids+=($!)
echo "DATABASE_URL=mongodb://127.0.0.1:$db_port/" >>/etc/quality-time/api.conf

say "starting the service"
if [ "$(systemctl is-system-running 2>/dev/null || true)" != offline ] && [ -d /run/systemd/system ]; then
  systemctl start quality-time-api.socket quality-time-api.service
  server_pid() { systemctl show -p MainPID --value quality-time-api.service; }
else
  # No systemd here: what the units do by hand. The socket unit's socket, passed as systemd passes it,
  # and the service's ExecStart as the service's user, without capabilities.
  mkdir -p /run/quality-time-api
  exec_start=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/quality-time-api.service)
  systemd-socket-activate -l /run/quality-time-api/api.sock -- \
    setpriv --reuid=quality-time-api --regid=quality-time-api --init-groups --inh-caps=-all --bounding-set=-all \
    $exec_start >"$work/service.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 50); do [ -S /run/quality-time-api/api.sock ] && break; sleep 0.1; done
  chgrp www-data /run/quality-time-api/api.sock && chmod 0660 /run/quality-time-api/api.sock  # SocketGroup, SocketMode
  server_pid() { echo "${pids[-1]}"; }
fi

say "enabling the nginx site"
[ -f /etc/ssl/certs/ssl-cert-snakeoil.pem ] || make-ssl-cert generate-default-snakeoil
rm -f /etc/nginx/sites-enabled/default
ln -sf /etc/nginx/sites-available/quality-time-api /etc/nginx/sites-enabled/quality-time-api
nginx -t -q
nginx -s stop 2>/dev/null || true
sleep 0.5
nginx

answer() { curl -sk --max-time 10 "https://127.0.0.1$1"; }
for _ in $(seq 1 100); do [[ "$(answer /api/v3/server || true)" == *'"version"'* ]] && break; sleep 0.2; done
[[ "$(answer /api/v3/server || true)" == '{"version":"5.8.0"}' ]] || { say "no answer through nginx"; cat "$work/service.log" 2>/dev/null; exit 1; }
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

say "reloading with SIGHUP"
pid=$(server_pid)
workers_before=$(cat /proc/"$pid"/task/"$pid"/children)
kill -HUP "$pid"
sleep 2
workers_after=$(cat /proc/"$pid"/task/"$pid"/children)
[ "$workers_before" != "$workers_after" ]
[[ "$(answer /api/v3/server)" == *'"version"'* ]]

say "systemd-analyze security (offline):"
systemd-analyze security --offline=true /lib/systemd/system/quality-time-api.service 2>/dev/null | tail -1 || true

say "stopping"
kill -TERM "$pid"
for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
! kill -0 "$pid" 2>/dev/null

say "removing"
nginx -s stop
rm -f /etc/nginx/sites-enabled/quality-time-api
DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq quality-time-api >/dev/null
[ ! -e /usr/bin/quality-time-api ]
[ -e /etc/quality-time/api.conf ]  # conffiles stay until purge
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq quality-time-api >/dev/null
[ ! -e /etc/quality-time ] && [ ! -e /etc/nginx/sites-available/quality-time-api ] && [ ! -e /usr/share/quality-time-api ]
left=$(find /etc /usr /lib /var/lib/dpkg/info /run -name '*quality-time-api*' 2>/dev/null || true)
[ -z "$left" ] || { say "left behind after purge: $left"; exit 1; }
say "passed: built, lintian-clean, installed, served, reloaded, removed and purged (the system user stays, as policy advises)"
