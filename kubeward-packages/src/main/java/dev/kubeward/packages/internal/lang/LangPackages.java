package dev.kubeward.packages.internal.lang;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kubeward.model.Ecosystem;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.packages.AnalyzerInput;
import dev.kubeward.packages.internal.Purls;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.LoaderOptions;

/** Shared helpers of the language analyzers: parsers with sane limits, and package construction with purls. */
final class LangPackages {
  /** Lockfiles beyond this are refused (the biggest real ones are a few MB). */
  static final long MAX_LOCKFILE = 64L << 20;

  static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, false);
  static final ObjectMapper YAML;
  static final ObjectMapper TOML = new TomlMapper();

  static {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(100);
    options.setCodePointLimit((int) MAX_LOCKFILE);
    options.setAllowDuplicateKeys(true);
    YAML = new YAMLMapper(YAMLFactory.builder().loaderOptions(options).build());
  }

  private LangPackages() {}

  static JsonNode json(AnalyzerInput in) throws IOException {
    return parse(JSON, in);
  }

  static JsonNode yaml(AnalyzerInput in) throws IOException {
    return parse(YAML, in);
  }

  static JsonNode toml(AnalyzerInput in) throws IOException {
    return parse(TOML, in);
  }

  private static JsonNode parse(ObjectMapper mapper, AnalyzerInput in) throws IOException {
    byte[] data = in.readAll(MAX_LOCKFILE);
    JsonNode n = mapper.readTree(data);
    if (n == null || n.isMissingNode()) {
      throw new IOException("empty document");
    }
    return n;
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    return v == null || v.isNull() || v.isContainerNode() ? "" : v.asText();
  }

  static InstalledPackage npm(String name, String version) {
    String ns = null;
    String n = name;
    if (name.startsWith("@") && name.contains("/")) {
      ns = name.substring(0, name.indexOf('/'));
      n = name.substring(name.indexOf('/') + 1);
    }
    return pkg(name, version, Ecosystem.NPM, Purls.of("npm", ns, n, version), List.of());
  }

  static String pep503(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
  }

  static InstalledPackage pypi(String name, String version, List<String> licenses) {
    return pkg(name, version, Ecosystem.PYPI, Purls.of("pypi", null, pep503(name), version), licenses);
  }

  static InstalledPackage maven(String group, String artifact, String version, String location) {
    InstalledPackage p = pkg(group + ":" + artifact, version, Ecosystem.MAVEN,
        Purls.of("maven", group, artifact, version), List.of());
    return location == null ? p : new InstalledPackage(p.name(), p.version(), p.ecosystem(), p.purl(), "", "",
        List.of(location), "", List.of());
  }

  static InstalledPackage go(String module, String version) {
    int slash = module.lastIndexOf('/');
    String ns = slash > 0 ? module.substring(0, slash) : null;
    String n = slash > 0 ? module.substring(slash + 1) : module;
    return pkg(module, version, Ecosystem.GO, Purls.of("golang", ns, n, version), List.of());
  }

  static InstalledPackage cargo(String name, String version) {
    return pkg(name, version, Ecosystem.CRATES_IO, Purls.of("cargo", null, name, version), List.of());
  }

  static InstalledPackage gem(String name, String version, List<String> licenses) {
    return pkg(name, version, Ecosystem.RUBYGEMS, Purls.of("gem", null, name, version), licenses);
  }

  static InstalledPackage nuget(String name, String version) {
    return pkg(name, version, Ecosystem.NUGET, Purls.of("nuget", null, name, version), List.of());
  }

  static InstalledPackage composer(String name, String version, List<String> licenses) {
    int slash = name.indexOf('/');
    String ns = slash > 0 ? name.substring(0, slash) : null;
    String n = slash > 0 ? name.substring(slash + 1) : name;
    return pkg(name, version, Ecosystem.PACKAGIST, Purls.of("composer", ns, n, version), licenses);
  }

  private static InstalledPackage pkg(String name, String version, Ecosystem e, String purl, List<String> licenses) {
    return new InstalledPackage(name, version, e, purl, "", "", List.of(), "", licenses);
  }

  /** Base class for analyzers that accept files by exact name. */
  abstract static class ByName implements dev.kubeward.packages.PackageAnalyzer {
    @Override
    public long maxFileSize() {
      return MAX_LOCKFILE;
    }
  }
}
