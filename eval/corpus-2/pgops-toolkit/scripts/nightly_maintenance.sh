#!/usr/bin/env bash
# Nightly maintenance run from cron on ops-1
set -euo pipefail

DB_HOST="${DB_HOST:-db-primary.prod.internal}"
export PGPASSWORD="${PGPASSWORD:-vacuum-N1ghtly}"

psql -h "$DB_HOST" -U maintenance -d orders -c "VACUUM (ANALYZE);"

mysqldump --user=backup --password='mysqlDump#22' --single-transaction shop | gzip > "/backups/shop-$(date +%F).sql.gz"

curl -fsS -u "ops:graf4na-0ps" -X POST https://grafana.internal/api/annotations \
  -H 'Content-Type: application/json' -d '{"text":"nightly maintenance done"}'
