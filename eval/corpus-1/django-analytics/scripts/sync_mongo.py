#!/usr/bin/env python3
"""Copy yesterday's events from MongoDB into the warehouse."""
import os
from urllib.parse import quote_plus

import redis
from pymongo import MongoClient

client = MongoClient("mongo1.internal", 27017, username="etl", password="M0ng0Etl#55", authSource="admin")

pw = os.environ["MONGO_BACKUP_PASSWORD"]
backup = MongoClient("mongodb+srv://backup:%s@cluster0.abcde.mongodb.net/?retryWrites=true" % quote_plus(pw))

r = redis.Redis(host="redis-prod.internal", port=6380, password="Rq9!redisPw", ssl=True)

atlas = MongoClient("mongodb+srv://etl_sync:Atl%24sSync2024@cluster0.abcde.mongodb.net/events")


def main():
    events = client.events.daily.find({})
    for e in events:
        r.lpush("events", str(e["_id"]))


if __name__ == "__main__":
    main()
