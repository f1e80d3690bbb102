package dev.kubeward.packages.internal.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.model.Ecosystem;
import dev.kubeward.packages.AnalyzerResult;
import dev.kubeward.packages.CandidateFile;
import dev.kubeward.packages.PackageAnalyzer;
import dev.kubeward.packages.SharedData;
import dev.kubeward.packages.TestInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Language analyzers against the lockfiles, archives and binaries in the shared data, and against broken input. */
class LanguageAnalyzersTest {
  private static final String P = "trivy/pkg/dependency/parser/";

  private static AnalyzerResult run(PackageAnalyzer a, String data, String virtualPath) throws IOException {
    TestInput input = TestInput.of(SharedData.pkgdb(P + data), virtualPath);
    assertThat(a.accepts(input.file())).as(a.name() + " accepts " + virtualPath).isTrue();
    return a.analyze(input);
  }

  private static List<String> nv(AnalyzerResult r) {
    return r.packages().stream().map(p -> p.name() + "@" + p.version()).sorted().toList();
  }

  @Test
  void npmLockfilesOfAllThreeVersionsAgree() throws IOException {
    AnalyzerResult v1 = run(new NpmLockAnalyzer(), "nodejs/npm/testdata/package-lock_v1.json", "app/package-lock.json");
    AnalyzerResult v2 = run(new NpmLockAnalyzer(), "nodejs/npm/testdata/package-lock_v2.json", "app/package-lock.json");
    AnalyzerResult v3 = run(new NpmLockAnalyzer(), "nodejs/npm/testdata/package-lock_v3.json", "app/package-lock.json");
    // 29 non-dev packages (counted with a separate script over the JSON).
    assertThat(nv(v1)).hasSize(29).contains("@babel/helper-string-parser@7.19.4", "asap@2.0.6", "body-parser@1.18.3");
    assertThat(nv(v2)).isEqualTo(nv(v1));
    assertThat(nv(v3)).isEqualTo(nv(v1));
    assertThat(v1.packages()).allMatch(p -> p.ecosystem() == Ecosystem.NPM);
    assertThat(v1.packages()).filteredOn(p -> p.name().equals("@babel/helper-string-parser"))
        .extracting(p -> p.purl()).containsExactly("pkg:npm/%40babel/helper-string-parser@7.19.4");
  }

  @Test
  void yarnClassicAndBerryLockfiles() throws IOException {
    AnalyzerResult classic = run(new YarnLockAnalyzer(), "nodejs/yarn/testdata/yarn_happy.lock", "app/yarn.lock");
    assertThat(nv(classic)).hasSize(18).contains("@babel/helper-regex@7.4.4", "ansi-regex@2.1.1", "ansi-regex@3.0.0");
    AnalyzerResult berry = run(new YarnLockAnalyzer(), "nodejs/yarn/testdata/yarn_v2_happy.lock", "app/yarn.lock");
    assertThat(nv(berry)).contains("@types/color-name@1.1.1", "abbrev@1.1.1", "ansi-styles@3.2.1")
        .noneMatch(s -> s.startsWith("__metadata"));
  }

  @Test
  void pnpmLockfilesFromVersion5To9() throws IOException {
    AnalyzerResult v5 = run(new PnpmLockAnalyzer(), "nodejs/pnpm/testdata/pnpm-lock_normal.yaml", "app/pnpm-lock.yaml");
    assertThat(nv(v5)).containsExactly("asap@2.0.6", "jquery@3.6.0", "promise@8.1.0");
    AnalyzerResult v9 = run(new PnpmLockAnalyzer(), "nodejs/pnpm/testdata/pnpm-lock_v9.yaml", "app/pnpm-lock.yaml");
    assertThat(nv(v9)).contains("@babel/helper-string-parser@7.24.1", "finalhandler@1.1.1")
        .noneMatch(s -> s.contains("tarball"));
  }

