#!/usr/bin/env bash
# Runtime ingestion load benchmark: starts the real server (kubeward serve) on PostgreSQL in a database of its own,
# posts audit-event batches over loopback from a separate JVM, and prints throughput per CPU-second, alert latency,
# drops and 429s. Not part of `mvn verify`.
# Usage: bench/runtime-ingest/run.sh [seconds per phase, default 30] [cores for the server, default 1]
# PACED_RATE=events/s sets the paced phase's rate (default 10000); JFR=/tmp/ingest records a profile per server start
# (/tmp/ingest-1.jfr is the sustained phase).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_PHASE="${1:-30}"
CORES="${2:-1}"
DB="kw_bench_runtime"
PGHOST="${PGHOST:-127.0.0.1}"
PORT="${PORT:-18089}"
OUT="$(mktemp -d)"
PASSWORD="bench-admin-password-$$"
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$OUT"
  dropdb -h "$PGHOST" -U postgres --if-exists "$DB" || true
}
trap cleanup EXIT

# The Boot jar is repackaged only when it is missing, so remove it to get the current code.
if [ "${REBUILD:-1}" = 1 ]; then rm -f kubeward-cli/target/kubeward*.jar; mvn -q -B -o -pl kubeward-cli -am package -DskipTests; fi
dropdb -h "$PGHOST" -U postgres --if-exists "$DB"
createdb -h "$PGHOST" -U postgres "$DB"

STARTS=0
start_server() { # $1 queue capacity
  STARTS=$((STARTS + 1))
  KUBEWARD_ADMIN_PASSWORD="$PASSWORD" KUBEWARD_RUNTIME_QUEUECAPACITY="$1" KUBEWARD_RUNTIME_WORKERS="$CORES" \
    taskset -c "0-$((CORES - 1))" java -Xmx512m -XX:ActiveProcessorCount="$CORES" ${JFR:+"-XX:StartFlightRecording=filename=$JFR-$STARTS.jfr,settings=profile,dumponexit=true"} \
    -jar kubeward-cli/target/kubeward.jar \
    serve --port "$PORT" --data-dir "$OUT/data" --db-url "jdbc:postgresql://$PGHOST:5432/$DB?user=postgres" \
    > "$OUT/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$PORT/actuator/health" > /dev/null && return 0
    sleep 1
  done
  cat "$OUT/server.log"; exit 1
}

start_server 100000
# Warm-up (JIT), then the measured phase at what the server sustains, then overload with a small queue.
java bench/runtime-ingest/RuntimeIngestBench.java "http://127.0.0.1:$PORT" "$PASSWORD" "$SERVER_PID" 10 2 warmup > /dev/null
java bench/runtime-ingest/RuntimeIngestBench.java "http://127.0.0.1:$PORT" "$PASSWORD" "$SERVER_PID" "$SECONDS_PER_PHASE" 4 sustained
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
# Alert latency at a rate the server sustains: clients post on a schedule, open loop, to a fresh (warmed) server.
start_server 100000
java bench/runtime-ingest/RuntimeIngestBench.java "http://127.0.0.1:$PORT" "$PASSWORD" "$SERVER_PID" 10 2 warmup > /dev/null
java bench/runtime-ingest/RuntimeIngestBench.java "http://127.0.0.1:$PORT" "$PASSWORD" "$SERVER_PID" "$SECONDS_PER_PHASE" 4 paced \
  "${PACED_RATE:-10000}"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
start_server 4000
java bench/runtime-ingest/RuntimeIngestBench.java "http://127.0.0.1:$PORT" "$PASSWORD" "$SERVER_PID" "$SECONDS_PER_PHASE" 16 overload
