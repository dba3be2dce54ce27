# Shell helpers shared by scripts/test.sh, scripts/cluster.sh and bench/as-shipped/run.sh (sourced, not run).

# PostgreSQL's programs refuse to run as root (initdb) or should not: run them as the postgres system user there.
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# A TCP port on 127.0.0.1 that nothing listens on now (no tools needed: bash's /dev/tcp), or exit.
free_port() {
  local candidate
  for _ in $(seq 1 100); do
    candidate=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then echo "$candidate"; return; fi
  done
  echo "no free port found" >&2; exit 1
}
