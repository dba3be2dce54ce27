#!/usr/bin/env bash
# Long form of the fault scenarios of tests/Crm.FaultTests: the same harness (its own PostgreSQL with
# default durability, the fakes process, two chat hosts and a jobs-only host as real processes), with
# MENTIONS per scenario (default 300) and REPEATS runs (default 1). Writes
# bench/results/<UTC date-time>-faults.md with each run's counts (lost, duplicates, 429s honored or
# not, how long a dead host's channels waited), the PostgreSQL settings and the machine's facts.
#   MENTIONS=300 REPEATS=3 bash bench/faults/run.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
mentions=${MENTIONS:-300}
repeats=${REPEATS:-1}
stamp=$(date -u +%Y-%m-%d-%H%M)
out="bench/results/$stamp-faults.md"
work=$(mktemp -d /tmp/crm-faults-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

dotnet build Crm.Bot.sln -c Release -nologo -v q >"$work/build.log" 2>&1 || { grep -E "error" "$work/build.log" | sort -u | head -20; exit 1; }

{
  echo "# Fault scenarios, long form ($mentions mentions per scenario, $repeats run(s))"
  echo
  echo "Command: \`MENTIONS=$mentions REPEATS=$repeats bash bench/faults/run.sh\` (commit $(git rev-parse --short HEAD), $(date -u '+%Y-%m-%d %H:%M') UTC)."
  echo
  echo "Machine: $(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr), .NET SDK $(dotnet --version); shared with other work while it ran (load average at start: $(cut -d' ' -f1-3 /proc/loadavg))."
  echo
  echo "Set-up: two chat hosts (\`Host:Role=chat\`, \`Outbox:Dispatch=false\`) and one jobs-only host (\`Host:Role=jobs\`, dispatcher on), each \`dotnet src/Crm.Bot/bin/Release/net10.0/Crm.Bot.dll\` configured by environment variables; the fakes (tests/Crm.Fakes) as a separate process; a PostgreSQL cluster of the harness's own (initdb, default durability, only \`max_connections=300\` raised). Slack events are signed and retried at the other host as Slack does; Teams activities carry RS256 tokens from the fakes' key."
  echo
} >"$out"

for run in $(seq 1 "$repeats"); do
  rows="$work/rows-$run.md"
  : >"$rows"
  started=$(date +%s)
  CRM_FAULT_MENTIONS=$mentions CRM_FAULT_REPORT="$rows" \
    dotnet test tests/Crm.FaultTests -c Release --no-build -nologo --logger "trx;LogFileName=run-$run.trx" --results-directory "$work" >"$work/test-$run.log" 2>&1
  took=$(( $(date +%s) - started ))
  trx="$work/run-$run.trx"
  passed=$(grep -o '<Counters [^>]*/>' "$trx" 2>/dev/null | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*' || echo 0)
  failed=$(grep -o '<Counters [^>]*/>' "$trx" 2>/dev/null | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*' || echo "?")
  {
    echo "## Run $run: $passed passed, $failed failed ($took s)"
    echo
    echo "| scenario | counts |"
    echo "|---|---|"
    cat "$rows"
    echo
    failures=$(grep -o 'testName="[^"]*" [^>]*outcome="Failed"' "$trx" 2>/dev/null | sed 's/testName="\([^"]*\)".*/\1/' || true)
    if [ -n "$failures" ]; then
      echo "Failed:"
      echo
      echo "$failures" | sed 's/^/- /'
      echo
    fi
  } >>"$out"
done
echo "Wrote $out"
