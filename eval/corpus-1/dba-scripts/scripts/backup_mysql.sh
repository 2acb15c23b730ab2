#!/usr/bin/env bash
set -euo pipefail

MYSQL_PWD="B4ckup!Mysql"
export MYSQL_PWD

mysqldump -h db01 -u backup --single-transaction --routines app > "/backups/app-$(date +%F).sql"

mysql -h db01 -ubackup -pB4ckup!Mysql -e "FLUSH LOGS"
mysql -h db01 -u backup --password="$BACKUP_PW" -e "SELECT 1"
mysql --defaults-extra-file=/etc/mysql/backup.cnf app -e "SHOW TABLES"
mysqladmin -h db02 -u root --password=R00t!Mysql8 status
