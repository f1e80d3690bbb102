#!/usr/bin/env bash
# Runs the image pipeline benchmark (not part of `mvn verify`). Usage: bench/image-pipeline/run.sh [WORKDIR]
# Synthetic images are generated once under WORKDIR (default: target/bench; about 12 GB of disk for all scenarios).
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK="${1:-target/bench}"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
mvn -q -B -pl kubeward-packages -am test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt"
CP="kubeward-packages/target/test-classes:kubeward-packages/target/classes:$(cat "$WORK/cp.txt")"
MAIN=dev.kubeward.packages.bench.ImagePipelineBench
echo "== throughput: raw JDK gunzip vs the full pipeline on the same layers (-Xmx512m)"
java -Xmx512m -cp "$CP" $MAIN throughput "$WORK" 1
echo "== 3 million small files in one layer (-Xmx1g)"
java -Xmx1g -cp "$CP" $MAIN manyfiles "$WORK" 3
echo "== second image sharing cached layers (-Xmx512m)"
java -Xmx512m -cp "$CP" $MAIN cache "$WORK"
echo "== 6 GB image (-Xmx512m)"
java -Xmx512m -cp "$CP" $MAIN bigimage "$WORK" 6
