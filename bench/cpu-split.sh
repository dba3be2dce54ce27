#!/usr/bin/env bash
# CPU time taken by the bot host, the load generator and PostgreSQL over an interval, read from
# /proc/<pid>/stat (user + system). Run it during the measured phase of a benchmark:
#   bash bench/cpu-split.sh 20
# Processes: the host is the one running Crm.Bot.dll, the generator any *Bench program (the Teams
# bench runs host, fakes and generator in that one process), PostgreSQL every process named postgres.
# Only processes alive at both ends of the interval count (a backend that exits takes its ticks along).
set -euo pipefail
seconds=${1:-20}
snapshot() { for p in "$@"; do awk -v p="$p" '{print p, $14 + $15}' "/proc/$p/stat" 2>/dev/null || true; done; }
used() { # ticks used between two snapshots, by the pids present in both
  awk 'NR == FNR { before[$1] = $2; next } ($1 in before) { t += $2 - before[$1] } END { print t + 0 }' "$1" "$2"; }
host=$(pgrep -f 'Crm\.Bot\.dll' || true); generator=$(pgrep -f 'Bench(\.dll)?( |$)' || true); postgres=$(pgrep -x postgres || true)
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
snapshot $host > "$dir/h0"; snapshot $generator > "$dir/g0"; snapshot $postgres > "$dir/p0"
sleep "$seconds"
snapshot $host > "$dir/h1"; snapshot $generator > "$dir/g1"; snapshot $postgres > "$dir/p1"
hz=$(getconf CLK_TCK)
awk -v h="$(used "$dir/h0" "$dir/h1")" -v g="$(used "$dir/g0" "$dir/g1")" -v p="$(used "$dir/p0" "$dir/p1")" -v s="$seconds" -v hz="$hz" 'BEGIN {
  printf "over %d s: host %.2f cores, load generator %.2f cores, PostgreSQL %.2f cores (CPU seconds / wall seconds)\n", s, h/hz/s, g/hz/s, p/hz/s }'
