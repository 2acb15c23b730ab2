#!/bin/sh
# weekly maintenance on the primary
export PGPASSWORD='Pg!Maint_2024'
psql -h pg-prod.internal -U maint -d app -c "VACUUM (ANALYZE);"

PGPASSWORD=$PG_REPLICA_PASS psql -h pg-replica.internal -U maint -d app -c "select pg_last_wal_replay_lsn();"

psql "postgresql://maint:Pg!Maint_2024@pg-prod.internal:5432/app" -c "select now();"

pg_dump "host=pg-prod.internal user=maint password=Pg!Maint_2024 dbname=app" -Fc > /backups/app.dump

echo "Enter password for postgres:"
