"""Parse connleak's replacements with the real client libraries' parsers.

Reads a JSON list of {"at": "...", "text": "...", "stack": "..."} on stdin
and writes {"checked": [...], "rejected": [...], "unchecked": n, "by":
{parser: count}, "parsers": {...}} on stdout. Nothing connects anywhere:
each form goes through the parser the client itself uses:

- Python (in this interpreter): SQLAlchemy's URL and dialects, PyMySQL's
  connect signature, psycopg's conninfo parser (libpq's);
- npm (tests/clients/check.cjs, node_modules from CONNLEAK_CLIENT_NODE_MODULES
  or target/ci-node/node_modules): @tediousjs/connection-string, tedious,
  mssql, pg, pg-connection-string, mysql2, redis;
- Debian's JDBC drivers (tests/clients/JdbcCheck.java): pgjdbc's
  Driver.parseURL and MariaDB Connector/J's UrlParser;
- Debian's go-sql-driver/mysql (tests/clients/dsncheck): mysql.ParseDSN;
- keyword tables, where no parser installs (Microsoft.Data.SqlClient,
  Npgsql, mssql-jdbc, go-mssqldb, the ODBC driver, StackExchange.Redis).

Placeholders such as <managed-identity-name> are filled with sample values
first. A parser that is not installed is reported in "parsers" as missing;
its forms count as unchecked.
"""
import inspect
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

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
    text = re.sub(r"<([a-z0-9-]+)>", lambda m: SAMPLES.get(m.group(1), "x"), text)
    # a secret store's reference stands for the value given at run time:
    # `${{ secrets.X }}` (GitHub Actions), `${X}` (Spring, compose, shell)
    # `${X:?message}` (compose)
    return re.sub(r"\$\{\{[^}]*\}\}|\$\{[A-Za-z_][A-Za-z0-9_.]*(?::?[-?+=][^}]*)?\}", "ref-value", text)


def check_url(url, strict=True):
    """strict: every option must be one the client knows. Off for a secret
    store's replacement, whose options are the user's own (only the
    password became a reference): then the URL must still parse."""
    u = make_url(url)
    name = u.drivername
    if name.startswith("postgres"):
        if not strict:
            return "SQLAlchemy URL"
        psycopg.conninfo.conninfo_to_dict(url.replace("postgresql+psycopg", "postgresql"))
        return "psycopg conninfo + SQLAlchemy URL"
    if name.startswith("mysql") or name.startswith("mariadb"):
        u = u.set(drivername="mysql+pymysql")
        dialect = u.get_dialect()()
        _, kwargs = dialect.create_connect_args(u)
        if not strict:
            return "SQLAlchemy URL"
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
    "context connection", "failover partner spn", "failoverpartnerspn",
    "transparent network ip resolution", "transparentnetworkipresolution",
    # System.Data.SqlClient's (Microsoft.Data.SqlClient ignores them)
    "asynchronous processing", "async", "connection reset",
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
        if k not in SQLCLIENT_KEYS and passwordless:
            raise ValueError(f"Keyword not supported: '{k}'")
        if k == "authentication" and v.replace(" ", "").lower() not in SQLCLIENT_AUTH:
            raise ValueError(f"Invalid value for key 'authentication': {v}")
        if k in ("password", "pwd") and passwordless:
            raise ValueError("a password next to a managed identity")
    if passwordless and not any(k == "authentication" for k, _ in pairs):
        raise ValueError("no Authentication keyword")
    return "Microsoft.Data.SqlClient keyword table"


def check_npgsql(text, passwordless=True):
    for k, _ in kv_pairs(text):
        if k not in NPGSQL_KEYS and passwordless:
            raise ValueError(f"Keyword not supported: '{k}'")
    return "Npgsql keyword table"


