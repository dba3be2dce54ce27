#!/usr/bin/env bash
# The production topology of deploy/compose.yaml on one machine, without containers: a PostgreSQL
# cluster of its own (default durability), `migrate` run once, two chat hosts and one jobs host on
# loopback, and HAProxy (deploy/haproxy.cfg) in front of the chat hosts.
#
#   scripts/cluster.sh start DIR          build, start everything, print the proxy's URL; state lives in DIR
#   scripts/cluster.sh restart DIR NAME   stop one host (chat1, chat2, jobs) with SIGTERM and start it again
#                                         (with the platform settings of restart's own environment); a chat
#                                         host: returns once the proxy sends it requests again
#   scripts/cluster.sh stop DIR           stop everything (hosts first, then HAProxy and PostgreSQL)
# and, for drills and the fault tests: kill DIR NAME (SIGKILL, no draining), start-host DIR NAME,
# restart-postgres DIR (a fast restart: clients are disconnected).
#
# Platform settings reach the hosts from this script's environment (e.g. Slack__SigningSecret,
# Slack__ApiBaseUrl), as they would from deploy/.env. DIR/cluster.env lists the URLs and the
# connection string; each process logs to DIR/<name>.log. CRM_CLUSTER_APP=<folder with Crm.Bot.dll>
# runs an existing Release build instead of publishing one; CRM_CLUSTER_DRAIN_SECONDS sets
# Host:DrainSeconds (5); CRM_CLUSTER_CHAT_ENV / CRM_CLUSTER_JOBS_ENV add settings to the chat or jobs
# hosts ("Outbox__Dispatch=false …"); each host's pool holds at most CRM_CLUSTER_POOL (50) connections.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