  @Test
  void installedNodeModulesPackageJson() throws IOException {
    NodeModulesAnalyzer a = new NodeModulesAnalyzer();
    assertThat(a.accepts(CandidateFile.of("app/node_modules/lodash/package.json", 1, false))).isTrue();
    assertThat(a.accepts(CandidateFile.of("app/node_modules/@types/node/package.json", 1, false))).isTrue();
    assertThat(a.accepts(CandidateFile.of("app/node_modules/lodash/fp/package.json", 1, false))).isFalse();
    assertThat(a.accepts(CandidateFile.of("app/package.json", 1, false))).isFalse();
    AnalyzerResult r = run(a, "nodejs/packagejson/testdata/package.json", "app/node_modules/x/package.json");
    assertThat(r.packages()).hasSize(1);
    assertThat(r.packages().get(0).purl()).startsWith("pkg:npm/");
  }

  @Test
  void pythonLockfilesAndMetadata() throws IOException {
    PythonLockAnalyzer lock = new PythonLockAnalyzer();
    assertThat(nv(run(lock, "python/poetry/testdata/poetry_v2_flask.lock", "app/poetry.lock")))
        .hasSize(15).contains("atomicwrites@1.4.1", "attrs@25.1.0", "click@8.1.8");
    assertThat(nv(run(lock, "python/pipenv/testdata/Pipfile_normal.lock", "app/Pipfile.lock")))
        .hasSize(6).contains("certifi@2019.3.9");
    AnalyzerResult uv = run(lock, "python/uv/testdata/uv_normal.lock", "app/uv.lock");
    assertThat(nv(uv)).contains("anyio@4.7.0", "certifi@2024.12.14", "charset-normalizer@3.4.0");
    assertThat(uv.packages()).filteredOn(p -> p.name().equals("charset-normalizer")).extracting(p -> p.purl())
        .containsExactly("pkg:pypi/charset-normalizer@3.4.0");
    assertThat(nv(run(lock, "python/pip/testdata/requirements_flask.txt", "app/requirements.txt")))
        .containsExactly("Flask@2.0.0", "Jinja2@3.0.0", "MarkupSafe@2.0.0", "Werkzeug@2.0.0", "click@8.0.0",
            "itsdangerous@2.0.0");
    assertThat(nv(run(lock, "python/pip/testdata/requirements_utf16le.txt", "app/requirements.txt"))).isNotEmpty();

    PythonMetadataAnalyzer meta = new PythonMetadataAnalyzer();
    assertThat(nv(run(meta, "python/packaging/testdata/distlib-0.3.1.METADATA",
        "usr/lib/python3/site-packages/distlib-0.3.1.dist-info/METADATA"))).containsExactly("distlib@0.3.1");
    assertThat(nv(run(meta, "python/packaging/testdata/setuptools-51.3.3-py3.8.egg-info.PKG-INFO",
        "usr/lib/python3/site-packages/setuptools-51.3.3-py3.8.egg-info/PKG-INFO"))).containsExactly("setuptools@51.3.3");
  }

