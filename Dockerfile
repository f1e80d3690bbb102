# syntax=docker/dockerfile:1
# Kubeward container image: `docker build -t kubeward .` (or `buildah bud`), then
#   docker run --read-only --tmpfs /tmp -v kubeward-data:/var/lib/kubeward -p 8080:8080 kubeward
# One image serves every role: `serve` (dashboard, API, ingestion) is the default command; the Helm chart runs the
# same image as `worker --health-port=9090` against the same PostgreSQL. Nothing secret is baked in: database credentials, the admin password and notification
# secrets come from the environment (Kubernetes Secrets) at run time.

ARG MAVEN_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre-noble

# ---- build stage: the whole reactor, tests skipped (CI runs them; the image build must not need PostgreSQL) ----
FROM ${MAVEN_IMAGE} AS build
WORKDIR /src
# POMs first, so the dependency download stays cached while only sources change.
COPY pom.xml ./
COPY .mvn .mvn
COPY kubeward-model/pom.xml kubeward-model/
COPY kubeward-inventory/pom.xml kubeward-inventory/
COPY kubeward-posture/pom.xml kubeward-posture/
COPY kubeward-image/pom.xml kubeward-image/
COPY kubeward-packages/pom.xml kubeward-packages/
COPY kubeward-advisories/pom.xml kubeward-advisories/
COPY kubeward-runtime/pom.xml kubeward-runtime/
COPY kubeward-server/pom.xml kubeward-server/
COPY kubeward-cli/pom.xml kubeward-cli/
# Best effort: sibling SNAPSHOT modules cannot be resolved yet, and a module missing from the list above only costs
# the cache (the full build below still sees every module).
RUN --mount=type=cache,target=/root/.m2 mvn -B -q dependency:go-offline -DexcludeReactor=true || true
COPY . .
# The class-data-sharing archive is made in the runtime stage, with the JVM that will use it (-Dkubeward.app.skip).
RUN --mount=type=cache,target=/root/.m2 mvn -B -q package -DskipTests -Dkubeward.app.skip=true \
 && mkdir /out \
 && java -Djarmode=tools -jar kubeward-cli/target/kubeward.jar extract --layers --destination /out/app

# ---- runtime stage: JRE only, no build tools, no shell needed at run time ----
FROM ${RUNTIME_IMAGE}
ARG UID=10001
# Numeric user and group so `runAsNonRoot` can be verified by the kubelet without reading /etc/passwd.
RUN groupadd --system --gid ${UID} kubeward \
 && useradd --system --uid ${UID} --gid ${UID} --home-dir /var/lib/kubeward --shell /usr/sbin/nologin kubeward \
 && mkdir -p /var/lib/kubeward /opt/kubeward \
 && chown ${UID}:${UID} /var/lib/kubeward \
 && chmod 0750 /var/lib/kubeward
WORKDIR /opt/kubeward
# Layers from least to most often changed: third-party jars, Boot's loader, our snapshot modules, the thin jar.
COPY --from=build /out/app/dependencies/ ./
COPY --from=build /out/app/spring-boot-loader/ ./
COPY --from=build /out/app/snapshot-dependencies/ ./
COPY --from=build /out/app/application/ ./
# The root filesystem may be read-only: everything Kubeward writes goes to /var/lib/kubeward (embedded H2, advisory
# database, layer cache: ~/.kubeward) or /tmp (Tomcat, scans' temporary files). Mount both as volumes.
ENV HOME=/var/lib/kubeward \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp" \
    KUBEWARD_LOG_FORMAT=""
# One start of the demo on a throwaway data directory records the classes a start uses into a class-data-sharing
# archive, which halves the start of every container (bench/startup). Recorded by this image's own JVM, as CDS needs.
RUN java -XX:ArchiveClassesAtExit=/opt/kubeward/kubeward.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
      -jar /opt/kubeward/kubeward.jar serve --port 0 --no-wait --demo --data-dir /tmp/cds-training >/dev/null 2>&1 \
 && rm -rf /tmp/cds-training /var/lib/kubeward/.kubeward
VOLUME ["/var/lib/kubeward", "/tmp"]
USER ${UID}:${UID}
EXPOSE 8080
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/opt/kubeward/kubeward.jsa", "-Xshare:auto", "-Xlog:cds=off", \
  "-Xlog:cds+dynamic=off", "-jar", "/opt/kubeward/kubeward.jar"]
CMD ["serve", "--port", "8080"]