# a secret-store replacement in code: a string literal split around an
# environment read (`"..;Password=" + Environment.GetEnvironmentVariable("X") + ";.."`)
ENV_READ = re.compile(
    r'["\']\s*[+.]\s*(?:Environment\.GetEnvironmentVariable\("\w+"\)|os\.Getenv\("\w+"\)'
    r'|System\.getenv\("\w+"\)|os\.environ\["\w+"\]|process\.env\.\w+|getenv\(\'\w+\'\)'
    r'|ENV\.fetch\("\w+"\)|\$env:\w+)\s*[+.]\s*["\']'
)


def joined_literal(text):
    """The literal as the program builds it, the read standing for a value:
    the longest quoted string once the pieces are joined."""
    joined = ENV_READ.sub("read-at-run-time", text)
    lits = [a or b for a, b in re.findall(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'', joined)]
    return max(lits, key=len) if lits else text


# The ODBC Driver for SQL Server's connection string keywords (DSN and
# Connection String Keywords and Attributes, learn.microsoft.com/sql/connect/
# odbc/dsn-connection-string-attribute): the driver rejects an unknown
# Authentication value; keys are case-insensitive.
ODBC_KEYS = {
    "driver", "dsn", "filedsn", "savefile", "description", "server", "address", "addr",
    "database", "uid", "pwd", "trusted_connection", "encrypt", "trustservercertificate",
    "hostnameincertificate", "servercertificate", "authentication", "applicationintent",
    "multisubnetfailover", "language", "app", "wsid", "failover_partner", "failover_partner_spn",
    "serverspn", "autotranslate", "quotedid", "ansinpw", "regional", "network", "mars_connection",
    "connectretrycount", "connectretryinterval", "keepalive", "keepaliveinterval",
    "columnencryption", "keystoreauthentication", "keystoreprincipalid", "keystoresecret",
    "transparentnetworkipresolution", "ipaddresspreference", "attachdbfilename", "usefmtonly",
    "longasmax", "retryexec", "getdataextensions", "clientcertificate", "clientkey",
    "clientkeypassword", "replication",
    # not in that table, but in the ODBC strings the Azure portal gives for
    # Azure SQL Database (`...;Connection Timeout=30;`)
    "connection timeout",
}
ODBC_AUTH = {
    "sqlpassword", "activedirectorypassword", "activedirectoryintegrated",
    "activedirectoryinteractive", "activedirectorymsi", "activedirectoryserviceprincipal",
    "activedirectoryserviceprincipalcertificate",
}


def odbc_pairs(text):
    """`k=v;k={v;v}` as the ODBC driver manager splits it (braces group)."""
    pairs, i, n = [], 0, len(text)
    while i < n:
        while i < n and text[i] in " ;":
            i += 1
        if i >= n:
            break
        eq = text.find("=", i)
        if eq < 0:
            raise ValueError(f"no '=' after {text[i:]!r}")
        key = text[i:eq].strip().lower()
        j = eq + 1
        if j < n and text[j] == "{":
            end = text.find("}", j)
            while end >= 0 and end + 1 < n and text[end + 1] == "}":
                end = text.find("}", end + 2)
            if end < 0:
                raise ValueError("unclosed brace")
            val, i = text[j + 1:end], end + 1
        else:
            end = text.find(";", j)
            end = n if end < 0 else end
            val, i = text[j:end].strip(), end
        pairs.append((key, val))
    return pairs


def check_odbc(text, passwordless=True):
    pairs = odbc_pairs(text)
    keys = [k for k, _ in pairs]
    for k, v in pairs:
        if k not in ODBC_KEYS and passwordless:
            raise ValueError(f"ODBC: unknown keyword '{k}'")
        if k == "authentication" and v.lower() not in ODBC_AUTH:
            raise ValueError(f"ODBC: invalid Authentication value '{v}'")
        if k == "encrypt" and v.lower() not in ("yes", "no", "mandatory", "optional", "strict", "true", "false"):
            raise ValueError(f"ODBC: invalid Encrypt value '{v}'")
        if k == "pwd" and passwordless:
            raise ValueError("ODBC: a password next to a managed identity")
    if "driver" not in keys and "dsn" not in keys:
        raise ValueError("ODBC: no Driver or DSN")
    if passwordless and "authentication" not in keys:
        raise ValueError("ODBC: no Authentication keyword")
    return "ODBC Driver 18 keyword table"


