package dev.kubeward.server.config;

import dev.kubeward.server.settings.SettingDefinition;
import dev.kubeward.server.settings.SettingsContributor;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * Generates docs/CONFIGURATION.md from the code, so the reference cannot drift: every setting declared by a
 * {@link SettingsContributor}, every {@code kubeward.*} property (from {@link ConfigurationProperties} records,
 * with defaults as Spring binds them, and from {@code ${kubeward...}} placeholders in the sources), every
 * {@code KUBEWARD_*} environment variable read directly, and the Spring Boot properties Kubeward sets.
 */
final class ConfigurationReference {
  static final String BASE_PACKAGE = "dev.kubeward.server";
  private static final Pattern PARAM = Pattern.compile("@param\\s+(\\w+)\\s+(.+?)(?=\\n\\s*\\*\\s*@|\\n\\s*\\*/)",
      Pattern.DOTALL);
  private static final Pattern GETENV = Pattern.compile("getenv\\(\"(KUBEWARD_[A-Z0-9_]+)\"\\)");

  /** What the environment variables read directly (not through Spring) do. */
  static final Map<String, String> ENV_DESCRIPTIONS = Map.ofEntries(
      Map.entry("KUBEWARD_DB_URL", "PostgreSQL JDBC URL for `serve` (same as `--db-url`); unset: embedded H2 in the data folder."),
      Map.entry("KUBEWARD_DB_USER", "Database user for an external PostgreSQL."),
      Map.entry("KUBEWARD_DB_PASSWORD", "Database password for an external PostgreSQL (never written anywhere by Kubeward)."),
      Map.entry("KUBEWARD_DB_DIR", "Folder of the vulnerability (advisory) database; default `~/.kubeward/db`."),
      Map.entry("KUBEWARD_DB_MIRROR", "Base URL of an advisory mirror for `kubeward db update` (same as `--mirror`)."),
      Map.entry("KUBEWARD_TOKEN", "API token for CLI commands that call a server (e.g. `kubeward runtime test-alert`)."),
      Map.entry("KUBEWARD_DEBUG", "Any value: the CLI prints stack traces of internal errors."),
      Map.entry("KUBEWARD_LOG_FORMAT", "Console log format of the server: `text` (default), or JSON lines as `ecs`, `logstash` or `gelf`."),
      Map.entry("KUBEWARD_ADMIN_PASSWORD", "Password of the `admin` account created at first start; unset: a random one is printed once."));

