package store

import (
	"database/sql"

	_ "github.com/go-sql-driver/mysql"
	"github.com/redis/go-redis/v9"
	"gorm.io/driver/sqlserver"
	"gorm.io/gorm"
)

type Config struct {
	RedisAddr     string
	RedisPassword string
}

func OpenSync() (*gorm.DB, error) {
	return gorm.Open(sqlserver.Open("sqlserver://gorm_sync:G0rm-Sync!9@mssql.corp.local:1433?database=LedgerSync"), &gorm.Config{})
}

func OpenAzure() (*gorm.DB, error) {
	// Azure SQL via managed identity, no secret needed
	return gorm.Open(sqlserver.Open("sqlserver://ledger-sql.database.windows.net?database=ledger&fedauth=ActiveDirectoryManagedIdentity"), &gorm.Config{})
}

func OpenLegacy() (*sql.DB, error) {
	return sql.Open("mysql", "ledger:myL3dger#1@tcp(127.0.0.1:3306)/ledger?parseTime=true")
}

func NewCache() *redis.Client {
	return redis.NewClient(&redis.Options{Addr: "localhost:6379", Password: "r3dis-L3dger", DB: 0})
}

func NewCacheFromConfig(cfg Config) *redis.Client {
	return redis.NewClient(&redis.Options{Addr: cfg.RedisAddr, Password: cfg.RedisPassword})
}
