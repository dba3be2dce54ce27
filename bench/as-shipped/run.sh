#!/usr/bin/env bash
# The as-shipped benchmark: Crm.Bot started as the README says, against its own PostgreSQL at default
# durability, with the fakes and the load generator (wrk) as separate processes, alternating with the
# reference apps a user would pick instead (Bolt for Slack, botbuilder-js for Teams). One command, from a
# clean checkout; prints the result file it wrote (bench/results/<date-time>-as-shipped.md).
#
#   bash bench/as-shipped/run.sh
#
# Settings (environment):
#   WARMUP (20) MEASURE (20)  seconds of warm-up and of measurement per run
#   CONNECTIONS (32) THREADS (2)  wrk connections and threads
#   ROUNDS (2)                rounds per platform; each round runs ours, then the reference
#   PLATFORMS ("slack teams") CUSTOMERS (100000)
#   POOL_RATE (12000)         signed Slack requests prepared per second of load (more than any app answers here)
#   HOST_RUN_CMD              the host's start command; default: the README's run command
#   NOTE                      a line added to the result (e.g. what was changed for this run)
#   PERF_RECORD               a folder: Crm.Bot's measured runs are also sampled by `perf record` (call graphs) into
#                             it, with .NET's perf map on and W^X off so JIT-compiled frames have names; the sampling
#                             itself costs CPU, so a run with it is a profile, not a result
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
here="$root/bench/as-shipped"

WARMUP=${WARMUP:-20}
MEASURE=${MEASURE:-20}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-2}
PLATFORMS=${PLATFORMS:-"slack teams"}
CUSTOMERS=${CUSTOMERS:-100000}
POOL_RATE=${POOL_RATE:-12000}
readme_cmd=$(grep -m1 -E '^dotnet run .*--project src/Crm.Bot' README.md | sed 's/ *#.*$//')
HOST_RUN_CMD=${HOST_RUN_CMD:-$readme_cmd}
[ -n "$HOST_RUN_CMD" ] || { echo "README.md has no 'dotnet run … --project src/Crm.Bot' line" >&2; exit 1; }
clk=$(getconf CLK_TCK)
started_at=$(date -u +%Y-%m-%d-%H%M)
result="$root/bench/results/$started_at-as-shipped.md"

need() { command -v "$1" >/dev/null || { echo "$1 is missing: $2" >&2; exit 1; }; }
need wrk "apt-get install -y wrk"
need node "install Node.js 20 (with npm)"
need npm "install Node.js 20 (with npm)"
need dotnet "install the .NET 10 SDK"
need psql "apt-get install -y postgresql"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pg_bin" ] || { echo "PostgreSQL server binaries missing: apt-get install -y postgresql" >&2; exit 1; }

