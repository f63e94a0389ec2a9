#!/usr/bin/env bash
# Reminders drained by two holi instances: N due reminders (default 100,000: half SMS, half email) for appointments of
# synthetic patients who agreed to both, two `holi serve` instances draining the same outbox (FOR UPDATE SKIP LOCKED)
# through Twilio's and Resend's SDKs against a local server that speaks both APIs (bench/fake_messaging.py). Prints the
# drain rate, and checks that none was sent twice (the server's own log) and none was lost (every row SENT).
#
#   bench/reminders.sh            N=100000 PATIENTS=2000
source "$(dirname "$0")/lib.sh"
N=${N:-100000}
PATIENTS=${PATIENTS:-2000}
ensure_jar
RUN="$RESULTS/reminders-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN"
DIR="/tmp/holi-bench-reminders-$PATIENTS"
start_cluster "$DIR"
seed "$PATIENTS"

log "making $(( N / 2 )) appointments (SMS and email each) for $PATIENTS patients who agreed to both"
psql_holi -q -v ON_ERROR_STOP=1 <<SQL >/dev/null
TRUNCATE reminders;
DELETE FROM appointments WHERE created_by IS NULL AND reason_enc IS NULL;
INSERT INTO reminder_consents (patient_id, channel, opted_in, source)
SELECT id, c, true, 'STAFF' FROM patients, unnest(ARRAY['SMS', 'EMAIL']) c ON CONFLICT DO NOTHING;
CREATE TEMP TABLE bench_patients AS SELECT id, row_number() OVER (ORDER BY id) AS n FROM patients WHERE deleted_at IS NULL;
-- one clinician, one appointment every 31 minutes from three days on: the no-double-booking constraint holds
INSERT INTO appointments (id, patient_id, clinician_id, starts_at, duration_minutes, ends_at)
SELECT gen_random_uuid(), p.id, (SELECT id FROM users WHERE email = '$BENCH_CLINICIAN'),
       date_trunc('hour', now()) + interval '3 days' + g * interval '31 minutes', 30,
       date_trunc('hour', now()) + interval '3 days' + g * interval '31 minutes' + interval '30 minutes'
  FROM generate_series(0, $(( N / 2 - 1 ))) g
  JOIN bench_patients p ON p.n = 1 + g % (SELECT count(*) FROM bench_patients);
SQL
VPORT=$(free_port)
python3 "$BENCH_DIR/fake_messaging.py" "$VPORT" "$RUN/vendor-messages.tsv" &
VENDORS_PID=$!
mkdir -p "$DIR/compliance"
printf 'vendors:\n  - {name: Twilio, baa: required, baa_signed: 2026-01-01}\n  - {name: Resend, baa: required, baa_signed: 2026-01-01}\n' > "$DIR/compliance/vendors.yml"

start_instance() {
  local port=$1 logfile=$2
  (exec env DATABASE_URL="$DB_URL" HOLI_STORAGE_URL="file://$CLUSTER_DIR/objects" HOLI_PORT=$port HOLI_HEALTH_DRAIN=0s \
      HOLI_OPS_COMPLIANCE_DIR="$DIR/compliance" HOLI_PUBLIC_URL=https://clinic.bench.example HOLI_CLINIC_NAME="Bench Clinic" \
      TWILIO_ACCOUNT_SID=ACbench0000000000000000000000000000 TWILIO_AUTH_TOKEN=bench-only-twilio-token \
      HOLI_REMINDERS_TWILIO_FROM=+15005550006 HOLI_REMINDERS_TWILIO_BASE_URL="http://127.0.0.1:$VPORT" \
      RESEND_API_KEY=re_bench_only HOLI_REMINDERS_RESEND_FROM="Bench Clinic <r@bench.example>" \
      HOLI_REMINDERS_RESEND_BASE_URL="http://127.0.0.1:$VPORT" HOLI_REMINDERS_POLL_INTERVAL=1s HOLI_REMINDERS_BATCH_SIZE=100 \
      HOLI_OPS_SCHEDULE_ENABLED=false HOLI_STATUS_PROBE=- \
      java ${JAVA_OPTS:--Xmx320m -Xms320m -XX:+UseG1GC} -jar "$JAR" serve > "$logfile" 2>&1) &
  echo $!
}
P1=$(free_port); P2=$(free_port)
PID1=$(start_instance "$P1" "$RUN/holi-1.log")
PID2=$(start_instance "$P2" "$RUN/holi-2.log")
trap 'kill $PID1 $PID2 $VENDORS_PID 2>/dev/null; stop_cluster' EXIT
for p in $P1 $P2; do
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$p/api/health" >/dev/null 2>&1 && break; sleep 0.5; done
done
log "both instances serve; queueing the reminders, due now"
T0=$(date +%s.%N)
psql_holi -q -v ON_ERROR_STOP=1 -c "
INSERT INTO reminders (id, appointment_id, patient_id, channel, offset_minutes, appointment_at, due_at, next_attempt_at)
SELECT gen_random_uuid(), a.id, a.patient_id, c, 120, a.starts_at, now(), now()
  FROM appointments a CROSS JOIN unnest(ARRAY['SMS', 'EMAIL']) c
 WHERE a.created_by IS NULL AND a.reason_enc IS NULL AND a.status = 'SCHEDULED' AND a.starts_at > now()" >/dev/null
QUEUED=$(psql_holi -c "SELECT count(*) FROM reminders")
while [ "$(psql_holi -c "SELECT count(*) FROM reminders WHERE status IN ('PENDING', 'SENDING')")" != 0 ]; do
  kill -0 $PID1 2>/dev/null && kill -0 $PID2 2>/dev/null || { echo "an instance stopped: see $RUN/holi-*.log" >&2; exit 1; }
  sleep 1
done
T1=$(date +%s.%N)
SECONDS_TAKEN=$(awk -v a="$T0" -v b="$T1" 'BEGIN{printf "%.1f", b-a}')
SENT=$(psql_holi -c "SELECT count(*) FROM reminders WHERE status = 'SENT'")
OTHER=$(psql_holi -c "SELECT coalesce(string_agg(status || ' ' || n, ', '), 'none') FROM (SELECT status, count(*) n FROM reminders WHERE status <> 'SENT' GROUP BY 1) s")
MESSAGES=$(wc -l < "$RUN/vendor-messages.tsv")
TWICE=$(cut -f1,4 "$RUN/vendor-messages.tsv" | sort | uniq -d | wc -l)
AUDITED=$(psql_holi -c "SELECT count(*) FROM audit_logs WHERE action = 'REMINDER' AND \"timestamp\" >= to_timestamp($T0)")
{
  printf 'reminders queued            %s\n' "$QUEUED"
  printf 'sent (rows SENT)            %s\n' "$SENT"
  printf 'not sent                    %s\n' "$OTHER"
  printf 'messages the vendors got    %s\n' "$MESSAGES"
  printf 'sent twice                  %s\n' "$TWICE"
  printf 'audit records (REMINDER)    %s\n' "$AUDITED"
  printf 'drain time                  %s s (two instances)\n' "$SECONDS_TAKEN"
  printf 'drain rate                  %s reminders/s\n' "$(awk -v n="$SENT" -v s="$SECONDS_TAKEN" 'BEGIN{printf "%.0f", n/s}')"
} | tee "$RUN/summary.txt"
[ "$SENT" = "$QUEUED" ] && [ "$MESSAGES" = "$QUEUED" ] && [ "$TWICE" = 0 ] || { echo "FAILED: lost or duplicated reminders" >&2; exit 1; }
