#!/usr/bin/env bash
# Runs the kubeward-runtime benchmarks (not part of mvn verify).
#   bench/run.sh            JMH throughput of the audit path (parse, detect, both), one thread
#   bench/run.sh cpu        audit events per CPU-second (parse, detect, both), robust on a shared machine
#   bench/run.sh memory     retained heap of stateful detections under ever-new keys
# Extra arguments go to JMH (e.g. -f 1 -wi 1 -i 3) or to the memory harness (rounds, events per round).
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -B -pl kubeward-runtime -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/kubeward-runtime/target/bench.classpath" >/dev/null
CP="kubeward-runtime/target/test-classes:kubeward-runtime/target/classes:$(cat kubeward-runtime/target/bench.classpath)"
if [ "${1:-}" = "cpu" ]; then
  shift
  exec java -Xms1g -Xmx1g -cp "$CP" dev.kubeward.runtime.bench.AuditCpuBench "$@"
fi
if [ "${1:-}" = "memory" ]; then
  shift
  exec java -Xmx512m -cp "$CP" dev.kubeward.runtime.bench.StatefulMemoryBench "$@"
fi
exec java -cp "$CP" org.openjdk.jmh.Main AuditThroughputBenchmark "$@"