work=$(mktemp -d /tmp/crm-as-shipped.XXXXXX)
chmod 755 "$work"
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
. "$root/scripts/lib.sh" # run_pg, free_port
wait_port() { # port seconds
  for _ in $(seq 1 $(( $2 * 5 ))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  return 1
}

# Processes this script started: the fakes and reference apps each lead their own process group (setsid)
# and are stopped by group id; Crm.Bot's `dotnet run` and its app are stopped by pid, because the build
# `dotnet run` does may leave MSBuild nodes behind that other builds on the machine reuse.
groups=()
pids=()
pg_started=""
cleanup() {
  for g in "${groups[@]}"; do kill -TERM -- "-$g" 2>/dev/null || true; done
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  sleep 1
  for g in "${groups[@]}"; do kill -KILL -- "-$g" 2>/dev/null || true; done
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  [ -n "$pg_started" ] && run_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
stop_group() { # pid
  kill -TERM -- "-$1" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.2; done
  kill -KILL -- "-$1" 2>/dev/null || true
  local kept=()
  for g in "${groups[@]}"; do [ "$g" = "$1" ] || kept+=("$g"); done
  groups=("${kept[@]}")
}
stop_pids() { # pid…
  kill -TERM "$@" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$@" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$@" 2>/dev/null || true
  pids=()
}
own_ticks() {
  local stat f
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  read -r -a f <<< "${stat##*) }"
  echo $(( f[11] + f[12] ))
}

# CPU of a process and its live descendants (utime+stime, plus the children it has already reaped), in ticks.
tree_ticks() {
  local stat total=0 f
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  read -r -a f <<< "${stat##*) }"
  total=$(( f[11] + f[12] + f[13] + f[14] ))
  for child in $(pgrep -P "$1" || true); do total=$(( total + $(tree_ticks "$child") )); done
  echo "$total"
}
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# ---------------------------------------------------------------- preparation
log "Work folder $work"
log "Installing the reference apps (npm ci) …"
bash bench/references/install.sh >&2
log "Building the fakes …"
dotnet build tests/Crm.Fakes -c Release -nologo -v q >&2

log "Starting PostgreSQL (own cluster, default durability) …"
mkdir -p "$work/pg"
[ "$(id -u)" = 0 ] && chown postgres "$work/pg"
pg_port=$(free_port)
run_pg "$pg_bin/initdb" -D "$work/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Only where it listens and how many connections it takes are set; durability stays at PostgreSQL's defaults.
run_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w \
  -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
pg_started=1
pg_pid=$(head -n 1 "$work/pg/data/postmaster.pid")
pg_show() { psql "host=127.0.0.1 port=$pg_port user=postgres dbname=postgres" -AtXc "SHOW $1"; }
fsync=$(pg_show fsync); synchronous_commit=$(pg_show synchronous_commit)
full_page_writes=$(pg_show full_page_writes); wal_sync_method=$(pg_show wal_sync_method)
pg_version=$(psql "host=127.0.0.1 port=$pg_port user=postgres dbname=postgres" -AtXc "SELECT version()")
log "PostgreSQL on 127.0.0.1:$pg_port: fsync=$fsync synchronous_commit=$synchronous_commit"
psql "host=127.0.0.1 port=$pg_port user=postgres dbname=postgres" -qXc "CREATE DATABASE crm" >/dev/null
conn="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=crm"

log "Seeding $CUSTOMERS customers and exporting them for the reference apps ($HOST_RUN_CMD -- …) …"
seed_start=$(date +%s)
ConnectionStrings__Crm="$conn" Logging__LogLevel__Default=Warning $HOST_RUN_CMD -- seed --customers "$CUSTOMERS" >"$work/seed.log" 2>&1 \
  || { cat "$work/seed.log" >&2; exit 1; }
seed_seconds=$(( $(date +%s) - seed_start ))
ConnectionStrings__Crm="$conn" Logging__LogLevel__Default=Warning $HOST_RUN_CMD -- export customers "$work/customers.csv" >"$work/export.log" 2>&1 \
  || { cat "$work/export.log" >&2; exit 1; }
node "$here/names.js" "$work/customers.csv" "$work/names.txt" >&2

log "Starting the fakes (own process) …"
setsid dotnet tests/Crm.Fakes/bin/Release/net10.0/Crm.Fakes.dll bench "$work/fakes" 4096 240 >"$work/fakes.log" 2>&1 &
fakes_pid=$!; groups+=("$fakes_pid")
for _ in $(seq 1 300); do [ -f "$work/fakes/fakes.env" ] && break; sleep 0.2; done
[ -f "$work/fakes/fakes.env" ] || { cat "$work/fakes.log" >&2; exit 1; }
# shellcheck disable=SC1091
. "$work/fakes/fakes.env"
fakes_stat() { curl -s "$FAKES_STATS_URL" | sed -E "s/.*\"$1\":([0-9]+).*/\1/"; }
secret="bench-signing-secret-$RANDOM$RANDOM$RANDOM"

start_ours() { # port -> pid of `dotnet run` (the host is its child)
  ConnectionStrings__Crm="$conn" ASPNETCORE_URLS="http://127.0.0.1:$1" Logging__LogLevel__Default=Warning \
    Slack__SigningSecret="$secret" Slack__BotToken="xoxb-bench" Slack__ApiBaseUrl="$SLACK_API_BASE" \
    Teams__AppId="$TEAMS_APP_ID" Teams__AppPassword="$TEAMS_APP_PASSWORD" Teams__TenantId="$TEAMS_TENANT" \
    Teams__OpenIdMetadataUrl="$TEAMS_OPENID_METADATA_URL" Teams__TokenAuthority="$TEAMS_TOKEN_AUTHORITY" Graph__BaseUrl="$GRAPH_BASE_URL" \
    DOTNET_PerfMapEnabled="$([ -n "${PERF_RECORD:-}" ] && echo 1 || echo 0)" \
    DOTNET_EnableWriteXorExecute="$([ -n "${PERF_RECORD:-}" ] && echo 0 || echo 1)" \
    setsid $HOST_RUN_CMD >"$work/host-$1.log" 2>&1 &
  echo $!
}
start_bolt() {
  SLACK_SIGNING_SECRET="$secret" CUSTOMERS_CSV="$work/customers.csv" PORT="$1" \
    setsid node bench/references/bolt/app.js >"$work/bolt-$1.log" 2>&1 &
  echo $!
}
start_botbuilder() {
  MICROSOFT_APP_ID="$TEAMS_APP_ID" MICROSOFT_APP_PASSWORD="$TEAMS_APP_PASSWORD" MICROSOFT_APP_TENANT_ID="$TEAMS_TENANT" \
    OPENID_METADATA_URL="$TEAMS_OPENID_METADATA_URL" TOKEN_AUTHORITY="$TEAMS_TOKEN_AUTHORITY" CUSTOMERS_CSV="$work/customers.csv" PORT="$1" \
    setsid node bench/references/botbuilder/bot.js >"$work/botbuilder-$1.log" 2>&1 &
  echo $!
}
wait_ready() { # app port pid
  if [ "$1" = ours ]; then
    for _ in $(seq 1 900); do
      [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$2/readyz")" = 200 ] && return 0
      kill -0 "$3" 2>/dev/null || return 1
      sleep 0.2
    done
    return 1
  fi
  wait_port "$2" 60
}

# One wrk invocation; its summary line goes to $2.
run_wrk() { # platform out-file seconds port pool-prefix
  local args
  if [ "$1" = slack ]; then args=(-s "$here/slack.lua" "http://127.0.0.1:$4" -- "$5")
  else args=(-s "$here/teams.lua" "http://127.0.0.1:$4" -- "$work/fakes/teams-tokens.txt" "$work/fakes/teams-activities.txt" "$work/names.txt"); fi
  WRK_OUT="$2" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${3}s" --timeout 10s "${args[@]}" >"$2.stdout" 2>&1
}
field() { sed -n 1p "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

printf 'platform\tapp\tround\trequests\tseconds\trps\tp50_ms\tp99_ms\tmax_ms\terrors\tlate\twraps\tapp_us\tpg_us\tfakes_us\twrk_us\tposted\tposted_after\tload_before\tload_after\tsample\n' >"$work/runs.tsv"

measure() { # platform app round
  local platform=$1 app=$2 round=$3 port pid app_pid attempt started=""
  # A free port can be taken between the probe and the bind: then start again on another one.
  for attempt in 1 2 3; do
    port=$(free_port)
    case $app in
      ours) pid=$(start_ours "$port") ;;
      bolt) pid=$(start_bolt "$port") ;;
      botbuilder) pid=$(start_botbuilder "$port") ;;
    esac
    log "$platform round $round: $app on port $port …"
    if [ "$app" = ours ]; then pids+=("$pid"); else groups+=("$pid"); fi
    if wait_ready "$app" "$port" "$pid"; then started=1; break; fi
    log "$app did not start (attempt $attempt):"; tail -n 30 "$work/"*"-$port.log" >&2
    if [ "$app" = ours ]; then stop_pids "$pid"; else stop_group "$pid"; fi
  done
  [ -n "$started" ] || exit 1
  app_pid=$pid
  local wrapper=""
  if [ "$app" = ours ]; then
    # `dotnet run` waits for the app it started: that child is the host; the wrapper's own time is added.
    wrapper=$pid
    app_pid=$(pgrep -P "$pid" -f 'Crm\.Bot' | head -n 1)
    [ -n "$app_pid" ] || { log "no host process under dotnet run ($pid)"; exit 1; }
    pids+=("$app_pid")
  fi
  app_ticks() {
    local t; t=$(tree_ticks "$app_pid")
    if [ -n "$wrapper" ]; then t=$(( t + $(own_ticks "$wrapper") )); fi
    echo "$t"
  }
  local pool="$work/pool-$app-$round"
  if [ "$platform" = slack ]; then
    node "$here/slack-pool.js" "$secret" "$work/names.txt" $(( POOL_RATE * WARMUP )) "$THREADS" "$pool.warm" "$SLACK_RESPONSE_URL" "w$app$round"
    node "$here/slack-pool.js" "$secret" "$work/names.txt" $(( POOL_RATE * MEASURE )) "$THREADS" "$pool.run" "$SLACK_RESPONSE_URL" "m$app$round"
  fi
  run_wrk "$platform" "$work/warm-$app-$round-$platform" "$WARMUP" "$port" "$pool.warm"
  local load_before a0 p0 f0 c0 out="$work/run-$app-$round-$platform"
  load_before=$(loadavg)
  c0=$(fakes_stat connector)
  a0=$(app_ticks); p0=$(tree_ticks "$pg_pid"); f0=$(tree_ticks "$fakes_pid")
  local perf_pid=""
  if [ -n "${PERF_RECORD:-}" ] && [ "$app" = ours ]; then
    mkdir -p "$PERF_RECORD"
    perf record -F 499 -g -p "$app_pid" -o "$PERF_RECORD/perf-$platform-$round.data" -- sleep "$MEASURE" 2>/dev/null &
    perf_pid=$!
  fi
  run_wrk "$platform" "$out" "$MEASURE" "$port" "$pool.run"
  [ -z "$perf_pid" ] || wait "$perf_pid" || true
  local a1 p1 f1 c1 c2 load_after
  a1=$(app_ticks); p1=$(tree_ticks "$pg_pid"); f1=$(tree_ticks "$fakes_pid")
  c1=$(fakes_stat connector)
  load_after=$(loadavg)
  local requests; requests=$(field "$out" requests)
  c2=$c1
  if [ "$platform" = teams ]; then
    # Crm.Bot posts its answers after the HTTP answer: give the outbox up to 10 s to drain before counting.
    for _ in $(seq 1 50); do c2=$(fakes_stat connector); [ $(( c2 - c0 )) -ge "$requests" ] && break; sleep 0.2; done
  fi
  if [ "$app" = ours ]; then stop_pids "$app_pid" "$wrapper"; else stop_group "$pid"; fi
  rm -f "$pool".*
  awk -v platform="$platform" -v app="$app" -v round="$round" -v req="$requests" \
      -v dur="$(field "$out" duration_us)" -v p50="$(field "$out" p50_us)" -v p99="$(field "$out" p99_us)" -v max="$(field "$out" max_us)" \
      -v errs="$(( $(field "$out" connect_errors) + $(field "$out" read_errors) + $(field "$out" write_errors) + $(field "$out" timeouts) + $(field "$out" bad) ))" \
      -v late="$(field "$out" late)" -v wraps="$(field "$out" wraps)" -v clk="$clk" \
      -v a=$(( a1 - a0 )) -v p=$(( p1 - p0 )) -v f=$(( f1 - f0 )) -v w="$(field "$out" wrk_cpu_ticks)" \
      -v posted=$(( c1 - c0 )) -v after=$(( c2 - c0 )) -v lb="$load_before" -v la="$load_after" -v sample="$(sed -n 's/^sample=//p' "$out")" \
    'BEGIN { s = dur / 1e6; us = 1e6 / clk / (req > 0 ? req : 1);
      printf "%s\t%s\t%s\t%d\t%.1f\t%.0f\t%.1f\t%.1f\t%.1f\t%d\t%d\t%d\t%.0f\t%.0f\t%.0f\t%.0f\t%d\t%d\t%s\t%s\t%s\n",
        platform, app, round, req, s, req / s, p50 / 1000, p99 / 1000, max / 1000, errs, late, wraps, a * us, p * us, f * us, w * us, posted, after, lb, la, sample }' \
    >>"$work/runs.tsv"
  tail -n 1 "$work/runs.tsv" | cut -f1-12 >&2
}

