package store

import (
	"testing"
)

const testDSN = "postgres://ledger_test:ledger_test@localhost:55432/ledger_test?sslmode=disable"

func TestLogin(t *testing.T) {
	svc := newTestService(t, testDSN)
	if _, err := svc.Login("carol", "c4rol-pw-!"); err != nil {
		t.Fatalf("login: %v", err)
	}
}
