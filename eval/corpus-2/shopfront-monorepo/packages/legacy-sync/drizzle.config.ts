import type { Config } from "drizzle-kit";

export default {
  schema: "./src/schema.ts",
  out: "./migrations",
  dialect: "mysql",
  dbCredentials: {
    host: process.env.SYNC_DB_HOST ?? "127.0.0.1",
    port: 3306,
    user: "sync",
    password: process.env.SYNC_DB_PASSWORD ?? "sync-l0cal-pw",
    database: "legacy",
  },
} satisfies Config;
