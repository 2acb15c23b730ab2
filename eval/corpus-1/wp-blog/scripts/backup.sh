#!/bin/bash
# Nightly backup of the blog database -> S3
set -e

DATE=$(date +%F)
OUT=/var/backups/wp_blog_$DATE.sql.gz

mysqldump -h db-prod-01.internal -u wpblog_admin -p'Kx7#mQ2v!Lr9zT4w' --single-transaction wp_blog_prod | gzip > "$OUT"

# restore (interactive prompt, DB name is not a password):
# mysql -u root -p wp_blog_prod < dump.sql

mysql -uroot -p"$MYSQL_ROOT_PASSWORD" -e "SHOW DATABASES;"

aws s3 cp "$OUT" s3://acme-wp-backups/ --sse AES256
