"""Fabric tasks for the DBA on-call rotation."""
import os

from fabric import Connection, task

DB_HOST = "db-primary.prod.internal"


@task
def backup(c):
    """Nightly logical backup of the orders database."""
    c.run(
        "PGPASSWORD='B4ckup-0ps!' pg_dump -h db-primary.prod.internal "
        "-U backup -Fc orders > /backups/orders-$(date +%F).dump"
    )


@task
def restore(c, dump):
    c.run(f"PGPASSWORD={os.environ['PGPASSWORD']} pg_restore -h {DB_HOST} -U restore -d orders {dump}")


@task
def replication_status(c):
    c.run("mysql -h mysql-1.prod.internal -u monitor -p'm0n!tor-Ops' -e 'SHOW REPLICA STATUS\\G'")


@task
def restart_app(c):
    c.sudo("systemctl restart orders-api", password="sud0-Depl0y!")
