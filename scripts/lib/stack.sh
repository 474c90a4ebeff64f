# Shared by scripts/run and scripts/bench: build, then start FerretDB, the worker pool and nginx.
# Source it, set STACK_VAR (run directory), STACK_PORT and STACK_DB_PORT, then call the functions.
# Every process started is recorded in STACK_PIDS and stopped by stack_stop (installed on EXIT).

STACK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STACK_PIDS=()

stack_stop() {
  trap - EXIT INT TERM
  for pid in "${STACK_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}

stack_wait_for_port() {
  for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing answers on port $1; see the logs in $STACK_VAR" >&2
  return 1
}

# stack_build BUILD_DIR: a release build of the server and its built-in logos, without the tests.
stack_build() {
  STACK_FERRETDB=$("$STACK_ROOT/scripts/setup" | tail -n 1)
  cmake -S "$STACK_ROOT" -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQTA_TESTS=OFF >/dev/null
  cmake --build "$1"
  STACK_SERVER=$1/fcgi/quality-time-api
  STACK_BUILTIN_LOGOS=$1/logos
}

stack_start_database() {
  mkdir -p "$STACK_VAR/db"
  "$STACK_FERRETDB" --handler=sqlite --sqlite-url="file:$STACK_VAR/db/" --state-dir="$STACK_VAR/db" \
    --listen-addr="127.0.0.1:$STACK_DB_PORT" --debug-addr=- --telemetry=disable --log-level=warn \
    >>"$STACK_VAR/ferretdb.log" 2>&1 &
  STACK_PIDS+=($!)
  stack_wait_for_port "$STACK_DB_PORT"
}

# stack_server ARGS...: runs the server binary with the stack's settings (a subcommand, or the server).
stack_server() {
  QUALITY_TIME_API_CONFIG=/dev/null \
  DATABASE_URL="mongodb://127.0.0.1:$STACK_DB_PORT/" \
  API_SERVER_SOCKET="$STACK_VAR/api.sock" \
  API_SERVER_LOGO_DIR="$STACK_VAR/logos" \
  API_SERVER_BUILTIN_LOGO_DIR="$STACK_BUILTIN_LOGOS" \
  API_SERVER_DATA_MODEL="$STACK_ROOT/lib/datamodel/datamodel.json" \
  API_SERVER_EXAMPLE_REPORTS="$STACK_ROOT/lib/app/example-reports" \
    "$STACK_SERVER" "$@"
}

# stack_start_server: output goes to $STACK_VAR/server.log.
stack_start_server() {
  mkdir -p "$STACK_VAR/logos"
  rm -f "$STACK_VAR/api.sock"
  stack_server >>"$STACK_VAR/server.log" 2>&1 &
  STACK_PIDS+=($!)
  for _ in $(seq 1 100); do [ -S "$STACK_VAR/api.sock" ] && return 0; sleep 0.1; done
  echo "the server did not start; see $STACK_VAR/server.log" >&2
  return 1
}

# stack_write_nginx_config BASELINE_BODY: renders nginx/local.conf.in into $STACK_VAR/nginx/nginx.conf.
stack_write_nginx_config() {
  local user_directive=""
  [ "$(id -u)" -eq 0 ] && user_directive="user root root;"
  mkdir -p "$STACK_VAR/nginx"
  sed -e "s#@USER_DIRECTIVE@#$user_directive#; s#@VAR@#$STACK_VAR/nginx#g; s#@PORT@#$STACK_PORT#" \
      -e "s#@SOCKET@#$STACK_VAR/api.sock#; s#@NGINX_DIR@#$STACK_ROOT/nginx#" \
      -e "s#@BASELINE_BODY@#$1#" "$STACK_ROOT/nginx/local.conf.in" >"$STACK_VAR/nginx/nginx.conf"
}

# stack_demo_user NAME PASSWORD: a local user to log in with (its password reset if it exists).
stack_demo_user() {
  printf '%s\n' "$2" | stack_server user add "$1" --email "$1@example.org" --name "Demo User" >/dev/null 2>&1 ||
    printf '%s\n' "$2" | stack_server user passwd "$1" >/dev/null
}

stack_start_nginx() {
  stack_write_nginx_config "${1:-{\}}"
  /usr/sbin/nginx -p "$STACK_VAR/nginx" -c "$STACK_VAR/nginx/nginx.conf" -e "$STACK_VAR/nginx/nginx-error.log" &
  STACK_PIDS+=($!)
  stack_wait_for_port "$STACK_PORT"
}