  /** What the {@code ${kubeward...}} placeholders do. */
  static final Map<String, String> PLACEHOLDER_DESCRIPTIONS = Map.ofEntries(
      Map.entry("kubeward.advisories.max-age", "Age after which the vulnerability database counts as stale (results then carry a warning)."),
      Map.entry("kubeward.compliance.kubelet-check-interval", "How often clusters are checked for a due kubelet configz round (setting changed, or the interval passed)."),
      Map.entry("kubeward.compliance.kubelet-interval", "How often each node's kubelet configz is read again when compliance.kubeletConfig is on."),
      Map.entry("kubeward.compliance.report-initial-delay", "Delay before the first compliance report after start."),
      Map.entry("kubeward.compliance.report-interval", "How often clusters whose compliance changed are reported."),
      Map.entry("kubeward.compliance.snapshot-cron", "When the daily compliance snapshot (trend) is taken (Spring cron, UTC)."),
      Map.entry("kubeward.registry.docker-config", "A docker `config.json` with registry credentials for image scans; empty: none beyond pull secrets."),
      Map.entry("kubeward.registry.layer-cache", "Folder of the image layer cache."),
      Map.entry("kubeward.registry.layer-cache-max-bytes", "Size cap of the layer cache (least recently used layers go first)."),
      Map.entry("kubeward.risk.weights-file", "A YAML file replacing the risk engine's built-in weights; empty: built-in."),
      Map.entry("kubeward.admission.verdict-cache-ttl", "How long an image digest's admission verdict (scanned, Critical with a fix, KEV) is reused per cluster."),
      Map.entry("kubeward.jobs.retention", "How long done and dead jobs are kept in the queue table before they are deleted."),
      Map.entry("kubeward.jobs.retention-interval", "How often finished jobs past the retention are deleted."),
      Map.entry("kubeward.role", "`server` or `worker` (set by `kubeward worker`): which background work this process runs."),
      Map.entry("kubeward.vulnerability.tick", "How often running images are compared with stored scans and new digests queued."),
      Map.entry("kubeward.vulnerability.not-scannable-retry", "How long an image stays \"not scannable\" (no access to its registry, pull secret not readable) before it is tried again; a change of its pods' pull secrets or of vulnerability.usePullSecrets retries it at once."),
      Map.entry("kubeward.advisories.dir", "Folder of the vulnerability database the server reads; empty: `KUBEWARD_DB_DIR` or `~/.kubeward/db`."),
      Map.entry("kubeward.api.max-body-bytes", "Largest request body the API accepts (413 above)."),
      Map.entry("kubeward.data-dir", "The server's data folder (set by `serve --data-dir`)."),
      Map.entry("kubeward.demo", "Load the demo workspace at start (set by `serve --demo`)."),
      Map.entry("kubeward.findings.exception-expiry-interval", "How often expired exceptions are lifted."),
      Map.entry("kubeward.health.migrations-cache", "How long a passed \"migrations applied\" readiness check is reused."),
      Map.entry("kubeward.inventory.live-start-timeout", "How long a live cluster's first list may take before it counts as failed."),
      Map.entry("kubeward.inventory.reconcile-interval", "How often cluster sources are checked for changes (new, removed, failed clusters)."),
      Map.entry("kubeward.inventory.sync-interval", "Time between full inventory syncs of a cluster (a cluster-sync job: re-list, posture and compliance evaluation, full reports), run by any server or worker; 0 turns periodic syncs off."),
      Map.entry("kubeward.inventory.sync-check-interval", "How often each server checks that every connected cluster has its next sync queued."),
      Map.entry("kubeward.inventory.sync-superseded-retry", "When a server's live watch wrote a cluster's findings during a sync, the sync writes nothing and the next one is queued this much later."),
      Map.entry("kubeward.notify.digest-cron", "When the weekly digest goes out (Spring cron, UTC)."),
      Map.entry("kubeward.notify.poll-interval", "How often the notification outbox is checked for due messages."),
      Map.entry("kubeward.posture.reconcile-interval", "How often changed rule parameters trigger a re-evaluation."),
      Map.entry("kubeward.sources.allowed-roots", "Folders (comma-separated) under which kubeconfig and manifest paths of cluster sources must lie."));

  private final Path root;

  ConfigurationReference(Path root) {
    this.root = root;
  }

  String render() throws Exception {
    StringBuilder md = new StringBuilder();
    md.append("""
        # Configuration reference

        Generated from the code by `ConfigurationReferenceTest` (kubeward-server); do not edit. Regenerate with
        `mvn -pl kubeward-server -am test -Dtest=ConfigurationReferenceTest -Dgolden.update=true`; the test fails
        when this file is stale.

        Kubeward is configured in three places:

        1. **Settings** — per workspace, overridable per cluster, changed in the dashboard or through
           `PUT /api/v1/workspaces/{id}/settings` and `/clusters/{id}/settings` (securityAdmin); stored in the database.
        2. **Server properties** — `kubeward.*` Spring properties of the process: command-line `--name=value`,
           `application.properties` next to the jar, or environment variables with Spring's relaxed names
           (`kubeward.jobs.runner.concurrency` = `KUBEWARD_JOBS_RUNNER_CONCURRENCY`). Secrets belong here (or in
           `...-file` properties), never in settings.
        3. **Environment variables** read directly by the CLI and the server at start.

        """);
    settings(md);
    properties(md);
    environment(md);
    springProperties(md);
    return md.toString();
  }

  private void settings(StringBuilder md) throws Exception {
    List<SettingDefinition> all = new ArrayList<>();
    for (Class<?> type : classes(new AssignableTypeFilter(SettingsContributor.class))) {
      if (type.isInterface() || java.lang.reflect.Modifier.isAbstract(type.getModifiers())) {
        continue;
      }
      SettingsContributor c;
      try {
        c = (SettingsContributor) type.getDeclaredConstructor().newInstance();
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(type.getName() + " has no no-argument constructor: the configuration"
            + " reference instantiates SettingsContributors on their own (declare settings without dependencies)");
      }
      all.addAll(c.settings());
    }
    all.sort(Comparator.comparing(SettingDefinition::key));
    List<SettingDefinition> ruleParams = all.stream().filter(d -> d.key().startsWith("misconfigurations.")).toList();
    md.append("## Settings (workspace and cluster)\n\n| setting | type | default | allowed | description |\n|---|---|---|---|---|\n");
    for (SettingDefinition d : all) {
      if (!ruleParams.contains(d)) {
        md.append(row(d));
      }
    }
    if (!ruleParams.isEmpty()) {
      md.append("\n### Misconfiguration rule parameters\n\n| setting | type | default | description |\n|---|---|---|---|\n");
      for (SettingDefinition d : ruleParams) {
        md.append("| `").append(d.key()).append("` | ").append(type(d)).append(" | ").append(value(d.defaultValue()))
            .append(" | ").append(cell(d.description())).append(" |\n");
      }
    }
    md.append('\n');
  }

