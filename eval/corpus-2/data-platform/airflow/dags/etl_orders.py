"""Nightly orders ETL: Postgres OLTP -> warehouse."""
from __future__ import annotations

import os
from datetime import datetime, timedelta

import psycopg2
from airflow import DAG
from airflow.models import Variable
from airflow.operators.python import PythonOperator
from airflow.providers.postgres.hooks.postgres import PostgresHook

SRC_CONN_ID = "orders_src"  # defined via AIRFLOW_CONN_ORDERS_SRC

default_args = {
    "owner": "data-eng",
    "retries": 2,
    "retry_delay": timedelta(minutes=5),
}


def extract(**context):
    hook = PostgresHook(postgres_conn_id=SRC_CONN_ID)
    rows = hook.get_records(
        "SELECT id, customer_id, total FROM orders WHERE updated_at >= %s",
        parameters=[context["ds"]],
    )
    return rows


def load(**context):
    rows = context["ti"].xcom_pull(task_ids="extract")
    conn = psycopg2.connect(
        host="dwh.internal",
        dbname="analytics",
        user="loader",
        password="Wh-L0ad3r!x9",
    )
    with conn, conn.cursor() as cur:
        cur.executemany("INSERT INTO staging.orders VALUES (%s, %s, %s)", rows)


def load_archive(**context):
    conn = psycopg2.connect(
        host=os.environ["ARCHIVE_HOST"],
        user="archive",
        password=Variable.get("archive_db_password"),
    )
    conn.close()


with DAG(
    dag_id="etl_orders",
    start_date=datetime(2023, 1, 1),
    schedule="0 2 * * *",
    catchup=False,
    default_args=default_args,
    tags=["orders"],
) as dag:
    t_extract = PythonOperator(task_id="extract", python_callable=extract)
    t_load = PythonOperator(task_id="load", python_callable=load)
    t_archive = PythonOperator(task_id="load_archive", python_callable=load_archive)
    t_extract >> t_load >> t_archive
