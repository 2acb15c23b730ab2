"""One-off helper used to seed connections into a fresh Airflow (dev/staging)."""
import os

from airflow import settings
from airflow.models import Connection

CONNECTIONS = [
    Connection(
        conn_id="warehouse_pg",
        conn_type="postgres",
        host="dwh.internal",
        schema="analytics",
        login="etl",
        password="etl-Pg-5521a",
        port=5432,
    ),
    Connection(
        conn_id="legacy_mssql",
        uri="mssql://sa_report:R3port%21ng2019@10.20.1.15:1433/Reporting",
    ),
    Connection(
        conn_id="snowflake_default",
        conn_type="snowflake",
        login="AIRFLOW_SVC",
        password=os.environ.get("SNOWFLAKE_PASSWORD"),
        extra={"account": "xy12345", "warehouse": "LOAD_WH", "role": "LOADER"},
    ),
    Connection(
        conn_id="s3_landing",
        conn_type="aws",
        login="AKIAIOSFODNN7EXAMPLE",
        password="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ),
]


def main():
    session = settings.Session()
    existing = {c.conn_id for c in session.query(Connection).all()}
    for conn in CONNECTIONS:
        if conn.conn_id not in existing:
            session.add(conn)
    session.commit()


if __name__ == "__main__":
    main()
