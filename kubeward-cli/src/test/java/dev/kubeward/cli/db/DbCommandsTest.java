package dev.kubeward.cli.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubeward.cli.ExitCodes;
import dev.kubeward.cli.KubewardCli;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code db} commands and {@code version compare}, through the real command line. */
class DbCommandsTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = KubewardCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  static Path advisories() {
    Path dir = Path.of(System.getProperty("kubeward.shared.data", "../../shared/data")).resolve("advisories");
    if (!Files.isDirectory(dir)) {
      System.err.println("shared data not found at " + dir + "; skipping");
      assumeTrue(false, "shared data not found at " + dir + "; skipping");
    }
    return dir;
  }

  @Test
  void importStatusAndBundle() {
    Path adv = advisories();
    Path db = tmp.resolve("db");
    Run missing = run("db", "status", "--db", db.toString());
    assertThat(missing.code()).isEqualTo(ExitCodes.OK);
    assertThat(missing.out()).contains("State:        missing").contains("kubeward db update");

    Run imported = run("db", "import", "--db", db.toString(), adv.resolve("osv/Kubernetes.zip").toString(),
        adv.resolve("kev/known_exploited_vulnerabilities.json").toString());
    assertThat(imported.code()).as(imported.err()).isEqualTo(ExitCodes.OK);
    assertThat(imported.out()).contains("47 advisories", "1404 KEV entries", "0 malformed");

    Run status = run("db", "status", "--db", db.toString(), "--max-age", "30d");
    assertThat(status.out()).contains("State:        fresh", "kubernetes", "KEV entries:  1404",
        "import/Kubernetes.zip");

    Path bundle = tmp.resolve("bundle.zip");
    assertThat(run("db", "bundle", "--db", db.toString(), bundle.toString()).code()).isEqualTo(ExitCodes.OK);
    Run fromBundle = run("db", "import", "--db", tmp.resolve("other").toString(), bundle.toString());
    assertThat(fromBundle.code()).isEqualTo(ExitCodes.OK);
    assertThat(fromBundle.out()).contains("47 advisories");
  }

  @Test
  void badInputIsAOneLineUsageError() throws Exception {
    Path junk = Files.writeString(tmp.resolve("junk.txt"), "nothing here");
    Run r = run("db", "import", "--db", tmp.resolve("db").toString(), junk.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("junk.txt").contains("not a known advisory file");
    assertThat(run("db", "status", "--max-age", "soon").code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void versionCompareReadsPairsFromStandardInput() {
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream("1.0~rc1 1.0\n2:1.0 1:9\n1.0 1.0-0\n1.0 bad!version\n"
          .getBytes(StandardCharsets.UTF_8)));
      Run r = run("version", "compare", "--ecosystem", "Debian");
      assertThat(r.out().lines().toList()).containsExactly("-1", "1", "0",
          "invalid: 'bad!version' is not a valid dpkg version: character '!' is not allowed");
      assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
      System.setIn(new ByteArrayInputStream("1.0a1 1.0\n".getBytes(StandardCharsets.UTF_8)));
      assertThat(run("version", "compare", "-e", "pep440").out()).isEqualTo("-1" + System.lineSeparator());
      assertThat(run("version", "compare", "-e", "cobol").code()).isEqualTo(ExitCodes.USAGE);
    } finally {
      System.setIn(stdin);
    }
    assertThat(run("version").out()).startsWith("kubeward ");
  }
}
