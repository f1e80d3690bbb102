package dev.kubeward.cli.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeward.cli.KubewardCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan commands as a user runs them: formats, exit codes, one-line errors. */
class ScanCommandsTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = KubewardCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private static Path alpine() {
    Path p = Path.of(System.getProperty("kubeward.shared.data", "../../shared/data"),
        "images/trivy/pkg/fanal/test/testdata/alpine-310.tar.gz");
    if (!Files.exists(p)) {
      System.err.println("shared data not found at " + p + "; skipping");
    }
    Assumptions.assumeTrue(Files.exists(p), "shared data not found at " + p + "; skipping");
    return p;
  }

  @Test
  void scanImageAsJsonListsPackagesOsDigestAndLayers() throws Exception {
    Run r = run("scan", "image", "docker-archive:" + alpine(), "--format", "json", "--cache-dir", tmp.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("os").path("ecosystem").asText()).isEqualTo("Alpine");
    assertThat(json.path("image").path("layers")).hasSize(1);
    assertThat(json.path("image").path("configDigest").asText()).startsWith("sha256:");
    assertThat(json.path("packages")).hasSize(14);
    JsonNode first = json.path("packages").get(0);
    assertThat(first.path("name").asText()).isEqualTo("alpine-baselayout");
    assertThat(first.path("purl").asText()).startsWith("pkg:apk/alpine/alpine-baselayout@3.1.2-r0");
    assertThat(first.path("ecosystem").asText()).isEqualTo("Alpine");
    assertThat(first.path("locations").get(0).asText()).isEqualTo("lib/apk/db/installed");
    assertThat(first.path("layer").asText()).startsWith("sha256:");
  }

  @Test
  void scanImageAsTableAndSboms() {
    Run table = run("scan", "image", "docker-archive:" + alpine(), "--cache-dir", tmp.toString());
    assertThat(table.out()).contains("os:       Alpine 3.10.4", "musl", "1.1.22-r3", "lib/apk/db/installed");
    Run cdx = run("scan", "image", "docker-archive:" + alpine(), "-f", "cyclonedx", "--cache-dir", tmp.toString());
    assertThat(cdx.out()).contains("\"specVersion\" : \"1.6\"", "pkg:apk/alpine/musl@1.1.22-r3");
    Run spdx = run("scan", "image", "docker-archive:" + alpine(), "-f", "spdx", "--cache-dir", tmp.toString());
    assertThat(spdx.out()).contains("\"spdxVersion\" : \"SPDX-2.3\"");
  }

  @Test
  void scanSbomReadsWhatScanImageWrote() throws Exception {
    Path bom = tmp.resolve("bom.json");
    assertThat(run("scan", "image", "docker-archive:" + alpine(), "-f", "cyclonedx", "-o", bom.toString(),
        "--cache-dir", tmp.toString()).code()).isZero();
    Run r = run("scan", "sbom", bom.toString(), "-f", "json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(new ObjectMapper().readTree(r.out()).path("packages")).hasSize(14);
  }

  @Test
  void scanFsAndRootfsReadFolders() throws Exception {
    Path root = tmp.resolve("root");
    Files.createDirectories(root.resolve("etc"));
    Files.createDirectories(root.resolve("lib/apk/db"));
    Files.createDirectories(root.resolve("app"));
    Files.writeString(root.resolve("etc/os-release"), "ID=alpine\nVERSION_ID=3.19.1\n");
    Files.writeString(root.resolve("lib/apk/db/installed"), "P:musl\nV:1.2.4-r2\nA:x86_64\n\n");
    Files.writeString(root.resolve("app/requirements.txt"), "flask==3.0.0\n");
    Run rootfs = run("scan", "rootfs", root.toString(), "-f", "json", "--cache-dir", tmp.resolve("c").toString());
    JsonNode r = new ObjectMapper().readTree(rootfs.out());
    assertThat(r.path("packages")).hasSize(1);
    assertThat(r.path("packages").get(0).path("purl").asText()).isEqualTo("pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.19.1");
    JsonNode fs = new ObjectMapper().readTree(run("scan", "fs", root.toString(), "-f", "json", "--cache-dir",
        tmp.resolve("c").toString()).out());
    assertThat(fs.path("packages")).hasSize(2);
  }

  @Test
  void badInputIsAOneLineErrorWithExitCode2() throws Exception {
    Run missing = run("scan", "image", "docker-archive:/nonexistent.tar", "--cache-dir", tmp.toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("docker-archive:/nonexistent.tar").hasLineCount(1);
    Path junk = tmp.resolve("junk.tar");
    Files.writeString(junk, "this is not a tar archive at all");
    Run bad = run("scan", "image", "docker-archive:" + junk, "--cache-dir", tmp.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("junk.tar");
    assertThat(run("scan", "image", "Not A Valid Ref!!", "--cache-dir", tmp.toString()).code()).isEqualTo(2);
    assertThat(run("scan", "image", "alpine", "--platform", "linux", "--cache-dir", tmp.toString()).err())
        .contains("os/arch");
    assertThat(run("scan", "fs", tmp.resolve("nope").toString()).code()).isEqualTo(2);
  }
}
