#!/usr/bin/env bash
# Findings store benchmark against the local PostgreSQL, in a database of its own that is dropped afterwards.
# Not part of `mvn verify`. Usage: bench/findings/run.sh [findings, default 10000000] [clusters, default 20]
set -euo pipefail
cd "$(dirname "$0")/../.."
TOTAL="${1:-10000000}"
CLUSTERS="${2:-20}"
DB="kw_bench_findings"
PGHOST="${PGHOST:-127.0.0.1}"
OUT="$(mktemp -d)"
# KEEP=1 leaves the database for a closer look (drop it yourself: dropdb -h 127.0.0.1 -U postgres kw_bench_findings).
trap 'rm -rf "$OUT"; [ "${KEEP:-}" = 1 ] || dropdb -h "$PGHOST" -U postgres --if-exists "$DB" || true' EXIT

# One reactor run, so that the server's classpath can name the model module's freshly compiled classes.
mvn -q -B -pl kubeward-server -am test-compile dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" \
  -Dmdep.includeScope=test
CP="kubeward-server/target/classes:kubeward-model/target/classes:$(cat "$OUT/cp.txt")"
javac -d "$OUT" -cp "$CP" bench/findings/FindingsBenchmark.java

dropdb -h "$PGHOST" -U postgres --if-exists "$DB"
createdb -h "$PGHOST" -U postgres "$DB"
# SLOW_MS=100 logs statements slower than that to the PostgreSQL server log, for looking into a slow step.
if [ -n "${SLOW_MS:-}" ]; then
  psql -h "$PGHOST" -U postgres -qc "alter database $DB set log_min_duration_statement = $SLOW_MS" "$DB"
fi
java -Xmx512m -XX:+UseParallelGC -cp "$OUT:$CP" FindingsBenchmark \
  "jdbc:postgresql://$PGHOST:5432/$DB?user=postgres" "$TOTAL" "$CLUSTERS"
