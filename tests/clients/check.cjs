// The npm clients' own parsers for connleak's replacements (issue 13), driven
// by tests/clients/check.py. Reads [{id, kind, text}] as JSON on stdin and
// writes [{id, ok, by, error}]. Nothing connects anywhere: each form goes
// through the parsing or validating code the client runs before it connects.
// NODE_PATH points at the node_modules that .ci/run installs.
'use strict';

const { parseSqlConnectionString, SCHEMA } = requireSchema();
const tedious = require('tedious');
const mssql = require('mssql');
const pgConnectionString = require('pg-connection-string');
const pgDefaults = require('pg/lib/defaults');
const ConnectionParameters = require('pg/lib/connection-parameters');
const mysql2 = require('mysql2');
const RedisClient = require('@redis/client/dist/lib/client').default;

function requireSchema() {
  const cs = require('@tediousjs/connection-string');
  const schema = require('@tediousjs/connection-string/lib/parser/sql-connection-string').SCHEMA;
  return { parseSqlConnectionString: cs.parseSqlConnectionString, SCHEMA: schema };
}

// @tediousjs/connection-string's schema of SqlClient keywords (its own
// table, written from Microsoft's SqlConnection.ConnectionString page), plus
// the keywords Microsoft.Data.SqlClient added after System.Data.SqlClient
// (that page: learn.microsoft.com/dotnet/api/microsoft.data.sqlclient.sqlconnection.connectionstring)
const SQLCLIENT_LATER = [
  'trustservercertificate', 'trust server certificate', 'host name in certificate', 'hostnameincertificate',
  'server certificate', 'servercertificate', 'ip address preference', 'ipaddresspreference', 'server spn', 'serverspn',
  'failover partner spn', 'failoverpartnerspn', 'attestation protocol', 'enclave attestation url', 'command timeout',
  'pool blocking period', 'poolblockingperiod', 'connect retry count', 'connect retry interval',
  'application intent', 'multiple active result sets', 'multi subnet failover', 'persistsecurityinfo',
  'user', 'authentication', 'attach dbfilename', 'failoverpartner', 'connection reset',
  'transparent network ip resolution',
];
const AUTH_LATER = ['active directory msi', 'active directory device code flow', 'active directory workload identity'];

function schemaKeys() {
  const keys = new Map();
  for (const [name, spec] of Object.entries(SCHEMA)) {
    keys.set(name.toLowerCase(), spec);
    for (const a of spec.aliases || []) keys.set(a.toLowerCase(), spec);
  }
  return keys;
}
const KEYS = schemaKeys();

// An ADO.NET string: parsed by @tediousjs/connection-string; every key must
// be one the schema (or the later SqlClient) knows, and a value with allowed
// values one of them
function checkAdo(text, strict) {
  const parsed = parseSqlConnectionString(text, false, true);
  for (const [k, v] of Object.entries(parsed)) {
    const key = k.toLowerCase().replace(/\s+/g, ' ');
    const spec = KEYS.get(key);
    if (!spec) {
      if (SQLCLIENT_LATER.includes(key) || !strict) continue;
      throw new Error(`Keyword not supported: '${k}'`);
    }
    if (spec.allowedValues && typeof v === 'string') {
      const norm = (s) => s.toLowerCase().replace(/\s+/g, '');
      const ok = spec.allowedValues.some((a) => norm(a) === norm(v)) || AUTH_LATER.some((a) => norm(a) === norm(v));
      if (!ok) throw new Error(`invalid value for '${k}': ${v}`);
    }
  }
  return '@tediousjs/connection-string';
}

// An ADO.NET string handed to node-mssql: its own parser maps it to a
// config; an `Authentication` it does not map falls back to SQL logins
function checkMssqlString(text) {
  const config = mssql.ConnectionPool.parseConnectionString(text);
  if (/authentication\s*=/i.test(text) && config.authentication_type === 'default') {
    throw new Error('node-mssql reads this Authentication as a SQL login (authentication_type "default")');
  }
  return 'mssql parseConnectionString';
}

// A JavaScript object literal as connleak writes it (`{ a: 'x', b: { c: true } }`):
// parsed without evaluating anything. A value that is code (`async () => ...`,
// `process.env.X`) becomes a function, as the client would receive it.
function parseObject(text) {
  let i = 0;
  const s = text;
  const ws = () => { while (i < s.length && /\s/.test(s[i])) i++; };
  const fail = (m) => { throw new Error(`object literal: ${m} at ${i}: ${s.slice(i, i + 30)}`); };
  function value() {
    ws();
    const c = s[i];
    if (c === '{') return object();
    if (c === "'" || c === '"') {
      const end = s.indexOf(c, i + 1);
      if (end < 0) fail('unclosed string');
      const v = s.slice(i + 1, end);
      i = end + 1;
      return v;
    }
    const m = /^(-?\d+(?:\.\d+)?|true|false|null)\b/.exec(s.slice(i));
    if (m) { i += m[0].length; return JSON.parse(m[0]); }
    // code: up to the next , or } at depth 0
    const start = i;
    let depth = 0;
    for (; i < s.length; i++) {
      const ch = s[i];
      if ('([{'.includes(ch)) depth++;
      else if (')]}'.includes(ch)) { if (depth === 0) break; depth--; }
      else if (ch === ',' && depth === 0) break;
      else if (ch === "'" || ch === '"') { const e = s.indexOf(ch, i + 1); if (e < 0) fail('unclosed string'); i = e; }
    }
    const code = s.slice(start, i).trim();
    if (!code) fail('no value');
    return async () => 'token';
  }
  function object() {
    if (s[i] !== '{') fail('expected {');
    i++;
    const o = {};
    for (;;) {
      ws();
      if (s[i] === '}') { i++; return o; }
      const m = /^(?:([A-Za-z_$][\w$]*)|'([^']*)'|"([^"]*)")\s*:/.exec(s.slice(i));
      if (!m) fail('expected a key');
      i += m[0].length;
      o[m[1] || m[2] || m[3]] = value();
      ws();
      if (s[i] === ',') { i++; continue; }
      if (s[i] === '}') { i++; return o; }
      fail('expected , or }');
    }
  }
  const at = s.indexOf('{');
  if (at < 0) fail('no object');
  i = at;
  return object();
}