  private static String row(SettingDefinition d) {
    String allowed = switch (d.type()) {
      case INTEGER -> d.min() + " – " + d.max();
      default -> d.allowedValues().isEmpty() ? "" : d.allowedValues().stream().map(v -> "`" + v + "`")
          .collect(Collectors.joining(", "));
    };
    return "| `" + d.key() + "` | " + type(d) + " | " + value(d.defaultValue()) + " | " + allowed + " | "
        + cell(d.description()) + " |\n";
  }

  private static String type(SettingDefinition d) {
    return d.type().name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  private void properties(StringBuilder md) throws Exception {
    Map<String, String[]> rows = new TreeMap<>();
    Binder binder = new Binder(new MapConfigurationPropertySource());
    for (Class<?> type : classes(new AnnotationTypeFilter(ConfigurationProperties.class))) {
      ConfigurationProperties cp = type.getAnnotation(ConfigurationProperties.class);
      String prefix = cp.prefix().isEmpty() ? cp.value() : cp.prefix();
      Object bound = binder.bindOrCreate(prefix, Bindable.of(type));
      record(rows, prefix, type, bound);
    }
    for (Map.Entry<String, String> p : placeholders().entrySet()) {
      rows.putIfAbsent(p.getKey(), new String[] {p.getValue(),
          PLACEHOLDER_DESCRIPTIONS.getOrDefault(p.getKey(), "(undocumented: describe it in ConfigurationReference)")});
    }
    md.append("## Server properties (`kubeward.*`)\n\n| property | environment variable | default | description |\n|---|---|---|---|\n");
    rows.forEach((k, v) -> md.append("| `").append(k).append("` | `").append(envName(k)).append("` | ")
        .append(v[0].isEmpty() ? "" : "`" + v[0].replace("|", "\\|") + "`").append(" | ").append(cell(v[1])).append(" |\n"));
    md.append('\n');
  }


  /** One row per leaf of a bound {@code @ConfigurationProperties} record, recursing into nested records. */
  private void record(Map<String, String[]> rows, String prefix, Class<?> type, Object value) throws Exception {
    Map<String, String> docs = paramDocs(type);
    for (RecordComponent c : type.getRecordComponents()) {
      Object v = value == null ? null : c.getAccessor().invoke(value);
      String key = prefix + "." + kebab(c.getName());
      if (c.getType().isRecord()) {
        record(rows, key, c.getType(), v);
      } else {
        Object shown = v instanceof Optional<?> o ? o.orElse(null) : v;
        rows.put(key, new String[] {shown == null ? "" : String.valueOf(shown), docs.getOrDefault(c.getName(), "")});
      }
    }
  }

  /** {@code @param} lines of a type's doc comment, read from its source file. */
  private Map<String, String> paramDocs(Class<?> type) throws IOException {
    Class<?> top = type;
    while (top.getEnclosingClass() != null) {
      top = top.getEnclosingClass();
    }
    Path source = root.resolve("kubeward-server/src/main/java").resolve(top.getName().replace('.', '/') + ".java");
    if (!Files.exists(source)) {
      return Map.of();
    }
    String text = Files.readString(source);
    // The doc comment right before this (possibly nested) type's declaration.
    int decl = text.indexOf(" " + type.getSimpleName() + "(");
    int start = decl < 0 ? -1 : text.lastIndexOf("/**", decl);
    if (start < 0) {
      return Map.of();
    }
    String doc = text.substring(start, text.indexOf("*/", start) + 2);
    Map<String, String> out = new TreeMap<>();
    Matcher m = PARAM.matcher(doc);
    while (m.find()) {
      out.put(m.group(1), m.group(2).replaceAll("\\s*\\n\\s*\\*\\s*", " ").trim());
    }
    return out;
  }

  /** {@code ${kubeward.x:default}} placeholders in the main sources of every module, with their defaults. */
  private Map<String, String> placeholders() throws IOException {
    Map<String, String> out = new TreeMap<>();
    for (Path file : mainSources()) {
      String text = Files.readString(file);
      int i = 0;
      while ((i = text.indexOf("${kubeward.", i)) >= 0) {
        int end = matchingBrace(text, i + 1);
        String body = text.substring(i + 2, end);
        int colon = body.indexOf(':');
        String key = colon < 0 ? body : body.substring(0, colon);
        String def = colon < 0 ? "" : body.substring(colon + 1);
        out.putIfAbsent(key, def);
        i = i + 2;
      }
    }
    return out;
  }

  private static int matchingBrace(String text, int open) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '{') {
        depth++;
      } else if (ch == '}' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalStateException("unbalanced placeholder at " + open);
  }

