import os

import pymysql
import pytest
from sqlalchemy import create_engine

from pgops.models import User

TEST_DB_URL = os.getenv(
    "TEST_DATABASE_URL",
    "postgresql://pgops:pg0ps-t3st@127.0.0.1:5433/pgops_test",
)


@pytest.fixture(scope="session")
def engine():
    eng = create_engine(TEST_DB_URL)
    yield eng
    eng.dispose()


@pytest.fixture
def admin_user(db_session):
    return User.create(db_session, username="admin", password="adm1n-pass-123")


@pytest.fixture(scope="session")
def mysql_conn():
    conn = pymysql.connect(host="127.0.0.1", user="root", password="", database="test")
    yield conn
    conn.close()
