#!/usr/bin/env bash
# Runs the compliance assessor benchmark (generated posture findings x every shipped standard). Not part of `mvn verify`.
# Usage: bench/compliance/run.sh [findings]
set -euo pipefail
cd "$(dirname "$0")/../.."
# One reactor run, so the sibling modules resolve to their target/classes (nothing is installed).
mvn -q -B -o -pl kubeward-compliance -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
CP="kubeward-compliance/target/test-classes:kubeward-compliance/target/classes:$(cat kubeward-compliance/target/bench.classpath)"
exec java -Xmx2g -cp "$CP" dev.kubeward.compliance.bench.ComplianceBenchmark "$@"
