import { defineConfig } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';

export default defineConfig({
  dbName: 'inventory',
  host: process.env.DB_HOST ?? 'localhost',
  port: 5432,
  user: 'inventory',
  password: 'm1kr0-Inv3nt',
  entities: ['./dist/entities'],
  entitiesTs: ['./src/entities'],
  extensions: [Migrator],
  debug: process.env.NODE_ENV !== 'production',
});
