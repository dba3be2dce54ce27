#!/usr/bin/env bash
# Re-creates the generated "Initial" migration of both providers from the current model.
# Until the first production release the schema is one generated migration per provider plus
# hand-written ones (ids 2026112600xxxx_*) that hold what EF cannot express (triggers); this keeps
# parallel model changes from fighting over snapshot files.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Postgres Sqlite; do
  dir="src/Crm.Domain/Storage/Migrations/$provider"
  mkdir -p "$dir"
  rm -f "$dir"/*_Initial.cs "$dir"/*_Initial.Designer.cs "$dir"/*ModelSnapshot.cs
  dotnet ef migrations add Initial --project src/Crm.Domain --startup-project src/Crm.Domain \
    --context "${provider}CrmDbContext" --output-dir "Storage/Migrations/$provider" \
    --namespace "Crm.Domain.Storage.Migrations.$provider" >/dev/null
  # EF places the snapshot by namespace; keep it beside the migrations.
  if [ -d src/Crm.Domain/Crm ]; then
    mv src/Crm.Domain/Crm/Domain/Storage/Migrations/$provider/*ModelSnapshot.cs "$dir"/
    rm -rf src/Crm.Domain/Crm
  fi
  # A fixed id, so hand-written migrations always sort after it.
  for f in "$dir"/*_Initial.cs "$dir"/*_Initial.Designer.cs; do
    id=$(basename "$f" | cut -d_ -f1)
    [ "$id" = "20261126000000" ] && continue
    sed -i "s/${id}_Initial/20261126000000_Initial/g" "$f"
    mv "$f" "$dir/20261126000000_${f##*_}"
  done
done
echo "Initial migrations regenerated."
