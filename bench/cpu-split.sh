#!/usr/bin/env bash
# CPU time taken by the bot host, the load generator and PostgreSQL over an interval, read from
# /proc/<pid>/stat (user + system). Run it during the measured phase of a benchmark:
#   bash bench/cpu-split.sh 20
# Processes: the host is the one running Crm.Bot.dll, the generator any *Bench.dll (the Teams bench
# runs host, fakes and generator in that one process), PostgreSQL every process named postgres.
set -euo pipefail
seconds=${1:-20}
ticks() { local t=0 v; for p in "$@"; do v=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0); t=$((t + ${v:-0})); done; echo "$t"; }
host=$(pgrep -f 'Crm\.Bot\.dll' || true); generator=$(pgrep -f 'Bench\.dll' || true); postgres=$(pgrep -x postgres || true)
h0=$(ticks $host); g0=$(ticks $generator); p0=$(ticks $postgres)
sleep "$seconds"
h1=$(ticks $host); g1=$(ticks $generator); p1=$(ticks $postgres)
hz=$(getconf CLK_TCK)
awk -v h=$((h1 - h0)) -v g=$((g1 - g0)) -v p=$((p1 - p0)) -v s="$seconds" -v hz="$hz" 'BEGIN {
  printf "over %d s: host %.2f cores, load generator %.2f cores, PostgreSQL %.2f cores (CPU seconds / wall seconds)\n", s, h/hz/s, g/hz/s, p/hz/s }'
