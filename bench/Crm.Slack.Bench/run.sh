#!/usr/bin/env bash
# Seeds a fresh PostgreSQL database with N generated customers, starts the host on it with Slack
# configured against the bench's fake Slack Web API, and runs the signed /crm show load against it.
#   CRM_BENCH_PG  server connection string (default: the dev server on 127.0.0.1:54329)
#   CUSTOMERS (100000) CONCURRENCY (32) DURATION (30)
set -euo pipefail
cd "$(dirname "$0")/../.."
server=${CRM_BENCH_PG:-"Host=127.0.0.1;Port=54329;Username=postgres;Database=postgres"}
customers=${CUSTOMERS:-100000}
db="crm_slack_bench_$$"
secret="bench-signing-secret-$RANDOM$RANDOM"
host_port=${HOST_PORT:-5080}
slack_port=${SLACK_PORT:-5399}
conn="${server/Database=postgres/Database=$db};Maximum Pool Size=200"

dotnet build -c Release -nologo -v q src/Crm.Bot >/dev/null
dotnet build -c Release -nologo -v q bench/Crm.Slack.Bench >/dev/null
crm_cli() { dotnet run --no-build -c Release --project src/Crm.Bot -- "$@"; }

echo "Creating database $db and seeding $customers customers …"
psql "host=127.0.0.1 port=${PGPORT:-54329} user=postgres dbname=postgres" -qc "CREATE DATABASE $db" 2>/dev/null \
  || { echo "psql not available or failed; create database $db yourself"; exit 1; }
ConnectionStrings__Crm="$conn" crm_cli seed --customers "$customers"

cleanup() {
  [ -n "${host_pid:-}" ] && kill "$host_pid" 2>/dev/null || true
  psql "host=127.0.0.1 port=${PGPORT:-54329} user=postgres dbname=postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

ConnectionStrings__Crm="$conn" Slack__SigningSecret="$secret" Slack__BotToken="xoxb-bench" \
  Slack__ApiBaseUrl="http://127.0.0.1:$slack_port/api/" Outbox__SlackChannelInterval=00:00:00 \
  ASPNETCORE_URLS="http://127.0.0.1:$host_port" Logging__LogLevel__Default=Warning \
  dotnet src/Crm.Bot/bin/Release/net10.0/Crm.Bot.dll >/tmp/crm-slack-bench-host.log 2>&1 &
host_pid=$!
for _ in $(seq 1 60); do
  curl -s -o /dev/null "http://127.0.0.1:$host_port/" && break
  sleep 1
done

dotnet bench/Crm.Slack.Bench/bin/Release/net10.0/Crm.Slack.Bench.dll --url "http://127.0.0.1:$host_port" --secret "$secret" \
  --customers "$customers" --concurrency "${CONCURRENCY:-32}" --duration "${DURATION:-30}" --host-pid "$host_pid" --slack-port "$slack_port" \
  --out "bench/results/$(date -u +%Y-%m-%d-%H%M)-slack-show.md" --note "${NOTE:-Host on PostgreSQL (dev server), seeded with \`seed --customers $customers\`; load generator on the same machine.}"