# mssql-jdbc's connection properties (Setting the connection properties,
# learn.microsoft.com/sql/connect/jdbc/setting-the-connection-properties):
# the driver rejects an unknown `authentication` value and ignores an unknown
# key, so a misspelt one (`encrypted=true`) would silently do nothing.
MSSQL_JDBC_KEYS = {k.lower() for k in """
accessToken accessTokenCallbackClass applicationIntent applicationName authentication
authenticationScheme calcBigDecimalPrecision cancelQueryTimeout clientCertificate clientKey
clientKeyPassword columnEncryptionSetting concatNullYieldsNull connectRetryCount
connectRetryInterval databaseName database datetimeParameterType delayLoadingLobs
disableStatementPooling domain enablePrepareOnFirstPreparedStatementCall
enclaveAttestationProtocol enclaveAttestationUrl encrypt failoverPartner fips gsscredential
hostNameInCertificate instanceName integratedSecurity ipaddresspreference
keyStoreAuthentication keyStoreLocation keyStorePrincipalId keyStoreSecret lastUpdateCount
lockTimeout loginTimeout maxResultBuffer msiClientId multiSubnetFailover packetSize password
portNumber port prepareMethod queryTimeout quotedIdentifier realm replication
responseBuffering retryConn retryExec selectMethod sendStringParametersAsUnicode
sendTemporalDataTypesAsStringForBulkCopy sendTimeAsDatetime serverCertificate serverName
server serverNameAsACE serverPreparedStatementDiscardThreshold serverSpn socketFactoryClass
socketFactoryConstructorArg socketTimeout sslProtocol statementPoolingCacheSize
transparentNetworkIPResolution trustManagerClass trustManagerConstructorArg
trustServerCertificate trustStore trustStorePassword trustStoreType useBulkCopyForBatchInsert
useDefaultGSSCredential useDefaultJaasConfig useFmtOnly user userName workstationID xopenStates
""".split()}
MSSQL_JDBC_AUTH = {
    "notspecified", "sqlpassword", "activedirectorypassword", "activedirectoryintegrated",
    "activedirectorymsi", "activedirectorymanagedidentity", "activedirectoryserviceprincipal",
    "activedirectoryserviceprincipalcertificate", "activedirectoryinteractive",
    "activedirectorydefault",
}


def check_mssql_jdbc(url, passwordless=True):
    m = re.match(r"(?i)^jdbc:sqlserver://([^;]*)(;.*)?$", url)
    if not m:
        raise ValueError("mssql-jdbc: not a jdbc:sqlserver:// URL")
    props = {}
    # `;` splits properties, except inside a `{...}` value
    parts, cur, depth = [], "", 0
    for ch in m.group(2) or "":
        if ch == ";" and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        depth += {"{": 1, "}": -1}.get(ch, 0)
        cur += ch
    parts.append(cur)
    for part in parts:
        if not part.strip():
            continue
        if "=" not in part:
            raise ValueError(f"mssql-jdbc: property without a value: {part!r}")
        k, v = part.split("=", 1)
        k = k.strip().lower()
        if k not in MSSQL_JDBC_KEYS and passwordless:
            raise ValueError(f"mssql-jdbc: unknown connection property '{k}'")
        props[k] = v.strip()
    auth = props.get("authentication", "")
    if auth and auth.lower() not in MSSQL_JDBC_AUTH:
        raise ValueError(f"mssql-jdbc: invalid authentication '{auth}'")
    if passwordless and (not auth or "password" in props):
        raise ValueError("mssql-jdbc: no authentication keyword, or a password left")
    return "mssql-jdbc connection property table"


