#!/usr/bin/env bash
# Measures how long `kubeward serve` takes from process start to a ready server (readiness probe answers 200),
# on an empty data directory (first start: schema migrations + admin account), on an empty one with --demo, and on
# a warm one; each for the launcher (extracted app + class-data-sharing archive) and for plain `java -jar`, side by
# side in the same run so machine noise hits both alike.
# Usage: bench/startup/run.sh [runs]   (build first: mvn -B -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=kubeward-cli/target/kubeward.jar
LAUNCHER=kubeward-cli/target/kubeward/kubeward
RUNS=${1:-3}
[ -f "$JAR" ] && [ -x "$LAUNCHER" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 2; }

measure() { # $1 data dir, then the command (without "serve ..."), then -- and extra serve args
  local dir=$1; shift
  local cmd=() extra=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do cmd+=("$1"); shift; done
  [ $# -gt 0 ] && shift && extra=("$@")
  local port=$((20000 + RANDOM % 20000))
  local start end
  start=$(date +%s%N)
  "${cmd[@]}" serve --port "$port" --data-dir "$dir" "${extra[@]}" >/dev/null 2>&1 &
  local pid=$!
  until curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "server exited" >&2; return 1; }
    sleep 0.05
  done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (end - start) / 1000000 ))
}

printf 'run\tcommand\tfirst start (ms)\tfirst start --demo (ms)\twarm start (ms)\tload\n'
for i in $(seq 1 "$RUNS"); do
  for variant in launcher java-jar; do
    if [ "$variant" = launcher ]; then cmd=("$LAUNCHER"); else cmd=(java -jar "$JAR"); fi
    d1=$(mktemp -d); d2=$(mktemp -d)
    a=$(measure "$d1" "${cmd[@]}")
    b=$(measure "$d2" "${cmd[@]}" -- --demo)
    c=$(measure "$d1" "${cmd[@]}")
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$i" "$variant" "$a" "$b" "$c" "$(cut -d' ' -f1 /proc/loadavg)"
    rm -rf "$d1" "$d2"
  done
done
