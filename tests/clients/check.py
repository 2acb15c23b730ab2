"""Parse connleak's replacements with the real client libraries' parsers.

Reads a JSON list of {"at": "...", "text": "..."} on stdin and writes
{"checked": [...], "rejected": [...], "unchecked": n} on stdout. Nothing
connects anywhere: each form goes through the parser the client itself
uses (SQLAlchemy's URL and dialect, PyMySQL's connect signature, psycopg's
conninfo parser). Placeholders such as <managed-identity-name> are filled
with sample values first.
"""
import inspect
import json
import re
import shlex
import sys

import psycopg.conninfo
import pymysql
import sqlalchemy
from sqlalchemy.engine import make_url

SAMPLES = {
    "managed-identity-name": "app-identity",
    "client-id-of-managed-identity": "00000000-0000-0000-0000-000000000001",
    "object-id-of-managed-identity": "00000000-0000-0000-0000-000000000002",
    "entra-token": "token",
    "database": "db",
    "server": "server",
}


def fill(text):
    return re.sub(r"<([a-z0-9-]+)>", lambda m: SAMPLES.get(m.group(1), "x"), text)


def check_url(url):
    u = make_url(url)
    name = u.drivername
    if name.startswith("postgres"):
        psycopg.conninfo.conninfo_to_dict(url.replace("postgresql+psycopg", "postgresql"))
        return "psycopg conninfo + SQLAlchemy URL"
    if name.startswith("mysql") or name.startswith("mariadb"):
        u = u.set(drivername="mysql+pymysql")
        dialect = u.get_dialect()()
        _, kwargs = dialect.create_connect_args(u)
        inspect.signature(pymysql.connections.Connection.__init__).bind(None, **kwargs)
        return "SQLAlchemy mysql+pymysql -> PyMySQL Connection()"
    if name.startswith("mssql"):
        dialect = u.get_dialect()()
        dialect.create_connect_args(u)
        return "SQLAlchemy mssql dialect"
    return None


def check(text):
    text = fill(text)
    # psql "conninfo" after a PGPASSWORD=... prefix
    m = re.search(r'\bpsql\s+"([^"]+)"', text)
    if m:
        psycopg.conninfo.conninfo_to_dict(m.group(1))
        return "psycopg conninfo (psql)"
    first = text.split()[0] if text.split() else ""
    # a URL of a client these parsers stand for (not JDBC, go-mssqldb, Redis)
    scheme = re.match(r"^([a-z][a-z0-9+.-]*)://", first)
    if scheme and scheme.group(1).split("+")[0] in ("postgresql", "postgres", "mysql", "mariadb", "mssql"):
        return check_url(first)
    if re.match(r"^(host|dbname|user)=\S+( \w+=\S+)+", text):
        psycopg.conninfo.conninfo_to_dict(text.split(" (")[0])
        return "psycopg conninfo"
    if first == "mysql":
        # the mysql command line: its switches as the shell splits them
        words = shlex.split(text.split(" (")[0])
        if not any(w.startswith("--password=") for w in words):
            raise ValueError("no --password= switch")
        return "shell words (mysql command line)"
    return None


def main():
    items = json.load(sys.stdin)
    checked, rejected, unchecked = [], [], 0
    for it in items:
        try:
            how = check(it["text"])
        except Exception as e:  # a rejection by the client's own parser
            rejected.append({"at": it["at"], "text": it["text"], "error": f"{type(e).__name__}: {e}"})
            continue
        if how is None:
            unchecked += 1
        else:
            checked.append({"at": it["at"], "by": how})
    json.dump({"checked": checked, "rejected": rejected, "unchecked": unchecked}, sys.stdout)


if __name__ == "__main__":
    main()
