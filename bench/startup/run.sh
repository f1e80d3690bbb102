#!/usr/bin/env bash
# Measures how long `kubeward serve` takes from process start to a ready server (readiness probe answers 200),
# on an empty data directory (first start: schema migrations + admin account) and on a warm one.
# Usage: bench/startup/run.sh [runs]   (build first: mvn -B -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=kubeward-cli/target/kubeward.jar
RUNS=${1:-5}
[ -f "$JAR" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 2; }

measure() { # $1 data dir, extra args after
  local dir=$1; shift
  local port=$((20000 + RANDOM % 20000))
  local start end
  start=$(date +%s%N)
  java -jar "$JAR" serve --port "$port" --data-dir "$dir" "$@" >/dev/null 2>&1 &
  local pid=$!
  until curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "server exited" >&2; return 1; }
    sleep 0.05
  done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (end - start) / 1000000 ))
}

printf 'run\tfirst start (ms)\tfirst start --demo (ms)\twarm start (ms)\n'
for i in $(seq 1 "$RUNS"); do
  d1=$(mktemp -d); d2=$(mktemp -d)
  a=$(measure "$d1")
  b=$(measure "$d2" --demo)
  c=$(measure "$d1")
  printf '%s\t%s\t%s\t%s\n' "$i" "$a" "$b" "$c"
  rm -rf "$d1" "$d2"
done