// node-mssql / tedious config object: tedious validates it when the
// connection object is built (it connects only on connect())
function checkMssqlObject(text) {
  const c = parseObject(text);
  const options = Object.assign({}, c.options || {});
  if (c.database) options.database = c.database;
  if (c.port) options.port = c.port;
  const auth = c.authentication || { type: 'default', options: { userName: c.user, password: c.password } };
  const conn = new tedious.Connection({ server: c.server, authentication: auth, options });
  if (!conn.config.options.encrypt) throw new Error('tedious: encrypt is off');
  return 'tedious Connection config';
}

// node-pg: a config object's keys are pg's own (lib/defaults.js and the
// documented Client and Pool options, node-postgres.com/apis/client and
// /apis/pool); an unknown key is ignored by pg, so a misspelt TLS option
// silently connects without TLS
const PG_KEYS = new Set([
  ...Object.keys(pgDefaults),
  'types', 'stream', 'connectionTimeoutMillis', 'keepAlive', 'keepAliveInitialDelayMillis', 'Promise',
  'enableChannelBinding', 'min', 'allowExitOnIdle', 'maxUses', 'maxLifetimeSeconds', 'log', 'Client', 'lookup',
]);
function checkPgObject(text) {
  const c = parseObject(text);
  for (const k of Object.keys(c)) if (!PG_KEYS.has(k)) throw new Error(`pg: unknown option '${k}' (ignored by pg)`);
  const p = new ConnectionParameters(c);
  if (!p.host) throw new Error('pg: no host');
  return 'pg ConnectionParameters';
}
function checkPgUrl(text) {
  const c = pgConnectionString.parse(text);
  if (!c.host) throw new Error('pg-connection-string: no host');
  const p = new ConnectionParameters(c);
  if (!p.host) throw new Error('pg: no host');
  return 'pg-connection-string';
}

// mysql2: ConnectionConfig takes a URL or an object; an option it does not
// know is ignored (with a warning), so `?ssl-mode=REQUIRED` connects without TLS
function checkMysql2(text, isObject, strict) {
  const warnings = [];
  const saved = console.error;
  console.error = (...a) => warnings.push(a.join(' '));
  try {
    const cfg = isObject ? parseObject(text) : text;
    new mysql2.ConnectionConfig(cfg);
  } finally {
    console.error = saved;
  }
  if (warnings.length && strict) throw new Error(`mysql2: ${warnings[0]}`);
  return 'mysql2 ConnectionConfig';
}

// node-redis: the URL parser of createClient({ url })
function checkRedisUrl(text) {
  const o = RedisClient.parseURL(text);
  if (!o.socket || !o.socket.host) throw new Error('redis: no host');
  return 'redis (node) parseURL';
}

// `-syntax`: a secret store's replacement keeps the user's own options, so
// an option the client does not know is not connleak's to answer for
const KINDS = {
  ado: (t) => checkAdo(t, true),
  'ado-syntax': (t) => checkAdo(t, false),
  'mssql-string': (t) => checkMssqlString(t),
  'mssql-object': (t) => checkMssqlObject(t),
  'pg-object': (t) => checkPgObject(t),
  'pg-url': (t) => checkPgUrl(t),
  'mysql2-url': (t) => checkMysql2(t, false, true),
  'mysql2-url-syntax': (t) => checkMysql2(t, false, false),
  'mysql2-object': (t) => checkMysql2(t, true, true),
  'redis-url': (t) => checkRedisUrl(t),
};

let input = '';
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', () => {
  // pg-connection-string warns about sslmode semantics on stderr: not a rejection
  process.removeAllListeners('warning');
  process.on('warning', () => {});
  const out = [];
  for (const it of JSON.parse(input)) {
    const f = KINDS[it.kind];
    try {
      if (!f) throw new Error(`unknown kind ${it.kind}`);
      out.push({ id: it.id, ok: true, by: f(it.text) });
    } catch (e) {
      out.push({ id: it.id, ok: false, by: it.kind, error: String(e && e.message || e) });
    }
  }
  process.stdout.write(JSON.stringify(out));
});
