import { createClient } from "redis";
import Redis from "ioredis";

export const sessionStore = createClient({
  url: "redis://:n0de-R3dis!@redis.internal:6379/2",
});

export const queueRedis = new Redis({
  host: process.env.REDIS_HOST,
  port: 6379,
  password: process.env.REDIS_PASSWORD,
});

export const rateLimitRedis = new Redis({
  host: "ratelimit.internal",
  password: "R4te-L1mit!io",
});