  private void environment(StringBuilder md) throws IOException {
    Map<String, String> vars = new TreeMap<>();
    for (Path file : mainSources()) {
      Matcher m = GETENV.matcher(Files.readString(file));
      while (m.find()) {
        vars.put(m.group(1), ENV_DESCRIPTIONS.getOrDefault(m.group(1), "(undocumented: describe it in ConfigurationReference)"));
      }
    }
    // Read through Spring by name rather than getenv.
    vars.put("KUBEWARD_ADMIN_PASSWORD", ENV_DESCRIPTIONS.get("KUBEWARD_ADMIN_PASSWORD"));
    md.append("## Environment variables read directly\n\n| variable | description |\n|---|---|\n");
    vars.forEach((k, v) -> md.append("| `").append(k).append("` | ").append(cell(v)).append(" |\n"));
    md.append('\n');
  }

  private void springProperties(StringBuilder md) throws IOException {
    Properties p = new Properties();
    try (var in = Files.newInputStream(root.resolve("kubeward-server/src/main/resources/application.properties"))) {
      p.load(in);
    }
    md.append("""
        ## Spring Boot properties Kubeward sets

        Defaults from `application.properties`; any of them can be overridden like the properties above (e.g.
        `MANAGEMENT_SERVER_PORT=9090` moves health and metrics to a port of their own, as the Helm chart does).

        | property | value |
        |---|---|
        """);
    new TreeMap<>(p).forEach((k, v) -> md.append("| `").append(k).append("` | `").append(String.valueOf(v)
        .replace("|", "\\|")).append("` |\n"));
  }

  private List<Class<?>> classes(org.springframework.core.type.filter.TypeFilter filter) throws Exception {
    ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
      @Override
      protected boolean isCandidateComponent(org.springframework.beans.factory.annotation.AnnotatedBeanDefinition d) {
        return d.getMetadata().isIndependent();
      }
    };
    scanner.addIncludeFilter(filter);
    List<Class<?>> out = new ArrayList<>();
    for (BeanDefinition d : scanner.findCandidateComponents(BASE_PACKAGE)) {
      Class<?> c = Class.forName(d.getBeanClassName());
      // Main code only: test classes are on the class path too.
      if (c.getProtectionDomain().getCodeSource().getLocation().getPath().contains("test-classes")) {
        continue;
      }
      out.add(c);
    }
    out.sort(Comparator.comparing(Class::getName));
    return out;
  }

  private List<Path> mainSources() throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.filter(m -> m.getFileName().toString().startsWith("kubeward-")).sorted().toList()) {
        Path src = module.resolve("src/main/java");
        if (Files.isDirectory(src)) {
          try (Stream<Path> files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(out::add);
          }
        }
      }
    }
    return out;
  }

  static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /** Spring's relaxed environment-variable name of a property. */
  static String envName(String property) {
    return property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
  }

  private static String value(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof List<?> l) {
      return l.isEmpty() ? "`[]`" : l.stream().map(x -> "`" + x + "`").collect(Collectors.joining(", "));
    }
    return "`" + v + "`";
  }

  private static String cell(String s) {
    return s == null ? "" : s.replaceAll("\\{@(?:code|link) ([^}]*)}", "`$1`").replace("|", "\\|").replace("\n", " ");
  }
}
