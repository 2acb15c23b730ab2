// Update with your config settings.

/**
 * @type { Object.<string, import("knex").Knex.Config> }
 */
module.exports = {
  development: {
    client: 'pg',
    connection: {
      host: '127.0.0.1',
      port: 5432,
      user: 'api',
      password: 'kn3x_dev_pw',
      database: 'api_dev'
    }
  },

  staging: {
    client: 'pg',
    connection: process.env.DATABASE_URL,
    pool: { min: 2, max: 10 }
  },

  production: {
    client: 'pg',
    connection: {
      connectionString: process.env.DATABASE_URL || 'postgres://api:Api_Pr0d!2024@pg-prod.internal:5432/api',
      ssl: { rejectUnauthorized: false }
    },
    migrations: { tableName: 'knex_migrations' }
  }
};
