#!/usr/bin/env bash
# Dashboard first paint with many findings: the real server on the local PostgreSQL (a schema of its own, dropped
# afterwards) and Debian's Chromium. Not part of `mvn verify`.
# Usage: bench/dashboard/run.sh [findings, default 100000] [measured rounds per page, default 15]
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
export KUBEWARD_TEST_POSTGRES_URL="${KUBEWARD_TEST_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"
# One reactor run, so the classpath names every module's freshly compiled classes and the server's test helpers.
mvn -q -B -o -pl kubeward-server -am test-compile dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" \
  -Dmdep.includeScope=test
CP="kubeward-server/target/test-classes:kubeward-server/target/classes"
for m in model inventory posture compliance image packages advisories runtime risk; do
  [ -d "kubeward-$m/target/classes" ] && CP="$CP:kubeward-$m/target/classes"
done
CP="$CP:$(cat "$OUT/cp.txt")"
javac -d "$OUT" -cp "$CP" bench/dashboard/DashboardBenchmark.java
(cd kubeward-server && java -Xmx1g -cp "$OUT:$(sed 's#\(^\|:\)kubeward-#\1../kubeward-#g' <<<"$CP")" DashboardBenchmark "${1:-100000}" "${2:-15}")
