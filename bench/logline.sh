#!/usr/bin/env bash
# The access log line alone: nanoseconds to encode holi's per-request line through Spring Boot's ECS encoder and
# through holi's formatter (the same bytes: the bench checks that first), on this build's classes.
#
#   bench/logline.sh [--rounds 9] [--lines 200000] [--java PATH]
#
# Compiles nothing into the build: the bench is a single Java source file run by the source launcher.
source "$(dirname "$0")/lib.sh"

ROUNDS=9
LINES=200000
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) ROUNDS=$2; shift 2 ;;
    --lines) LINES=$2; shift 2 ;;
    --java) JAVA=$2; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

cd "$ROOT"
[ -d target/classes/io/holi ] || mvn -B -q compile
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
RUN="$RESULTS/logline-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN"
"$JAVA" -cp "target/classes:$(cat "$CP_FILE")" "$BENCH_DIR/java/LogLineBench.java" "$ROUNDS" "$LINES" | tee "$RUN/summary.txt"
