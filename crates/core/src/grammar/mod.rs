//! The grammars of connection strings and assignments: ADO.NET/ODBC/libpq
//! key=value strings ([`kv`]), URLs ([`uri`]), JDBC URLs ([`jdbc`]),
//! assignments in code and configuration ([`assign`]), and what a host name
//! says about where a database lives ([`host`]), and database command lines
//! (`sqlcmd -S`, `psql -h`, [`cli`]). Pure functions over bytes,
//! bounded to the window they are given.

pub mod assign;
pub mod cli;
pub mod host;
pub mod jdbc;
pub mod kv;
pub mod uri;