usage() { sed -n '6,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 2 ] || usage
action=$1
dir=$(mkdir -p "$2" && cd "$2" && pwd)
hosts="chat1 chat2 jobs"
app=${CRM_CLUSTER_APP:-$dir/app}

. "$root/scripts/lib.sh" # run_pg, free_port

# The status code of GET http://127.0.0.1:PORT/PATH, or 000 when nothing answers (no curl needed).
http_status() {
  local reply
  reply=$( (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$2" >&3 && head -n 1 <&3) 2>/dev/null || true)
  echo "$reply" | awk '{print ($2 ~ /^[0-9]+$/) ? $2 : "000"}' | grep . || echo 000
}

wait_ready() { # name port seconds
  local deadline=$(( SECONDS + $3 ))
  until [ "$(http_status "$2" /readyz)" = 200 ]; do
    if [ $SECONDS -ge $deadline ]; then
      echo "$1 not ready after $3 s; last lines of $dir/$1.log:" >&2; tail -n 20 "$dir/$1.log" >&2; exit 1
    fi
    if ! kill -0 "$(cat "$dir/$1.pid")" 2>/dev/null; then
      echo "$1 exited; last lines of $dir/$1.log:" >&2; tail -n 20 "$dir/$1.log" >&2; exit 1
    fi
    sleep 0.2
  done
}

# How often the proxy has said it took NAME out of / back into rotation ("Server chat_hosts/NAME is DOWN|UP" in its log).
proxy_said() { local n; n=$(grep -c "Server chat_hosts/$1 is $2," "$dir/haproxy.log" 2>/dev/null || true); echo "${n:-0}"; }

# A restarted chat host is ready before the proxy sends it requests again (two good checks a second apart,
# deploy/haproxy.cfg): wait for the proxy's own word, so the next host of a rolling restart is not taken out
# while this one is still out. When the proxy never took it out (a restart faster than its checks), three
# seconds without a new DOWN will do.
wait_in_rotation() { # name ups-before downs-before seconds
  local deadline=$(( SECONDS + $4 )) calm=$(( SECONDS + 3 ))
  until [ "$(proxy_said "$1" UP)" -gt "$2" ] || { [ "$(proxy_said "$1" DOWN)" -le "$3" ] && [ $SECONDS -ge $calm ]; }; do
    [ $SECONDS -lt $deadline ] || { echo "the proxy did not take $1 back within $4 s; see $dir/haproxy.log" >&2; exit 1; }
    sleep 0.2
  done
}

start_host() { # name
  local name=$1 port role
  port=$(grep "^${name^^}_PORT=" "$dir/cluster.env" | cut -d= -f2)
  role=chat; [ "$name" = jobs ] && role=jobs
  local extra=${CRM_CLUSTER_CHAT_ENV:-}; [ "$role" = jobs ] && extra=${CRM_CLUSTER_JOBS_ENV:-}
  # The host as the image runs it: Release build, configuration from the environment only.
  # shellcheck disable=SC2086 # the extra settings are words of their own
  env ASPNETCORE_URLS="http://127.0.0.1:$port" ConnectionStrings__Crm="$conn;Maximum Pool Size=${CRM_CLUSTER_POOL:-50}" Host__Role=$role \
    Storage__MigrateOnStart=false Host__DrainSeconds="${CRM_CLUSTER_DRAIN_SECONDS:-5}" $extra \
    nohup dotnet "$app/Crm.Bot.dll" >>"$dir/$name.log" 2>&1 &
  echo $! >"$dir/$name.pid"
}

stop_host() { # name: SIGTERM, then wait for the drain and the in-flight requests (Host:ShutdownSeconds)
  local name=$1 pid
  [ -f "$dir/$name.pid" ] || return 0
  pid=$(cat "$dir/$name.pid")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$dir/$name.pid"
}

case "$action" in
  start)
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$pg_bin" ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
      pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    if ! command -v haproxy >/dev/null; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null
    fi

    pg_port=$(free_port); proxy_port=$(free_port); chat1_port=$(free_port); chat2_port=$(free_port); jobs_port=$(free_port)
    conn="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=crm"
    cat >"$dir/cluster.env" <<EOF
PROXY_URL=http://127.0.0.1:$proxy_port
CHAT1_PORT=$chat1_port
CHAT2_PORT=$chat2_port
JOBS_PORT=$jobs_port
PG_PORT=$pg_port
PG_CONN=$conn
APP=$app
EOF

    # PostgreSQL at its default durability (fsync and synchronous_commit on), as a deployment runs it.
    # As root, PostgreSQL runs as the postgres user, which must be able to reach its folder.
    mkdir -p "$dir/pg"; chmod 755 "$dir/pg"
    if [ "$(id -u)" = 0 ]; then chmod o+x "$dir"; chown postgres "$dir/pg"; fi
    run_pg "$pg_bin/initdb" -D "$dir/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    run_pg "$pg_bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/log" -w \
      -o "-p $pg_port -k $dir/pg -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
    run_pg "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres crm

    # Build once, as the image does; then migrate as a deployment step, before any host starts.
    if [ -z "${CRM_CLUSTER_APP:-}" ]; then
      dotnet publish "$root/src/Crm.Bot/Crm.Bot.csproj" -c Release -o "$dir/app" -nologo -v q >"$dir/publish.log" 2>&1 \
        || { tail -n 30 "$dir/publish.log" >&2; exit 1; }
    fi
    ConnectionStrings__Crm="$conn" dotnet "$app/Crm.Bot.dll" migrate >"$dir/migrate.log" 2>&1 \
      || { cat "$dir/migrate.log" >&2; exit 1; }

    for name in $hosts; do start_host "$name"; done
    for name in $hosts; do wait_ready "$name" "$(grep "^${name^^}_PORT=" "$dir/cluster.env" | cut -d= -f2)" 120; done

    CRM_PROXY_BIND="127.0.0.1:$proxy_port" CRM_CHAT1="127.0.0.1:$chat1_port" CRM_CHAT2="127.0.0.1:$chat2_port" \
      nohup haproxy -f "$root/deploy/haproxy.cfg" -db >"$dir/haproxy.log" 2>&1 &
    echo $! >"$dir/haproxy.pid"
    wait_ready_proxy() { local deadline=$(( SECONDS + 30 ))
      until [ "$(http_status "$proxy_port" /readyz)" = 200 ]; do
        [ $SECONDS -lt $deadline ] || { echo "HAProxy not answering; see $dir/haproxy.log" >&2; exit 1; }; sleep 0.2; done; }
    wait_ready_proxy
    echo "http://127.0.0.1:$proxy_port"
    ;;

  restart)
    [ $# -eq 3 ] || usage
    name=$3
    case " $hosts " in *" $name "*) ;; *) echo "unknown host '$name' (one of: $hosts)" >&2; exit 2 ;; esac
    conn=$(grep '^PG_CONN=' "$dir/cluster.env" | cut -d= -f2-)
    app=$(grep '^APP=' "$dir/cluster.env" | cut -d= -f2-)
    ups=$(proxy_said "$name" UP); downs=$(proxy_said "$name" DOWN)
    stop_host "$name"
    start_host "$name"
    wait_ready "$name" "$(grep "^${name^^}_PORT=" "$dir/cluster.env" | cut -d= -f2)" 120
    [ "$name" = jobs ] || wait_in_rotation "$name" "$ups" "$downs" 30
    ;;

  kill|start-host)
    [ $# -eq 3 ] || usage
    name=$3
    case " $hosts " in *" $name "*) ;; *) echo "unknown host '$name' (one of: $hosts)" >&2; exit 2 ;; esac
    if [ "$action" = kill ]; then
      pid=$(cat "$dir/$name.pid" 2>/dev/null || true)
      if [ -n "$pid" ]; then
        kill -KILL "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      fi
      rm -f "$dir/$name.pid"
    else
      conn=$(grep '^PG_CONN=' "$dir/cluster.env" | cut -d= -f2-)
      app=$(grep '^APP=' "$dir/cluster.env" | cut -d= -f2-)
      start_host "$name"
      wait_ready "$name" "$(grep "^${name^^}_PORT=" "$dir/cluster.env" | cut -d= -f2)" 120
    fi
    ;;

  restart-postgres)
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    run_pg "$pg_bin/pg_ctl" -D "$dir/pg/data" -m fast -w restart >/dev/null
    ;;

  stop)
    for name in $hosts; do stop_host "$name"; done
    [ -f "$dir/haproxy.pid" ] && { kill "$(cat "$dir/haproxy.pid")" 2>/dev/null || true; rm -f "$dir/haproxy.pid"; }
    if [ -d "$dir/pg/data" ]; then
      pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
      run_pg "$pg_bin/pg_ctl" -D "$dir/pg/data" -m fast stop >/dev/null 2>&1 || true
    fi
    ;;

  *) usage ;;
esac
