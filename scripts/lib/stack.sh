# Shared by scripts/run and scripts/bench: build, then start FerretDB, the worker pool and nginx.
# Source it, set STACK_VAR (run directory), STACK_PORT and STACK_DB_PORT, then call the functions.
# Every process started is the program itself (not a subshell around it: it is started with exec), is
# recorded with its start time (so that a recycled pid is never mistaken for it) in STACK_PIDS,
# STACK_ENTRIES and $STACK_VAR/pids, and is stopped by stack_stop (SIGTERM, or the signal it was recorded
# with). stack_claim_var stops what an earlier
# run on the same STACK_VAR left running (a run killed with SIGKILL cannot stop its children).

STACK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STACK_PIDS=()
STACK_ENTRIES=()  # "PID START_TIME [STOP_SIGNAL]" of each process started

# stack_start_time PID: the process's start time (clock ticks since boot), or nothing when it is gone
# (a zombie counts as gone).
stack_start_time() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  stat=${stat##*) }  # the fields after the command name, which may hold spaces and parentheses
  # shellcheck disable=SC2086
  set -- $stat
  case $1 in Z | X) return 0 ;; esac
  echo "${20}"
}

# stack_alive PID START_TIME: whether that very process still runs.
stack_alive() { [ -n "${2:-}" ] && [ "$(stack_start_time "$1")" = "$2" ]; }

# stack_record PID [STOP_SIGNAL]: remembers a process just started in the background.
stack_record() {
  local entry
  entry="$1 $(stack_start_time "$1")${2:+ $2}"
  STACK_PIDS+=("$1")
  STACK_ENTRIES+=("$entry")
  echo "$entry" >>"$STACK_VAR/pids"
}

# stack_terminate "PID START_TIME [STOP_SIGNAL]"...: SIGTERM (or STOP_SIGNAL), up to 20 s to stop (the
# server takes up to API_SERVER_SHUTDOWN_TIMEOUT), then SIGKILL.
stack_terminate() {
  local entry pid start signal deadline=$((SECONDS + 20))
  for entry in "$@"; do
    read -r pid start signal <<<"$entry"
    if stack_alive "$pid" "$start"; then kill -"${signal:-TERM}" "$pid" 2>/dev/null || true; fi
  done
  for entry in "$@"; do
    read -r pid start _ <<<"$entry"
    while stack_alive "$pid" "$start" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
    if stack_alive "$pid" "$start"; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
}

# stack_stop: stops what this run started (install it as the EXIT trap).
stack_stop() {
  trap - EXIT INT TERM HUP
  if [ "${#STACK_ENTRIES[@]}" -gt 0 ]; then stack_terminate "${STACK_ENTRIES[@]}"; fi
  wait 2>/dev/null || true
  local owner
  owner=$(head -n 1 "$STACK_VAR/pids" 2>/dev/null || true)
  if [ -z "$owner" ] || [ "$owner" = "run $$ $(stack_start_time $$)" ]; then rm -f "$STACK_VAR/pids"; fi
}

# stack_claim_var: makes STACK_VAR this run's. Processes that an earlier run on it left running are
# stopped; if that run itself still runs, this one stops with a message instead of stealing its stack.
stack_claim_var() {
  local entries=() entry kind pid start alive=()
  if [ -f "$STACK_VAR/pids" ]; then mapfile -t entries <"$STACK_VAR/pids"; fi
  for entry in "${entries[@]}"; do
    read -r kind pid start <<<"$entry"
    if [ "$kind" = run ]; then
      if stack_alive "$pid" "$start"; then
        echo "$STACK_VAR is in use by a run that is still going (pid $pid); stop that one first" >&2
        exit 1
      fi
    else
      read -r pid start _ <<<"$entry"
      if stack_alive "$pid" "$start"; then alive+=("$entry"); fi
    fi
  done
  if [ "${#alive[@]}" -gt 0 ]; then
    echo "stopping what an earlier run left running: pids ${alive[*]%% *}" >&2
    stack_terminate "${alive[@]}"
  fi
  echo "run $$ $(stack_start_time $$)" >"$STACK_VAR/pids"
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

# stack_start_database: FerretDB on 127.0.0.1:$STACK_DB_PORT, storing its data with the handler that
# QTA_DATABASE_HANDLER names: "postgresql" (the default; a PostgreSQL cluster of our own in $STACK_VAR/pg)
# or "sqlite" (files in $STACK_VAR/db).
stack_start_database() {
  local handler=${QTA_DATABASE_HANDLER:-postgresql} backend
  mkdir -p "$STACK_VAR/db"
  case $handler in
    sqlite) backend=(--handler=sqlite --sqlite-url="file:$STACK_VAR/db/") ;;
    postgresql)
      stack_start_postgresql
      backend=(--handler=postgresql --postgresql-url="postgres://$(id -un)@/ferretdb?host=$STACK_VAR/pg") ;;
    *) echo "QTA_DATABASE_HANDLER must be sqlite or postgresql, not '$handler'" >&2; return 1 ;;
  esac
  STACK_DATABASE_HANDLER=$handler
  "$STACK_FERRETDB" "${backend[@]}" --state-dir="$STACK_VAR/db" \
    --listen-addr="127.0.0.1:$STACK_DB_PORT" --debug-addr=- --telemetry=disable --log-level=warn \
    >>"$STACK_VAR/ferretdb.log" 2>&1 &
  stack_record $!
  stack_wait_for_port "$STACK_DB_PORT"
}

