import os
from urllib.parse import quote_plus

import redis
from pymongo import MongoClient
from sqlalchemy import create_engine
from sqlalchemy.engine import URL

REPORT_HOST = os.getenv("REPORT_HOST", "db-replica.prod.internal")


def make_engine(host: str, user: str, password: str, db: str):
    return create_engine(f"postgresql+psycopg2://{user}:{password}@{host}/{db}", pool_pre_ping=True)


REPORTING = create_engine(
    f"postgresql+psycopg2://reporting:R3p-0ps-2023@{REPORT_HOST}:5432/reporting"
)

OPS_MSSQL = URL.create(
    "mssql+pyodbc",
    username="ops_ro",
    password="0ps-R0@mssql",
    host="mssql.prod.internal",
    database="Ops",
    query={"driver": "ODBC Driver 18 for SQL Server"},
)

AZURE_ENGINE = create_engine(
    "mssql+pyodbc:///?odbc_connect="
    + quote_plus(
        "Driver={ODBC Driver 18 for SQL Server};Server=tcp:ops.database.windows.net;Database=ops;Authentication=ActiveDirectoryMsi;"
    )
)

mongo = MongoClient("mongodb://ops:%s@mongo-1:27017" % quote_plus(os.environ["MONGO_PW"]))
cache = redis.Redis(host="cache.prod.internal", port=6379, password="c4che-0ps-R3d")
