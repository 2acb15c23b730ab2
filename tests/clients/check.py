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


# Microsoft.Data.SqlClient's connection string keywords and synonyms
# (SqlConnection.ConnectionString, learn.microsoft.com/dotnet/api/
# microsoft.data.sqlclient.sqlconnection.connectionstring): SqlClient throws
# "Keyword not supported" for any other key. It does not install from PyPI,
# so its table stands in for the parser.
SQLCLIENT_KEYS = {
    "application intent", "applicationintent", "application name", "app",
    "attachdbfilename", "attach dbfilename", "extended properties", "initial file name",
    "authentication", "column encryption setting", "command timeout",
    "connect retry count", "connectretrycount", "connect retry interval", "connectretryinterval",
    "connect timeout", "connection timeout", "timeout", "current language", "language",
    "data source", "addr", "address", "network address", "server", "encrypt", "enlist",
    "failover partner", "failoverpartner", "initial catalog", "database", "integrated security",
    "trusted_connection", "ip address preference", "ipaddresspreference", "load balance timeout",
    "connection lifetime", "max pool size", "min pool size", "multiple active result sets",
    "multipleactiveresultsets", "multi subnet failover", "multisubnetfailover", "network library",
    "net", "network", "packet size", "password", "pwd", "persist security info",
    "persistsecurityinfo", "pooling", "replication", "server certificate", "servercertificate",
    "server spn", "serverspn", "transaction binding", "trustservercertificate",
    "trust server certificate", "type system version", "user id", "uid", "user", "user instance",
    "workstation id", "wsid", "host name in certificate", "hostnameincertificate",
    "pool blocking period", "poolblockingperiod", "attestation protocol", "enclave attestation url",
    "context connection",
}
SQLCLIENT_AUTH = {
    "sqlpassword", "activedirectorypassword", "activedirectoryintegrated",
    "activedirectoryinteractive", "activedirectoryserviceprincipal",
    "activedirectorydeviceflow", "activedirectorydevicecodeflow",
    "activedirectorymanagedidentity", "activedirectorymsi", "activedirectorydefault",
    "activedirectoryworkloadidentity",
}
# Npgsql's keywords (npgsql.org/doc/connection-string-parameters.html), the
# ones connleak writes and their common neighbours
NPGSQL_KEYS = {
    "host", "server", "port", "database", "db", "username", "user name", "userid", "user id",
    "uid", "password", "psw", "pwd", "ssl mode", "sslmode", "trust server certificate",
    "timeout", "command timeout", "pooling", "minimum pool size", "maximum pool size",
    "application name", "search path", "include error detail", "keepalive",
}


def kv_pairs(text):
    """`k=v;k2="v;2"` as ADO.NET splits it (quotes group, `;;` is not used)."""
    pairs, i, n = [], 0, len(text)
    while i < n:
        while i < n and text[i] in " ;":
            i += 1
        if i >= n:
            break
        eq = text.find("=", i)
        if eq < 0:
            raise ValueError(f"no '=' after {text[i:]!r}")
        key = " ".join(text[i:eq].split()).lower()
        j = eq + 1
        while j < n and text[j] == " ":
            j += 1
        if j < n and text[j] in "'\"":
            q = text[j]
            end = text.find(q, j + 1)
            if end < 0:
                raise ValueError("unclosed quote")
            val, i = text[j + 1:end], end + 1
        else:
            end = text.find(";", j)
            end = n if end < 0 else end
            val, i = text[j:end].strip(), end
        pairs.append((key, val))
    return pairs


def check_sqlclient(text, passwordless=True):
    pairs = kv_pairs(text)
    for k, v in pairs:
        if k not in SQLCLIENT_KEYS:
            raise ValueError(f"Keyword not supported: '{k}'")
        if k == "authentication" and v.replace(" ", "").lower() not in SQLCLIENT_AUTH:
            raise ValueError(f"Invalid value for key 'authentication': {v}")
        if k in ("password", "pwd") and passwordless:
            raise ValueError("a password next to a managed identity")
    if passwordless and not any(k == "authentication" for k, _ in pairs):
        raise ValueError("no Authentication keyword")
    return "Microsoft.Data.SqlClient keyword table"


def check_npgsql(text):
    for k, _ in kv_pairs(text):
        if k not in NPGSQL_KEYS:
            raise ValueError(f"Keyword not supported: '{k}'")
    return "Npgsql keyword table"


# a secret-store replacement in code: a string literal split around an
# environment read (`"..;Password=" + Environment.GetEnvironmentVariable("X") + ";.."`)
ENV_READ = re.compile(
    r'"\s*[+.]\s*(?:Environment\.GetEnvironmentVariable\("\w+"\)|os\.Getenv\("\w+"\)'
    r'|System\.getenv\("\w+"\)|os\.environ\["\w+"\]|process\.env\.\w+|getenv\(\'\w+\'\)'
    r'|ENV\.fetch\("\w+"\))\s*[+.]\s*"'
)


def joined_literal(text):
    """The literal as the program builds it, the read standing for a value."""
    joined = ENV_READ.sub("read-at-run-time", text)
    m = re.search(r'"((?:[^"\\]|\\.)*)"', joined)
    return m.group(1) if m else text


# a secret-store replacement that is a whole line of a compose file or a
# command line: the quoted connection string on it, a reference
# (`${X:?..}`, `$(X)`, `$X`) standing for the value
SHELL_REF = re.compile(r"\$\{\w+(?::?[-?+=][^}]*)?\}|\$\(\w+\)|\$\w+")


def quoted_connection_string(text):
    for m in re.finditer(r'"((?:[^"\\]|\\.)*)"', text):
        s = m.group(1)
        if re.search(r"(?i)\b(server|data source)\s*=", s):
            return SHELL_REF.sub("read-at-run-time", s)
    return None


def check(text, stack="", passwordless=True):
    text = fill(text)
    if stack in ("microsoft-data-sqlclient", "system-data-sqlclient"):
        if ENV_READ.search(text):
            text = joined_literal(text)
        elif not re.match(r"\s*\w[\w ]*=", text):
            text = quoted_connection_string(text) or text
        if "provider=" in text.lower():
            return None  # an OLE DB string: no keyword table here
        return check_sqlclient(text, passwordless)
    if stack == "npgsql":
        return check_npgsql(text.split(", with ")[0])
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
            how = check(it["text"], it.get("stack", ""), it.get("passwordless", True))
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
