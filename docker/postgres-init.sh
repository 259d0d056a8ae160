#!/bin/sh
# Runs once when the postgres:16 volume is first initialised: the application's login role, which is
# neither superuser nor BYPASSRLS, so row-level security applies to everything the API and workers do.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE spendguard_app LOGIN PASSWORD '${APP_DB_PASSWORD}' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
SQL
