-- Flyway migration V1: users and roles
CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    email         VARCHAR(255) NOT NULL UNIQUE,
    password_hash VARCHAR(60)  NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE USER billing_app WITH PASSWORD 'Fly-B1lling-App';
CREATE ROLE billing_ro LOGIN PASSWORD 'md5640a0e521690911e1c62dc150ddef71d';
CREATE ROLE billing_ops LOGIN ENCRYPTED PASSWORD 'SCRAM-SHA-256$4096:1tr37ariXO/AlRLHAZzytw==$0Dxatxo7uimEeKB/gkz0wqwirkNK870uKm0Bf+NC2UA=:K5k6ZWOlK2hUQ55omEE71MBAlVB6OfyVCT/YLXz5WO0=';

GRANT SELECT, INSERT, UPDATE ON users TO billing_app;
GRANT SELECT ON users TO billing_ro;

INSERT INTO users (email, password_hash)
VALUES ('admin@billing.test', '$2b$12$TJXMwKoEkyK98rVfwCp3qGcNkvXFVucrpip8yhrc0uLJvSnqgL.2n');
