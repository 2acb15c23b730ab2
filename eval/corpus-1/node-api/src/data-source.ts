import "reflect-metadata";
import { DataSource } from "typeorm";
import { User } from "./entity/User";

export const AppDataSource = new DataSource({
  type: "postgres",
  host: process.env.DB_HOST ?? "localhost",
  port: 5432,
  username: process.env.DB_USER ?? "api",
  password: process.env.DB_PASSWORD ?? "ts-Fallb4ck!pw",
  database: "api",
  synchronize: false,
  entities: [User],
});

export const ReportingSource = new DataSource({
  type: "mssql",
  host: "reports.corp.local",
  username: "rpt",
  password: `${process.env.RPT_PASSWORD}`,
  database: "Reports",
  options: { trustServerCertificate: true },
});

export const CacheSource = new DataSource({
  type: "mongodb",
  url: "mongodb://cache_rw:C4che-Rw_mongo@mongo.internal:27017/cache",
});
