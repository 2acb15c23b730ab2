package cache

import (
	"github.com/redis/go-redis/v9"
)

func New() *redis.Client {
	return redis.NewClient(&redis.Options{
		Addr:     "redis.internal:6379",
		Password: "Gr3dis_Ledger",
		DB:       0,
	})
}

func NewLocal() *redis.Client {
	return redis.NewClient(&redis.Options{Addr: "localhost:6379", Password: "", DB: 0})
}

func FromURL(u string) (*redis.Client, error) {
	opt, err := redis.ParseURL(u)
	if err != nil {
		return nil, err
	}
	return redis.NewClient(opt), nil
}

var DefaultURL = "rediss://default:Upst4sh-Ledg3r-9@eu1-ledger-12345.upstash.io:6379"