# go-mssqldb's DSN parameters: msdsn.Parse (msdsn/conn_str.go) and the azuread
# driver's fedauth values (azuread/configuration.go), github.com/microsoft/go-mssqldb.
# A missing `encrypt` means EncryptionOff there (TLS for the login only, and
# the certificate not checked), so a passwordless replacement must carry it.
GO_MSSQL_KEYS = {
    "log", "database", "user id", "password", "port", "packet size", "connection timeout",
    "keepalive", "serverspn", "workstation id", "app name", "applicationintent",
    "failoverpartner", "failoverport", "disableretry", "server", "protocol", "dial timeout",
    "hostnameincertificate", "encrypt", "trustservercertificate", "certificate", "tlsmin",
    "multisubnetfailover", "pipe", "fedauth", "applicationclientid", "clientcertpath",
    "resource id",
}
GO_MSSQL_FEDAUTH = {
    "activedirectorydefault", "activedirectoryintegrated", "activedirectorypassword",
    "activedirectoryinteractive", "activedirectorymsi", "activedirectorymanagedidentity",
    "activedirectoryapplication", "activedirectoryserviceprincipal",
}


def check_go_mssql(url, passwordless=True):
    from urllib.parse import urlsplit, parse_qs
    u = urlsplit(url)
    if u.scheme != "sqlserver":
        raise ValueError(f"go-mssqldb: scheme {u.scheme} is not recognized")
    q = parse_qs(u.query, keep_blank_values=True)
    params = {}
    for k, v in q.items():
        if len(v) > 1:
            raise ValueError(f"go-mssqldb: key {k} provided more than once")
        k = k.lower()
        if k not in GO_MSSQL_KEYS and passwordless:
            raise ValueError(f"go-mssqldb: unknown parameter '{k}'")
        params[k] = v[0]
    enc = params.get("encrypt")
    if enc is not None and enc.lower() not in (
            "disable", "true", "false", "1", "0", "t", "f", "strict", "mandatory", "optional", "yes", "no"):
        raise ValueError(f"go-mssqldb: invalid encrypt '{enc}'")
    fed = params.get("fedauth", "")
    if fed and fed.lower() not in GO_MSSQL_FEDAUTH:
        raise ValueError(f"go-mssqldb: invalid federated authentication type '{fed}'")
    if passwordless:
        if not fed or u.password:
            raise ValueError("go-mssqldb: no fedauth, or a password left")
        if (enc or "").lower() not in ("true", "1", "t", "strict", "mandatory", "yes"):
            raise ValueError("go-mssqldb: without encrypt=true the session is not encrypted after login")
    return "go-mssqldb parameter table"


# msdsn's ADO-style synonyms (splitConnectionString in msdsn/conn_str.go)
GO_MSSQL_SYNONYMS = {
    "application name": "app name", "data source": "server", "address": "server",
    "network address": "server", "addr": "server", "user": "user id", "uid": "user id",
    "initial catalog": "database",
}


def check_go_mssql_ado(text, passwordless=True):
    """go-mssqldb's `key=value;...` form, split as msdsn splits it."""
    params = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        k, _, v = part.partition("=")
        k = GO_MSSQL_SYNONYMS.get(k.strip().lower(), k.strip().lower())
        if k not in GO_MSSQL_KEYS and passwordless:
            raise ValueError(f"go-mssqldb: unknown parameter '{k}'")
        params[k] = v.strip()
    if "server" not in params:
        raise ValueError("go-mssqldb: no server")
    if passwordless and ("fedauth" not in params or params.get("password")):
        raise ValueError("go-mssqldb: no fedauth, or a password left")
    return "go-mssqldb parameter table"


