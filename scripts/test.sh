#!/usr/bin/env bash
# Runs every test. Starts a throwaway PostgreSQL (initdb in a temp folder on a free port) unless
# CRM_TEST_PG already names one, and ends with one line: "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

pg_started=""
pg_dir=""
cleanup() {
  if [ -n "$pg_started" ]; then
    run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  [ -n "$pg_dir" ] && rm -rf "$pg_dir"
}
trap cleanup EXIT

# run_pg (initdb refuses to run as root) and free_port.
. "$root/scripts/lib.sh"

# The fault harness (tests/Crm.FaultTests) starts a PostgreSQL cluster of its own, so the server's
# programs are needed even when CRM_TEST_PG names a server.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ]; then
  echo "PostgreSQL not found; installing it from Debian's packages." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

if [ -z "${CRM_TEST_PG:-}" ]; then
  pg_dir=$(mktemp -d /tmp/crm-test-pg.XXXXXX)
  chmod 755 "$pg_dir"
  [ "$(id -u)" = 0 ] && chown postgres "$pg_dir"
  port=$(free_port)
  run_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null || { echo "initdb failed" >&2; exit 1; }
  run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
    -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null || { cat "$pg_dir/log" >&2; exit 1; }
  pg_started=1
  export CRM_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Include Error Detail=true"
  echo "Throwaway PostgreSQL on 127.0.0.1:$port" >&2
fi

# The console's browser tests drive Debian's Chromium; Playwright must never download a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -x /usr/bin/chromium ]; then
  echo "Chromium not found; installing it from Debian's packages." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

results="$root/TestResults"
rm -rf "$results"
dotnet build Crm.Bot.sln -c Release -nologo -v q >"$root/TestResults.build.log" 2>&1
build_rc=$?
if [ $build_rc -ne 0 ]; then
  grep -E "error|warning" "$root/TestResults.build.log" | sort -u | head -50
  echo "0 passed, 1 failed"
  exit 1
fi
dotnet test Crm.Bot.sln -c Release --no-build -nologo --logger "trx" --results-directory "$results" "$@"
test_rc=$?

# Sum the counters of every test project's TRX file into the one closing line.
passed=0; failed=0; skipped=0
while IFS= read -r trx; do
  counters=$(grep -o "<Counters [^>]*/>" "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o "[0-9]*" || echo 0; }
  passed=$(( passed + $(get passed) ))
  failed=$(( failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted) ))
  skipped=$(( skipped + $(get notExecuted) ))
done < <(find "$results" -name "*.trx" 2>/dev/null)
[ "$test_rc" -ne 0 ] && [ "${failed:-0}" -eq 0 ] && failed=1
line="${passed:-0} passed, ${failed:-0} failed"
[ "${skipped:-0}" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$test_rc" -eq 0 ] && [ "${failed:-0}" -eq 0 ]
