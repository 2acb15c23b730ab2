-- Flyway migration V2: reporting role; password injected via flyway placeholder
CREATE ROLE reporting WITH LOGIN PASSWORD '${reporting_password}';
GRANT CONNECT ON DATABASE billing TO reporting;

-- rotate app password (INC-2291)
ALTER ROLE billing_app PASSWORD 'Fly-B1lling-R0tated' VALID UNTIL '2025-01-01';
