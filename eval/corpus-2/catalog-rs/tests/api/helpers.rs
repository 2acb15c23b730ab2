use sqlx::{Connection, Executor, PgConnection, PgPool};
use uuid::Uuid;

pub async fn configure_database() -> PgPool {
    let base = "postgres://postgres:postgres@localhost:5432";
    let db_name = Uuid::new_v4().to_string();
    let mut connection = PgConnection::connect(base).await.expect("Failed to connect to Postgres");
    connection
        .execute(format!(r#"CREATE DATABASE "{}";"#, db_name).as_str())
        .await
        .expect("Failed to create database.");
    PgPool::connect(&format!("{}/{}", base, db_name)).await.expect("Failed to connect")
}

pub struct TestUser {
    pub username: String,
    pub password: String,
}

impl TestUser {
    pub fn generate() -> Self {
        Self {
            username: Uuid::new_v4().to_string(),
            password: Uuid::new_v4().to_string(),
        }
    }
}
