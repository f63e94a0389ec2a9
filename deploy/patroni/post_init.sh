#!/bin/sh
# Run once by Patroni on the node that initialises the cluster (its superuser's connection URL is $1): holi's role
# and database, as holi's embedded cluster prepares them, then pgBackRest's stanza, at once: WAL archiving fails
# (and WalArchivingFailing pages) until the stanza exists. HOLI_DB_PASSWORD and pgBackRest's settings
# (PGBACKREST_CONFIG or PGBACKREST_* variables) come from the environment.
set -e
psql "$1" -v ON_ERROR_STOP=1 -v pw="$HOLI_DB_PASSWORD" -q <<'SQL'
CREATE ROLE postgres SUPERUSER LOGIN;
ALTER ROLE patroni SET pgaudit.log = 'ddl, role';
CREATE ROLE holi LOGIN CREATEROLE PASSWORD :'pw';
GRANT pg_monitor, pg_signal_backend TO holi;
CREATE DATABASE holi OWNER holi;
\c holi
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
CREATE EXTENSION IF NOT EXISTS pgaudit;
ALTER ROLE holi SET pgaudit.log = 'none';
SQL
pgbackrest --stanza=holi --log-level-console=warn stanza-create
