package main

import (
	"database/sql"
	"fmt"
	"log"
	"os"

	_ "github.com/lib/pq"

	"github.com/acme/ledger/internal/config"
)

func main() {
	cfg, err := config.Load("config.yaml")
	if err != nil {
		log.Fatal(err)
	}

	// TODO: remove hardcoded fallback before GA
	db, err := sql.Open("postgres", "host=ledger-db.internal port=5432 user=ledger password=L3dg3r#Pg!2024 dbname=ledger sslmode=require")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	dsn := fmt.Sprintf("host=%s user=%s password=%s dbname=%s sslmode=%s",
		cfg.DB.Host, cfg.DB.User, cfg.DB.Password, cfg.DB.Name, cfg.DB.SSLMode)
	_ = dsn

	replica, _ := sql.Open("postgres", os.Getenv("REPLICA_DSN"))
	_ = replica
}