# StackExchange.Redis configuration options (stackexchange.github.io/
# StackExchange.Redis/Configuration): it throws on an unknown option
SER_KEYS = {
    "abortconnect", "allowadmin", "channelprefix", "checkcertificaterevocation", "connectretry",
    "connecttimeout", "configchannel", "configcheckseconds", "defaultdatabase", "keepalive",
    "name", "password", "user", "proxy", "resolvedns", "servicename", "ssl", "sslhost",
    "sslprotocols", "synctimeout", "asynctimeout", "tiebreaker", "version", "setlib", "protocol",
    "highintegrity", "heartbeatinterval", "heartbeatconsistencychecks",
}


def check_stackexchange_redis(text, passwordless=True):
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts or "=" in parts[0]:
        raise ValueError("StackExchange.Redis: no endpoint")
    for p in parts[1:]:
        if "=" not in p:
            continue  # another endpoint
        k = p.split("=", 1)[0].strip().lower()
        if k.startswith("$"):
            continue  # a renamed command
        if k not in SER_KEYS and passwordless:
            raise ValueError(f"StackExchange.Redis: Keyword '{k}' is not supported")
        if k == "password" and passwordless:
            raise ValueError("StackExchange.Redis: a password next to a managed identity")
    return "StackExchange.Redis option table"


def check_psycopg_kwargs(text):
    """`password = <code>, user = "x", host = "h", port = 5432, dbname = "d"`:
    the keyword arguments of psycopg.connect, through libpq's own parser."""
    kw = {}
    # the password is code (a token call, with its own keyword arguments)
    text = re.sub(r"^\s*password\s*=.*?\.token\s*,", "", text)
    for m in re.finditer(r'\b([a-z_]+)\s*=\s*("(?:[^"\\]|\\.)*"|\d+)', text):
        k, v = m.group(1), m.group(2)
        kw[k] = v.strip('"')
    if "password" in text and "password" not in kw:
        kw["password"] = "token"
    if "host" not in kw:
        raise ValueError("psycopg: no host")
    psycopg.conninfo.conninfo_to_dict(psycopg.conninfo.make_conninfo(**kw))
    return "psycopg make_conninfo (libpq)"


ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def node_modules():
    d = os.environ.get("CONNLEAK_CLIENT_NODE_MODULES") or os.path.join(ROOT, "target/ci-node/node_modules")
    need = ["@tediousjs/connection-string", "tedious", "mssql", "pg", "pg-connection-string", "mysql2", "redis"]
    if shutil.which("node") and all(os.path.isdir(os.path.join(d, n)) for n in need):
        return d
    return None


JARS = {
    "pgjdbc": os.environ.get("CONNLEAK_PGJDBC_JAR", "/usr/share/java/postgresql.jar"),
    "mariadb": os.environ.get("CONNLEAK_MARIADB_JAR", "/usr/share/java/mariadb-java-client.jar"),
}
GOPATH = os.environ.get("CONNLEAK_GO_MYSQL_GOPATH", "/usr/share/gocode")


def have_java():
    return bool(shutil.which("java")) and all(os.path.isfile(j) for j in JARS.values())


def go_checker():
    """tests/clients/dsncheck built offline (GOPATH mode, Debian's sources)
    into target/, rebuilt when its source is newer."""
    src = os.path.join(ROOT, "tests/clients/dsncheck")
    if not shutil.which("go") or not os.path.isdir(os.path.join(GOPATH, "src/github.com/go-sql-driver/mysql")):
        return None
    out = os.path.join(ROOT, "target/ci-go/dsncheck")
    main = os.path.join(src, "main.go")
    if not os.path.exists(out) or os.path.getmtime(out) < os.path.getmtime(main):
        os.makedirs(os.path.dirname(out), exist_ok=True)
        env = dict(os.environ, GO111MODULE="off", GOPATH=GOPATH, GOFLAGS="", GOPROXY="off",
                   GOCACHE=os.path.join(ROOT, "target/ci-go/cache"))
        r = subprocess.run(["go", "build", "-o", out, "."], cwd=src, env=env,
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"go build tests/clients/dsncheck: {r.stderr}")
    return out


