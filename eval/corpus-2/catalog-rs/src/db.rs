use redis::Client as RedisClient;
use secrecy::Secret;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;

pub async fn local_pool() -> Result<PgPool, sqlx::Error> {
    let opts = PgConnectOptions::new()
        .host("localhost")
        .username("catalog")
        .password("c4talog-d3v")
        .database("catalog");
    PgPoolOptions::new().max_connections(5).connect_with(opts).await
}

pub fn db_password() -> Secret<String> {
    Secret::new(std::env::var("APP_DATABASE__PASSWORD").expect("APP_DATABASE__PASSWORD not set"))
}

pub fn redis() -> redis::RedisResult<RedisClient> {
    RedisClient::open("redis://:c4t-R3dis-9@127.0.0.1:6379/")
}
