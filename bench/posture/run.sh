#!/usr/bin/env bash
# Runs the posture benchmark (100,000 generated objects x every built-in rule). Not part of `mvn verify`.
# Usage: bench/posture/run.sh [objects] [events]
set -euo pipefail
cd "$(dirname "$0")/../.."
# One reactor run, so the sibling modules resolve to their target/classes (nothing is installed).
mvn -q -B -pl kubeward-posture -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
CP="kubeward-posture/target/test-classes:kubeward-posture/target/classes:$(cat kubeward-posture/target/bench.classpath)"
exec java -Xms3g -Xmx4g -XX:+UseParallelGC -cp "$CP" dev.kubeward.posture.bench.PostureBenchmark "$@"
