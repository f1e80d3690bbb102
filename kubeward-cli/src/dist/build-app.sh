#!/usr/bin/env bash
# Turns the executable jar into target/kubeward/: the extracted application (a thin jar and lib/), the launcher
# script, and a class-data-sharing archive recorded from one real start of the server on a throwaway data
# directory with the demo loaded, so the archive holds the classes a start really uses.
# Run by Maven in the package phase; skip with -Dkubeward.app.skip=true.
set -euo pipefail
jar=$1 out=$2 java=${3:-java}
rm -rf "$out" "$out-training"
"$java" -Djarmode=tools -jar "$jar" extract --destination "$out" >/dev/null
cp "$(dirname "$0")/kubeward" "$out/kubeward"
chmod +x "$out/kubeward"
mkdir -p "$out-training"
# --no-wait: the server starts completely (migrations, admin account, demo), then the process exits and the JVM
# writes the archive. The training start's own output goes to a log: its generated password is for a database
# that is deleted right after.
if "$java" -XX:ArchiveClassesAtExit="$out/kubeward.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
    -jar "$out/kubeward.jar" serve --port 0 --no-wait --demo --data-dir "$out-training/data" \
    >"$out-training/training.log" 2>&1 && [ -s "$out/kubeward.jsa" ]; then
  rm -rf "$out-training"
else
  # Without the archive the launcher still works, only slower; the build should not fail over an optimization.
  echo "kubeward: no class-data-sharing archive made; see $out-training/training.log" >&2
  rm -f "$out/kubeward.jsa"
fi
