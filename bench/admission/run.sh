#!/usr/bin/env bash
# Admission webhook benchmark: the real server over HTTPS on loopback, embedded H2 by default, PostgreSQL with
# DB_URL=jdbc:postgresql://127.0.0.1:5432/DB?user=postgres. Not part of `mvn verify`.
# Usage: bench/admission/run.sh [requests per phase, default 5000] [concurrency, default 8]
# JFR=/tmp/admission.jfr bench/admission/run.sh ... also records a Java Flight Recorder profile.
set -euo pipefail
cd "$(dirname "$0")/../.."
REQUESTS="${1:-5000}"
CONCURRENCY="${2:-8}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

mvn -q -B -o -pl kubeward-server -am compile dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" \
  -Dmdep.includeScope=runtime
CP="kubeward-server/target/classes:kubeward-model/target/classes:kubeward-inventory/target/classes"
CP="$CP:kubeward-posture/target/classes:$(cat "$OUT/cp.txt")"
javac -d "$OUT" -cp "$CP" bench/admission/AdmissionBenchmark.java
KEYTOOL="${JAVA_HOME:+$JAVA_HOME/bin/}keytool"
"$KEYTOOL" -genkeypair -alias kubeward -keyalg EC -groupname secp256r1 -dname CN=localhost \
  -ext SAN=dns:localhost,ip:127.0.0.1 -validity 2 -storetype PKCS12 -keystore "$OUT/server.p12" \
  -storepass bench-keystore -keypass bench-keystore >/dev/null
# JFR=/path/file.jfr records a profile of the whole run (settings=profile: ~10 ms CPU samples, allocations).
JFR_OPT=()
if [ -n "${JFR:-}" ]; then JFR_OPT=("-XX:StartFlightRecording=filename=$JFR,settings=profile,dumponexit=true"); fi
java -Xmx512m "${JFR_OPT[@]}" -cp "$OUT:$CP" AdmissionBenchmark "$OUT/server.p12" bench-keystore \
  kubeward-server/src/test/resources/admission "$REQUESTS" "$CONCURRENCY" "${DB_URL:-}"
