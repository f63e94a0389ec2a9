#!/usr/bin/env bash
# holi backup create against the manual's own pipeline (pg_dump -Fc | openssl enc -aes-256-cbc -pbkdf2), on the
# same database of at least 1 GB in the same run, and the restore of each; prints both, the ratio, and the
# restore time per 10 GB (what the 1-hour RTO allows).
#
#   bench/backup.sh                    # PATIENTS=600000 synthetic patients (about 1.2 GB: encrypted PHI, grants,
#                                      # audit trail; loaded once, about 5 minutes), ROUNDS=2 (the best of each kept)
#   PATIENTS=1000000 bench/backup.sh   # reuses bench/search.sh's database (2 GB)
#   DATASET=pgbench SCALE=70 bench/backup.sh   # pgbench tables instead (1 GB, compresses 50:1)
source "$(dirname "$0")/lib.sh"
DATASET=${DATASET:-patients}
PATIENTS=${PATIENTS:-600000}
SCALE=${SCALE:-70}
ROUNDS=${ROUNDS:-2}
ensure_jar
command -v pgbench >/dev/null || PATH="$PGBIN:$PATH"
command -v openssl >/dev/null || { echo "openssl is missing: apt-get install openssl" >&2; exit 1; }
RUN="$RESULTS/backup-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN"
if [ "$DATASET" = patients ]; then
  DIR="/tmp/holi-bench-$PATIENTS"
  start_cluster "$DIR"
  seed "$PATIENTS"
  DESCRIPTION="$PATIENTS synthetic patients with encrypted PHI, their grants and audit trail"
else
  DIR="/tmp/holi-bench-backup"
  start_cluster "$DIR"
  DESCRIPTION="pgbench scale $SCALE and holi's schema"
fi

if [ "$DATASET" = pgbench ] && [ ! -f "$DIR/generated-$SCALE" ]; then
  log "generating the database (pgbench scale $SCALE) and holi's schema"
  holi_env java -jar "$JAR" users create --email bench-admin@bench.holi --role ADMIN --password-stdin <<< "bench-admin-password" >/dev/null
  PGPASSWORD=bench-only-password "$PGBIN/pgbench" -i -q -s "$SCALE" -h 127.0.0.1 -p "$PGPORT" -U holi holi >/dev/null 2>&1
  touch "$DIR/generated-$SCALE"
fi
DB_BYTES=$(psql_holi -c "SELECT pg_database_size('holi')")
DB_GB=$(awk -v b="$DB_BYTES" 'BEGIN { printf "%.2f", b / 1e9 }')
log "database: $DB_GB GB"

WORK="$DIR/backup-work"
rm -rf "$WORK"; mkdir -p "$WORK/store"
java -jar "$JAR" backup keygen -o "$WORK/backup-key.txt" >/dev/null 2>&1
export OPENSSL_PASS=$(head -c 32 /dev/urandom | base64)
export PGPASSWORD=bench-only-password

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }

PLAIN=""; HOLI=""; HOLI_INNER=""
for round in $(seq 1 "$ROUNDS"); do
  log "round $round: pg_dump -Fc | openssl enc -aes-256-cbc -pbkdf2"
  t0=$(now)
  "$PGBIN/pg_dump" -Fc "$DB_URL" | openssl enc -aes-256-cbc -pbkdf2 -pass env:OPENSSL_PASS -out "$WORK/plain.dump.enc"
  t1=$(now); PLAIN=$(min "$PLAIN" "$(secs "$t0" "$t1")")
  log "round $round: holi backup create"
  t0=$(now)
  OUT=$(holi_env BACKUP_ENCRYPTION_KEY_FILE="$WORK/backup-key.txt" HOLI_STORAGE_URL="file://$WORK/store" \
        java -jar "$JAR" backup create)
  t1=$(now); HOLI=$(min "$HOLI" "$(secs "$t0" "$t1")")
  HOLI_INNER=$(min "$HOLI_INNER" "$(echo "$OUT" | awk '/took/ {print $2}')")
  ID=$(echo "$OUT" | grep -o 'backup-[0-9]\{8\}-[0-9]\{6\}' | head -1)
done
PLAIN_BYTES=$(stat -c %s "$WORK/plain.dump.enc")
HOLI_BYTES=$(find "$WORK/store" -name "$ID.dump.enc" -exec stat -c %s {} \;)

log "restoring both into empty databases"
for db in restore_plain restore_holi; do
  psql -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db OWNER holi"
  psql -U postgres -d $db -qc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
done
t0=$(now)
openssl enc -d -aes-256-cbc -pbkdf2 -pass env:OPENSSL_PASS -in "$WORK/plain.dump.enc" \
  | "$PGBIN/pg_restore" --no-owner --no-privileges -d "postgresql://holi:bench-only-password@127.0.0.1:$PGPORT/restore_plain" 2>"$RUN/plain-restore.err" || true
t1=$(now); PLAIN_RESTORE=$(secs "$t0" "$t1")
t0=$(now)
holi_env BACKUP_ENCRYPTION_KEY_FILE="$WORK/backup-key.txt" HOLI_STORAGE_URL="file://$WORK/store" \
  java -jar "$JAR" backup restore --backup "$ID" --target "postgresql://holi:bench-only-password@127.0.0.1:$PGPORT/restore_holi" > "$RUN/holi-restore.txt"
t1=$(now); HOLI_RESTORE=$(secs "$t0" "$t1")
BIG=$([ "$DATASET" = patients ] && echo patients || echo pgbench_accounts)
ROWS_PLAIN=$(psql -U postgres -d restore_plain -Atc "SELECT count(*) FROM $BIG")
ROWS_HOLI=$(psql -U postgres -d restore_holi -Atc "SELECT count(*) FROM $BIG")
psql -U postgres -d postgres -qc "DROP DATABASE restore_plain" -c "DROP DATABASE restore_holi"

{
  echo "holi backup — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; database $DB_GB GB ($DESCRIPTION); best of $ROUNDS rounds"
  echo
  echo "backup   pg_dump -Fc | openssl enc -aes-256-cbc -pbkdf2   $PLAIN s   ($(awk -v b="$PLAIN_BYTES" 'BEGIN{printf "%.0f", b/1e6}') MB)"
  echo "         holi backup create (whole command, JVM start included) $HOLI s   ($(awk -v b="$HOLI_BYTES" 'BEGIN{printf "%.0f", b/1e6}') MB; manifest, row counts, checksums, evidence)"
  echo "         of which the backup itself                          $HOLI_INNER s"
  echo "         ratio holi / plain: $(awk -v a="$HOLI" -v b="$PLAIN" 'BEGIN{printf "%.2f", a/b}') (whole command), $(awk -v a="$HOLI_INNER" -v b="$PLAIN" 'BEGIN{printf "%.2f", a/b}') (backup itself); target <= 1.10"
  echo
  echo "restore  openssl enc -d | pg_restore                       $PLAIN_RESTORE s   ($ROWS_PLAIN rows in $BIG)"
  echo "         holi backup restore (one checked transaction)     $HOLI_RESTORE s   ($ROWS_HOLI rows in $BIG; counts and audit trail verified before commit)"
  echo "         implied RTO per 10 GB of database: $(awk -v t="$HOLI_RESTORE" -v g="$DB_GB" 'BEGIN{printf "%.1f", t/g*10/60}') min (holi), $(awk -v t="$PLAIN_RESTORE" -v g="$DB_GB" 'BEGIN{printf "%.1f", t/g*10/60}') min (plain); the RTO is 60 min"
} | tee "$RUN/summary.txt"