load_start=$(loadavg)
for platform in $PLATFORMS; do
  reference=bolt; [ "$platform" = teams ] && reference=botbuilder
  for round in $(seq 1 "$ROUNDS"); do
    measure "$platform" ours "$round"
    measure "$platform" "$reference" "$round"
  done
done
load_end=$(loadavg)

# ---------------------------------------------------------------- result file
machine_cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
machine_mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
os=$(. /etc/os-release && echo "$PRETTY_NAME")
summary() { # platform app -> "requests seconds rps p99max errors" over all rounds
  awk -F'\t' -v p="$1" -v a="$2" '$1 == p && $2 == a { r += $4; s += $5; e += $10; if ($8 > p99) p99 = $8;
      au += $13 * $4; pu += $14 * $4; fu += $15 * $4; wu += $16 * $4 }
    END { if (s > 0) printf "%d %.1f %.0f %.1f %d %.0f %.0f %.0f %.0f", r, s, r / s, p99, e, au / r, pu / r, fu / r, wu / r }' "$work/runs.tsv"
}
verdict() { # ours-summary ref-summary target-ratio check-p99
  awk -v o="$1" -v r="$2" -v t="$3" -v c="$4" 'BEGIN { split(o, x, " "); split(r, y, " "); if (y[3] == 0) { print "n/a"; exit }
    ratio = x[3] / y[3]; ok = ratio >= t; p = ""
    if (c == "p99") { p = sprintf("; worst p99 %.1f ms vs %.1f ms", x[4], y[4]); ok = ok && x[4] <= y[4] }
    printf "%.2f× (target ≥ %s×%s): **%s**", ratio, t, p, ok ? "met" : "not met" }'
}
{
  echo "# As-shipped benchmark — $started_at UTC"
  echo
  [ -n "${NOTE:-}" ] && { echo "$NOTE"; echo; }
  echo "Crm.Bot started with \`$HOST_RUN_CMD\` (the README's run command unless HOST_RUN_CMD says otherwise), configured by"
  echo "environment only (PostgreSQL, Slack and Teams against the fakes; \`Logging__LogLevel__Default=Warning\` is the only other"
  echo "setting), against its own PostgreSQL cluster at default durability. The fakes (Slack Web API, OpenID/JWKS, Entra token"
  echo "endpoint, Bot Connector, Graph: \`tests/Crm.Fakes bench\`) and the load generator (\`wrk\`) are separate processes. Each"
  echo "run starts the app fresh, warms it up for $WARMUP s, then measures $MEASURE s at $CONNECTIONS connections ($THREADS wrk threads);"
  echo "the rounds alternate Crm.Bot and the reference app. CPU per request is each process's user+system time over the measured"
  echo "run (from /proc/<pid>/stat, descendants included) divided by the requests answered in it; wrk's own excludes loading its pool."
  echo
  echo "| setting | value |"
  echo "|---|---|"
  echo "| command | \`WARMUP=$WARMUP MEASURE=$MEASURE CONNECTIONS=$CONNECTIONS THREADS=$THREADS ROUNDS=$ROUNDS PLATFORMS=\"$PLATFORMS\" bash bench/as-shipped/run.sh\` |"
  echo "| host start | \`$HOST_RUN_CMD\` |"
  echo "| PostgreSQL | $pg_version; own cluster (initdb), 127.0.0.1:$pg_port, max_connections=300, everything else default |"
  echo "| durability (\`SHOW fsync; SHOW synchronous_commit;\`) | fsync = **$fsync**, synchronous_commit = **$synchronous_commit** (full_page_writes = $full_page_writes, wal_sync_method = $wal_sync_method) |"
  echo "| data | $CUSTOMERS customers (\`seed --customers $CUSTOMERS\`, $seed_seconds s incl. build); \`show <name>\` over $(wc -l <"$work/names.txt") names that match exactly one customer; the reference apps load the same customers from \`export customers\` |"
  echo "| Slack load | signed \`/crm show <name>\` slash commands (\`v0\` HMAC-SHA256 of \`v0:{ts}:{body}\`), a unique trigger_id each, 4 users. wrk's Lua has no HMAC, so \`slack-pool.js\` signs a pool of unique requests (POOL_RATE=$POOL_RATE per second of load, more than any app answered) just before each run with ts = now: every request is sent at most warm-up + measured seconds after signing, well inside Slack's ±300 s window, and none repeats unless \"pool reused\" says so |"
  echo "| Teams load | \`@CRM show <name>\` group-chat mentions from 4 users over 4,096 chats, RS256 tokens (4,096 minted by the fakes at start) |"
  echo "| machine | $(nproc) cores ($machine_cpu), $machine_mem, $os, .NET SDK $(dotnet --version), Node $(node --version), $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2) |"
  echo "| load average (1/5/15 min) at start / end | $load_start / $load_end |"
  echo
  echo "## Targets"
  echo
  echo "| target | Crm.Bot (all rounds) | reference (all rounds) | ratio |"
  echo "|---|---|---|---|"
  for platform in $PLATFORMS; do
    reference=bolt; target=1.5; check=p99; name="Slack \`/crm show\` ≥ 1.5× Bolt, p99 no worse"
    [ "$platform" = teams ] && { reference=botbuilder; target=3; check=none; name="Teams \`show\` ≥ 3× botbuilder-js"; }
    o=$(summary "$platform" ours); r=$(summary "$platform" "$reference")
    read -r or os_ orps op99 oe _ <<<"$o"; read -r rr rs rrps rp99 re _ <<<"$r"
    echo "| $name | $orps req/s, worst p99 $op99 ms, $oe errors | $rrps req/s, worst p99 $rp99 ms, $re errors | $(verdict "$o" "$r" "$target" "$check") |"
  done
  echo
  echo "## Runs"
  echo
  echo "| platform | app | round | requests | s | req/s | p50 ms | p99 ms | max ms | errors | late | pool reused | app µs/req | PostgreSQL µs/req | fakes µs/req | wrk µs/req | posted to connector (in run / +10 s) | load avg before / after |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  tail -n +2 "$work/runs.tsv" | awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s |\n",
    $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, ($1 == "teams" ? $17 " / " $18 : "n/a"), $19, $20 }'
  echo
  echo "\"errors\" counts connection, read, write and timeout errors and answers that were not the customer's card (Slack: a 200"
  echo "without Block Kit blocks and not \"Working on it\"; Teams: a status other than 200/201/202). \"late\" are Slack answers"
  echo "acknowledged with \"Working on it\" and sent by response_url. \"pool reused\" counts how often a wrk thread ran through its"
  echo "pool of signed requests and started again (repeated trigger_ids); 0 means every request was unique."
  samples=$(tail -n +2 "$work/runs.tsv" | awk -F'\t' '$21 != "" { print "- " $1 " " $2 " round " $3 ": `" $21 "`" }')
  [ -n "$samples" ] && { echo; echo "First refused answer of each run that had one:"; echo; echo "$samples"; }
  echo
} >"$result"
log "Result: $result"
echo "$result"
