-- docker-compose.yml: PostgreSQL runs this once, when its data volume is new (docker-entrypoint-initdb.d).
-- One database per service that owns data, owned by the role POSTGRES_USER (kiln); each service's Flyway creates
-- its tables at start. The names are those of each service's quarkus.datasource.jdbc.url (contract-tests checks it).
CREATE DATABASE kiln_gateway OWNER kiln;
CREATE DATABASE kiln_webhook OWNER kiln;
CREATE DATABASE kiln_credits OWNER kiln;
CREATE DATABASE kiln_storage OWNER kiln;