  @Test
  void javaArchivesNestedShadedAndWar() throws IOException {
    JarAnalyzer jar = new JarAnalyzer();
    assertThat(nv(run(jar, "java/jar/testdata/maven.war", "app/maven.war"))).containsExactly(
        "com.cronutils:cron-utils@9.1.2", "com.example:web-app@1.0-SNAPSHOT",
        "com.fasterxml.jackson.core:jackson-annotations@2.9.10", "com.fasterxml.jackson.core:jackson-core@2.9.10",
        "com.fasterxml.jackson.core:jackson-databind@2.9.10.6", "org.apache.commons:commons-lang3@3.11",
        "org.glassfish:javax.el@3.0.0", "org.slf4j:slf4j-api@1.7.30");
    AnalyzerResult gradle = run(jar, "java/jar/testdata/gradle.war", "app/gradle.war");
    assertThat(nv(gradle)).contains("commons-dbcp:commons-dbcp@1.4", "commons-pool:commons-pool@1.6",
        "log4j:log4j@1.2.17", "org.apache.commons:commons-compress@1.19");
    assertThat(gradle.packages()).filteredOn(p -> p.name().equals("log4j:log4j")).extracting(p -> p.locations())
        .containsExactly(List.of("app/gradle.war!/WEB-INF/lib/log4j-1.2.17.jar"));
    assertThat(nv(run(jar, "java/jar/testdata/hadoop-shaded-guava-1.1.0-SNAPSHOT.jar", "app/lib/x.jar"))).containsExactly(
        "com.google.guava:failureaccess@1.0.1", "com.google.guava:guava@29.0-jre",
        "com.google.guava:listenablefuture@9999.0-empty-to-avoid-conflict-with-guava",
        "com.google.j2objc:j2objc-annotations@1.3", "org.apache.hadoop.thirdparty:hadoop-shaded-guava@1.1.0-SNAPSHOT");
    assertThat(nv(run(jar, "java/jar/testdata/nested.jar", "app/nested.jar")))
        .contains("test:nested@0.0.1", "test:nested2@0.0.2", "test:nested3@0.0.3");
    assertThat(run(jar, "java/jar/testdata/maven.war", "app/maven.war").packages().get(0).purl())
        .startsWith("pkg:maven/");
  }

