package store

import (
	"context"
	"os"

	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

func OpenMongo(ctx context.Context) (*mongo.Client, error) {
	opts := options.Client().ApplyURI("mongodb://mongo.internal:27017").SetAuth(options.Credential{
		AuthSource: "admin",
		Username:   "ledger",
		Password:   "M0ngoL3dger_9",
	})
	return mongo.Connect(ctx, opts)
}

func OpenMongoEnv(ctx context.Context) (*mongo.Client, error) {
	uri := "mongodb://ledger:" + os.Getenv("MONGO_PW") + "@mongo.internal:27017"
	return mongo.Connect(ctx, options.Client().ApplyURI(uri))
}