# The newest installed PostgreSQL's programs (Debian keeps them out of PATH).
stack_postgresql_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$bin/postgres" ] || { echo "PostgreSQL is not installed; run scripts/setup" >&2; return 1; }
  echo "$bin"
}

# stack_as_cluster_owner COMMAND...: runs (execs) COMMAND as the cluster's owner. PostgreSQL refuses to run
# as root, so root runs it as Debian's "postgres" user; anyone else runs it as themselves.
stack_as_cluster_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    exec setpriv --reuid=postgres --regid=postgres --init-groups --reset-env "$@"
  else
    exec "$@"
  fi
}

# stack_start_postgresql: the cluster in $STACK_VAR/pg/data (created on first use), listening only on a Unix
# socket in $STACK_VAR/pg; peer authentication, so the only role is the user running the scripts, which
# FerretDB (run as that user) connects as. FerretDB keeps everything in the database "ferretdb".
stack_start_postgresql() {
  local bin pg=$STACK_VAR/pg
  bin=$(stack_postgresql_bin)
  mkdir -p "$pg"
  if [ "$(id -u)" -eq 0 ]; then
    chmod o+x "$STACK_VAR"  # the "postgres" user has to reach its directory
    chown postgres:postgres "$pg"
  fi
  chmod 700 "$pg"
  if [ ! -f "$pg/data/PG_VERSION" ]; then
    (stack_as_cluster_owner "$bin/initdb" -D "$pg/data" --username="$(id -un)" --auth-local=peer \
      --auth-host=reject -E UTF8 --locale=C) >>"$STACK_VAR/postgresql.log" 2>&1 ||
      { echo "initdb failed; see $STACK_VAR/postgresql.log" >&2; return 1; }
  fi
  stack_as_cluster_owner "$bin/postgres" -D "$pg/data" -k "$pg" -c listen_addresses= \
    >>"$STACK_VAR/postgresql.log" 2>&1 &
  # SIGINT: PostgreSQL's fast shutdown (SIGTERM waits for every client to leave).
  stack_record $! INT
  for _ in $(seq 1 300); do
    "$bin/pg_isready" -q -h "$pg" -d postgres && break
    kill -0 "${STACK_PIDS[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  "$bin/pg_isready" -q -h "$pg" -d postgres ||
    { echo "PostgreSQL did not start; see $STACK_VAR/postgresql.log" >&2; return 1; }
  if [ -z "$("$bin/psql" -h "$pg" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'ferretdb'")" ]; then
    "$bin/createdb" -h "$pg" ferretdb
  fi
}

# stack_index_database: on the PostgreSQL handler, GIN indexes for the equality filters that FerretDB
# pushes down (as `_jsonb->'field' @> value`, which its own btree indexes cannot serve). Idempotent;
# call it once the server's initialisation has created the collections. FerretDB's metadata table maps
# each collection to its table.
stack_index_database() {
  [ "${STACK_DATABASE_HANDLER:-}" = postgresql ] || return 0
  PGOPTIONS="-c client_min_messages=warning" "$(stack_postgresql_bin)/psql" -h "$STACK_VAR/pg" -d ferretdb \
    -v ON_ERROR_STOP=1 -q \
    <"$STACK_ROOT/scripts/lib/gin-indexes.sql"
}

# stack_exec_server ARGS...: becomes the server binary (exec) with the stack's settings, so that a
# background start records the server's own pid.
stack_exec_server() {
  QUALITY_TIME_API_CONFIG=/dev/null \
  DATABASE_URL="mongodb://127.0.0.1:$STACK_DB_PORT/" \
  API_SERVER_SOCKET="$STACK_VAR/api.sock" \
  API_SERVER_LOGO_DIR="$STACK_VAR/logos" \
  API_SERVER_BUILTIN_LOGO_DIR="$STACK_BUILTIN_LOGOS" \
  API_SERVER_DATA_MODEL="$STACK_ROOT/lib/datamodel/datamodel.json" \
  API_SERVER_EXAMPLE_REPORTS="$STACK_ROOT/lib/app/example-reports" \
    exec "$STACK_SERVER" "$@"
}

# stack_server ARGS...: runs the server binary with the stack's settings (a subcommand) and returns.
stack_server() { (stack_exec_server "$@"); }

# stack_start_server: output goes to $STACK_VAR/server.log. A socket file left by a server that died is
# replaced by the new server; one that a live server listens on makes it refuse to start.
stack_start_server() {
  local socket=$STACK_VAR/api.sock old_socket
  mkdir -p "$STACK_VAR/logos"
  old_socket=$(stat -c '%i %z' "$socket" 2>/dev/null || true)
  stack_exec_server >>"$STACK_VAR/server.log" 2>&1 &
  stack_record $!
  # Ready when the socket file is the server's own: a new one (inode and change time), not a stale one.
  for _ in $(seq 1 100); do
    [ -S "$socket" ] && [ "$(stat -c '%i %z' "$socket" 2>/dev/null)" != "$old_socket" ] && return 0
    kill -0 "${STACK_PIDS[-1]}" 2>/dev/null || break  # it refused (or failed) to start
    sleep 0.1
  done
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
  stack_record $!
  stack_wait_for_port "$STACK_PORT"
}

# stack_wait_until_initialized: until the server's start-up initialisation is done (it answers 503 until
# then), through nginx; then the database's own indexes for what that initialisation created.
stack_wait_until_initialized() {
  for _ in $(seq 1 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$STACK_PORT/api/v3/reports_overview")" = 200 ] &&
      { stack_index_database; return 0; }
    sleep 0.2
  done
  echo "the server did not finish its initialisation; see $STACK_VAR/server.log" >&2
  return 1
}
