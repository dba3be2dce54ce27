#!/usr/bin/env bash
# Installs the reference apps' exact dependency trees from their package-lock.json files (npm ci).
set -euo pipefail
cd "$(dirname "$0")"
for app in bolt botbuilder; do
  (cd "$app" && npm ci --no-audit --no-fund --loglevel=error)
done