def parsers():
    return {
        "python": "SQLAlchemy %s, PyMySQL %s, psycopg %s" % (
            sqlalchemy.__version__, pymysql.__version__, psycopg.__version__),
        "node": bool(node_modules()),
        "java": have_java(),
        "go": bool(go_checker()),
    }


def run_node(jobs):
    nm = node_modules()
    inp = json.dumps([{"id": i, "kind": k, "text": t} for i, (k, t) in enumerate(jobs)])
    r = subprocess.run(["node", os.path.join(ROOT, "tests/clients/check.cjs")], input=inp,
                       capture_output=True, text=True, env=dict(os.environ, NODE_PATH=nm))
    if r.returncode != 0:
        raise RuntimeError(f"check.cjs: {r.stderr}")
    return [(o["ok"], o.get("by") if o["ok"] else o.get("error")) for o in json.loads(r.stdout)]


def run_lines(cmd, jobs, line):
    inp = "".join(line(k, t) + "\n" for k, t in jobs)
    r = subprocess.run(cmd, input=inp, capture_output=True, text=True)
    outs = r.stdout.splitlines()
    if r.returncode != 0 or len(outs) != len(jobs):
        raise RuntimeError(f"{cmd[0]}: {r.stderr}")
    res = []
    for o in outs:
        st, _, msg = o.partition("\t")
        res.append((st == "ok", msg))
    return res


def run_java(jobs):
    cp = ":".join(JARS.values())
    return run_lines(["java", "-cp", cp, os.path.join(ROOT, "tests/clients/JdbcCheck.java")],
                     jobs, lambda k, t: f"{k}\t{t}")


def run_go(jobs):
    return run_lines([go_checker()], jobs,
                     lambda k, t: ("syntax" if k.endswith("-syntax") else "strict") + "\t" + t)


SQLCLIENT_STACKS = ("microsoft-data-sqlclient", "system-data-sqlclient")

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


GO_DSN = re.compile(r"^[^\s/@:]*(?::[^\s@]*)?@(?:tcp|unix)(?:\([^)]*\))?/")


def form_of(text):
    """The connection string a replacement gives: the literal a program
    builds around an environment read, a property's value, the string
    before connleak's explanation in parentheses."""
    if ENV_READ.search(text) or text.strip()[:1] in ("'", '"'):
        # the literal as a whole (it may hold spaces: `Workstation ID=x`)
        return joined_literal(text).strip()
    if not re.match(r"\s*\w[\w ]*=", text):
        q = quoted_connection_string(text)
        if q:
            return q
    t = text.strip()
    # `spring.datasource.url=jdbc:...`, `url: jdbc:...`, `DATABASE_URL=postgres://...`
    m = re.match(r"^[\w.\-]+\s*(?:=|:\s)\s*(\S+://\S+|jdbc:\S+)", t)
    if m:
        return m.group(1)
    for sep in (" (", ", with "):
        if sep in t:
            t = t.split(sep)[0]
    return t.strip()


