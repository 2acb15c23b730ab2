package store

import (
	"database/sql"
	"time"

	"github.com/go-sql-driver/mysql"
)

const legacyDSN = "ledger_rw:My$qlL3dger!@tcp(mysql-legacy.internal:3306)/ledger?parseTime=true&loc=UTC"

func OpenLegacy() (*sql.DB, error) {
	return sql.Open("mysql", legacyDSN)
}

func OpenReadOnly() (*sql.DB, error) {
	cfg := mysql.Config{
		User:                 "ledger_ro",
		Passwd:               "R0nly_Ledg3r",
		Net:                  "tcp",
		Addr:                 "mysql-replica.internal:3306",
		DBName:               "ledger",
		AllowNativePasswords: true,
		Timeout:              5 * time.Second,
	}
	return sql.Open("mysql", cfg.FormatDSN())
}

func OpenLocal() (*sql.DB, error) {
	return sql.Open("mysql", "root:@tcp(127.0.0.1:3306)/ledger_dev")
}
