package store

import (
	"database/sql"
	"net/url"
	"os"

	_ "github.com/microsoft/go-mssqldb"
)

func OpenReporting() (*sql.DB, error) {
	u := "sqlserver://ledger_sa:MsSql%23Ledger1@mssql.internal:1433?database=ledger&encrypt=true"
	return sql.Open("sqlserver", u)
}

func OpenFromEnv() (*sql.DB, error) {
	q := url.Values{}
	q.Add("database", "ledger")
	u := &url.URL{
		Scheme:   "sqlserver",
		User:     url.UserPassword("sa", os.Getenv("MSSQL_PASSWORD")),
		Host:     "mssql.internal:1433",
		RawQuery: q.Encode(),
	}
	return sql.Open("sqlserver", u.String())
}

func OpenAzureAD() (*sql.DB, error) {
	return sql.Open("azuresql", "sqlserver://ledger.database.windows.net?database=ledger&fedauth=ActiveDirectoryDefault")
}

func OpenLegacyADO() (*sql.DB, error) {
	return sql.Open("sqlserver", `server=mssql-old.internal;user id=ledger_old;password="0ldLedg3r;Pw";port=1433;database=ledger`)
}