def jobs_for(text, stack="", passwordless=True, at=""):
    """[(runner, kind, form)]: runner is "py" (kind is a function), "node",
    "java" or "go". `at` (the file) says which client a URL is for: a
    JavaScript file's URL goes to the npm clients, a Python file's to the
    Python ones, any other to both. A secret store's replacement keeps the
    user's own options (only the password became a reference), so it is
    parsed without the checks for unknown options (`strict`)."""
    text = fill(text)
    jobs = []
    strict = passwordless
    path = at.split(":")[0].lower()
    in_js = path.endswith((".js", ".ts", ".mjs", ".cjs", ".jsx", ".tsx"))
    in_py = path.endswith(".py")
    mode = "" if strict else "-syntax"
    if stack == "psycopg" and re.match(r"^\s*password\s*=", text) and re.search(r'\bhost\s*=\s*"', text):
        return [("py", check_psycopg_kwargs, text.split(" (fetch")[0])]
    if stack == "node-mssql" and text.lstrip().startswith("{"):
        return [("node", "mssql-object", text)]
    if re.match(r"^\s*new (?:Pool|Client)\(\{", text):
        return [("node", "pg-object", text)]
    if re.search(r"\bmysql\.createConnection\(\{|\bmysql\.createPool\(\{", text):
        return [("node", "mysql2-object", text)]
    # psql "conninfo" after a PGPASSWORD=... prefix
    m = re.search(r'\bpsql\s+"([^"]+)"', text)
    if m:
        return [("py", lambda t: (psycopg.conninfo.conninfo_to_dict(t), "psycopg conninfo (psql)")[1], m.group(1))]
    form = form_of(text)
    first = form.split()[0] if form.split() else ""
    # code around a URL literal: `sql.Open(azuread.DriverName, "sqlserver://...")`
    m = re.search(r'["\']((?:sqlserver|postgres|postgresql|mysql|rediss?)://[^"\'\s]+)["\']', text)
    if m and "://" not in first:
        form = first = m.group(1)
    low = first.lower()
    if low.startswith("jdbc:postgresql:"):
        return [("java", "pgjdbc" + mode, first)]
    if low.startswith("jdbc:mysql:") or low.startswith("jdbc:mariadb:"):
        return [("java", "mariadb", first)]
    if low.startswith("jdbc:sqlserver:"):
        return [("py", lambda t: check_mssql_jdbc(t, passwordless), first)]
    if low.startswith("sqlserver://"):
        return [("py", lambda t: check_go_mssql(t, passwordless), first)]
    url = lambda t: check_url(t, strict)  # noqa: E731
    url.__name__ = "check_url"
    if re.match(r"^(postgres|postgresql)(\+\w+)?://", low):
        if not in_js:
            jobs.append(("py", url, first))
        if "+" not in low.split("://")[0] and not in_py:
            jobs.append(("node", "pg-url", first))
        return jobs
    in_go = path.endswith(".go")
    if re.match(r"^(mysql|mariadb)(\+\w+)?://", low):
        if in_go:
            return []  # go-sql-driver takes DSNs, not URLs: another library's form
        if not in_js:
            jobs.append(("py", url, first))
        if low.startswith("mysql://") and not in_py:
            jobs.append(("node", "mysql2-url" + mode, first))
        return jobs
    if re.match(r"^mssql(\+\w+)?://", low):
        return [("py", url, first)]
    if re.match(r"^rediss?://", low):
        return [("node", "redis-url", first)]
    if GO_DSN.match(first):
        return [("go", "mysql" + mode, first)]
    if re.match(r"^(host|dbname|user)=\S+( \w+=\S+)+", form):
        return [("py", lambda t: (psycopg.conninfo.conninfo_to_dict(t), "psycopg conninfo")[1], form)]
    if first == "mysql":
        def mysql_cli(t):
            words = shlex.split(t)
            if not any(w.startswith("--password=") for w in words):
                raise ValueError("no --password= switch")
            return "shell words (mysql command line)"
        return [("py", mysql_cli, text.split(" (")[0])]
    lowform = form.lower()
    if re.match(r"^(driver|dsn)\s*=", lowform) or "driver={" in lowform:
        return [("py", lambda t: check_odbc(t, passwordless), form)]
    if stack == "npgsql":
        return [("py", lambda t: check_npgsql(t, passwordless), form)]
    if re.search(r"(^|;)\s*(server|data source|address|addr)\s*=", lowform):
        if "provider=" in lowform:
            return []  # an OLE DB string: no keyword table here
        if stack == "go-mssqldb":
            return [("py", lambda t: check_go_mssql_ado(t, passwordless), form)]
        if stack == "node-mssql":
            return [("node", "mssql-string", form), ("node", "ado" + mode, form)]
        return [("py", lambda t: check_sqlclient(t, passwordless), form), ("node", "ado" + mode, form)]
    if stack == "redis-client" and re.match(r"^[\w.\-]+:\d+,", form):
        return [("py", lambda t: check_stackexchange_redis(t, passwordless), form)]
    # a JDBC URL inside a command line (`--url="jdbc:..."`)
    m = re.search(r'jdbc:(postgresql|mysql|mariadb):[^"\'\s]+', text)
    if m:
        return [("java", ("pgjdbc" if m.group(1) == "postgresql" else "mariadb") + mode, m.group(0))]
    return []


