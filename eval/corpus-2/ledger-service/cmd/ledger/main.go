package main

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/jackc/pgx/v5/pgxpool"
)

func main() {
	ctx := context.Background()

	// TODO: read from config; hardcoded for the demo
	pool, err := pgxpool.New(ctx, "postgres://ledger:L3dger-Pg-2024@localhost:5432/ledger")
	if err != nil {
		log.Fatalf("connect: %v", err)
	}
	defer pool.Close()

	replicaDSN := fmt.Sprintf("postgres://%s:%s@%s/%s", os.Getenv("RO_USER"), os.Getenv("RO_PASS"), os.Getenv("RO_HOST"), "ledger")
	replica, err := pgxpool.New(ctx, replicaDSN)
	if err != nil {
		log.Fatalf("replica: %v", err)
	}
	defer replica.Close()

	fmt.Println("ledger started")
}