  @Test
  void zipBombsAndJunkArchivesStopCleanly() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
      zip.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("META-INF/maven/a/b/pom.properties"));
      zip.write(new byte[2 << 20]); // a 2 MB "properties" file: refused, not loaded
    }
    AnalyzerResult r;
    try {
      r = new JarAnalyzer().analyze(TestInput.of(bytes.toByteArray(), "app/bomb.jar"));
      assertThat(r.packages()).isEmpty();
    } catch (IOException e) {
      assertThat(e.getMessage()).contains("larger than");
    }
    AnalyzerResult junk = new JarAnalyzer().analyze(TestInput.of("not a zip".getBytes(StandardCharsets.UTF_8), "a.jar"));
    assertThat(junk.packages()).isEmpty();
  }

  @Test
  void goBinariesOfOldAndNewBuildInfoFormats() throws IOException {
    GoBinaryAnalyzer go = new GoBinaryAnalyzer();
    // Go 1.15 pointer-format build info; the main module is "(devel)" and so not a version.
    AnalyzerResult old = run(go, "golang/binary/testdata/test.elf", "usr/local/bin/app");
    assertThat(nv(old)).containsExactly(
        "github.com/aquasecurity/go-pep440-version@v0.0.0-20210121094942-22b2f8951d46",
        "github.com/aquasecurity/go-version@v0.0.0-20210121072130-637058cfe492",
        "golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1",
        "stdlib@v1.15.2");
    assertThat(old.packages()).allMatch(p -> p.ecosystem() == Ecosystem.GO);
    AnalyzerResult ldflags = run(go, "golang/binary/testdata/main-version-via-ldflags.elf", "usr/local/bin/app");
    assertThat(nv(ldflags)).anyMatch(s -> s.startsWith("stdlib@v1."));
    AnalyzerResult dummy = go.analyze(TestInput.of(SharedData.pkgdb(P + "golang/binary/testdata/dummy"), "bin/dummy"));
    assertThat(dummy.packages()).isEmpty();
  }

  @Test
  void goModAppliesReplacements() throws IOException {
    AnalyzerResult r = run(new GoModAnalyzer(), "golang/mod/testdata/normal/go.mod", "src/go.mod");
    assertThat(nv(r)).containsExactly(
        "github.com/aquasecurity/go-version@v0.0.0-20240603093900-cf8a8d29271d",
        "github.com/davecgh/go-spew@v1.1.2-0.20180830191138-d8f796af33cc",
        "github.com/pmezard/go-difflib@v1.0.1-0.20181226105442-5d4384ee4fb2",
        "github.com/stretchr/testify@v1.9.0",
        "golang.org/x/xerrors@v0.0.0-20231012003039-104605ab7028");
    assertThat(r.packages().get(0).purl()).startsWith("pkg:golang/github.com/aquasecurity/go-version@");
    AnalyzerResult local = run(new GoModAnalyzer(), "golang/mod/testdata/replaced-with-local-path/go.mod", "src/go.mod");
    assertThat(nv(local)).noneMatch(s -> s.startsWith("golang.org/x/xerrors"));
  }

  @Test
  void rustCargoLockAndAuditableBinary() throws IOException {
    assertThat(run(new CargoLockAnalyzer(), "rust/cargo/testdata/cargo_normal.lock", "src/Cargo.lock").packages())
        .hasSize(7).allMatch(p -> p.purl().startsWith("pkg:cargo/"));
    AnalyzerResult bin = run(new RustBinaryAnalyzer(), "rust/binary/testdata/test.elf", "usr/local/bin/app");
    // The binary's .dep-v0 lists its root crate and one library crate.
    assertThat(nv(bin)).containsExactly("library_crate@0.1.0");
    assertThat(bin.packages().get(0).purl()).isEqualTo("pkg:cargo/library_crate@0.1.0");
    assertThatThrownBy(() -> run(new CargoLockAnalyzer(), "rust/cargo/testdata/cargo_invalid.lock", "src/Cargo.lock"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void rubyGemspecsAndGemfileLock() throws IOException {
    assertThat(nv(run(new RubyAnalyzer(), "ruby/gemspec/testdata/normal00.gemspec",
        "usr/lib/ruby/gems/3.0.0/specifications/rake-13.0.3.gemspec"))).containsExactly("rake@13.0.3");
    assertThat(nv(run(new RubyAnalyzer(), "ruby/bundler/testdata/Gemfile_normal.lock", "app/Gemfile.lock")))
        .contains("coderay@1.1.2", "concurrent-ruby@1.1.5", "pry@0.12.2");
  }

  @Test
  void dotnetDepsAndLockfiles() throws IOException {
    assertThat(nv(run(new DotnetAnalyzer(), "dotnet/core_deps/testdata/happy.deps.json", "app/app.deps.json")))
        .containsExactly("Newtonsoft.Json@13.0.1");
    assertThat(nv(run(new DotnetAnalyzer(), "nuget/lock/testdata/packages_lock_simple.json", "app/packages.lock.json")))
        .containsExactly("Newtonsoft.Json@12.0.3", "NuGet.Frameworks@5.7.0");
    assertThatThrownBy(() -> run(new DotnetAnalyzer(), "dotnet/core_deps/testdata/invalid.deps.json", "app/x.deps.json"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void composerLock() throws IOException {
    AnalyzerResult r = run(new ComposerAnalyzer(), "php/composer/testdata/composer_happy.lock", "app/composer.lock");
    assertThat(r.packages()).hasSize(8);
    assertThat(nv(r)).contains("guzzlehttp/guzzle@6.5.8", "guzzlehttp/promises@1.5.2");
    assertThat(r.packages()).filteredOn(p -> p.name().equals("guzzlehttp/guzzle")).extracting(p -> p.purl())
        .containsExactly("pkg:composer/guzzlehttp/guzzle@6.5.8");
  }

  @Test
  void malformedLockfilesFailWithAnException() {
    for (String bad : List.of("{\"packages\": ", "\u0000\u0001garbage", "[1,2,")) {
      assertThatThrownBy(() -> new NpmLockAnalyzer().analyze(
          TestInput.of(bad.getBytes(StandardCharsets.UTF_8), "app/package-lock.json"))).isInstanceOf(IOException.class);
    }
    assertThatThrownBy(() -> new PnpmLockAnalyzer().analyze(TestInput.of(
        "a: &x [*x, *x, *x]\nb: [".getBytes(StandardCharsets.UTF_8), "pnpm-lock.yaml"))).isInstanceOf(IOException.class);
  }
}