def evaluate(items, avail):
    """{item index: [(ok, parser-or-error)]} and the count without a parser."""
    runners = {
        "node": (avail["node"], run_node),
        "java": (avail["java"], run_java),
        "go": (avail["go"], run_go),
    }
    results = {}
    pending = {"node": [], "java": [], "go": []}
    unchecked = 0
    for n, it in enumerate(items):
        try:
            js = jobs_for(it["text"], it.get("stack", ""), it.get("passwordless", True), it.get("at", ""))
        except Exception as e:
            results.setdefault(n, []).append((False, f"{type(e).__name__}: {e}"))
            continue
        only = it.get("only")
        if only:
            # the check's self-test: this parser alone
            js = [(r, k, f) for r, k, f in js if only in (r, k, getattr(k, "__name__", None))]
            if not js:
                results.setdefault(n, []).append((False, f"no {only} parser for this form"))
                continue
        if not js:
            unchecked += 1
            continue
        for runner, kind, form in js:
            if runner == "py":
                try:
                    results.setdefault(n, []).append((True, kind(form)))
                except Exception as e:  # a rejection by the client's own parser
                    results.setdefault(n, []).append((False, f"{type(e).__name__}: {e}"))
            elif runners[runner][0]:
                pending[runner].append((n, kind, form))
            else:
                results.setdefault(n, []).append((None, f"{runner} parsers not installed"))
    for runner, js in pending.items():
        if not js:
            continue
        outs = runners[runner][1]([(k, f) for _, k, f in js])
        for (n, _, _), out in zip(js, outs):
            results.setdefault(n, []).append(out)
    return results, unchecked


def main():
    items = json.load(sys.stdin)
    avail = parsers()
    results, unchecked = evaluate(items, avail)
    # A secret store's replacement is the user's own line with the password
    # made a reference: when the same parser rejects the original line too
    # (`"original"`, the secret replaced by a sample value), the form is the
    # user's (a placeholder port in documentation, another library's URL
    # syntax), not the replacement's, and it is not counted against it.
    again = [n for n, rs in results.items()
             if any(ok is False for ok, _ in rs) and not items[n].get("passwordless", True)
             and items[n].get("original")]
    originals = [dict(items[n], text=items[n]["original"]) for n in again]
    theirs = 0
    if originals:
        ores, _ = evaluate(originals, avail)
        for k, n in enumerate(again):
            if any(ok is False for ok, _ in ores.get(k, [])):
                results[n] = []
                theirs += 1
    checked, rejected, by = [], [], {}
    for n, it in enumerate(items):
        rs = results.get(n)
        if not rs:
            continue
        bad = [m for ok, m in rs if ok is False]
        good = [m for ok, m in rs if ok]
        if bad:
            rejected.append({"at": it["at"], "text": it["text"], "error": "; ".join(bad)})
        elif good:
            checked.append({"at": it["at"], "by": good})
            for g in good:
                key = re.sub(r" [0-9][0-9.]*$", "", g)
                by[key] = by.get(key, 0) + 1
        else:
            unchecked += 1
    json.dump({"checked": checked, "rejected": rejected, "unchecked": unchecked + theirs,
               "unparseable_originals": theirs, "by": by, "parsers": avail}, sys.stdout)


if __name__ == "__main__":
    if sys.argv[1:] == ["--parsers"]:
        json.dump(parsers(), sys.stdout)
    else:
        main()
