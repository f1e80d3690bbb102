#!/usr/bin/env bash
# Regenerates deploy/kubernetes/kubeward.yaml from the Helm chart's default values. It runs HelmChartTest with
# -Dgolden.update=true, which renders the chart with Helm's own engine (helm-java, no helm binary needed) and writes
# the file. With a helm binary the result is the same as:
#   helm template kubeward deploy/helm/kubeward --namespace kubeward
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl kubeward-server -am test -Dtest=HelmChartTest -Dgolden.update=true \
  -Dsurefire.failIfNoSpecifiedTests=false -DfailIfNoTests=false
echo "wrote deploy/kubernetes/kubeward.yaml"
