package dev.kubeward.advisories;

import dev.kubeward.model.Ecosystem;
import dev.kubeward.model.InstalledPackage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A small database of real records for output tests: two Bitnami ActiveMQ advisories (one in CISA's KEV catalogue,
 * one without a fix), a Kubernetes kubelet advisory, and one record written here that carries both a CVSS 3.1 and a
 * 4.0 vector and names a CVE that the shared EPSS sample scores. Files carry a fixed modification time and the
 * database is built and read with a fixed clock, so everything but the random build id is deterministic.
 */
final class SmallDatabase {
  static final Instant DATA_TIME = Instant.parse("2026-01-01T00:00:00Z");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-03T12:00:00Z"), ZoneOffset.UTC);

  private SmallDatabase() {}

  /** Builds the database in {@code tmp/db} and returns that folder. */
  static Path build(Path tmp) throws IOException {
    Path adv = SharedData.advisories();
    Path osv = Files.createDirectories(tmp.resolve("osv"));
    extract(adv.resolve("osv/Bitnami.zip"), "BIT-activemq-2023-46604.json", osv);
    extract(adv.resolve("osv/Bitnami.zip"), "BIT-activemq-2020-11998.json", osv);
    extract(adv.resolve("osv/Kubernetes.zip"), "CVE-2021-25741.json", osv);
    Files.writeString(osv.resolve("KW-TEST-2025-0001.json"), """
        {"schema_version": "1.6.0", "id": "KW-TEST-2025-0001", "aliases": ["CVE-1999-0005"],
         "published": "2025-03-01T10:00:00Z", "modified": "2025-03-02T11:30:00Z",
         "summary": "Sample library: buffer overflow in the parser",
         "severity": [
           {"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:N"},
           {"type": "CVSS_V4", "score": "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"}],
         "affected": [{"package": {"ecosystem": "npm", "name": "kw-sample-lib"},
           "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.4.2"},
                                                    {"introduced": "2.0.0"}, {"fixed": "2.1.0"}]}]}],
         "references": [{"type": "ADVISORY", "url": "https://example.org/advisories/KW-TEST-2025-0001"}]}
        """);
    Path kev = Files.copy(adv.resolve("kev/known_exploited_vulnerabilities.json"),
        tmp.resolve("known_exploited_vulnerabilities.json"), StandardCopyOption.REPLACE_EXISTING);
    Path epss = Files.copy(adv.resolve("formats/vunnel/epss/example-1.csv"), tmp.resolve("epss.csv"),
        StandardCopyOption.REPLACE_EXISTING);
    try (var files = Files.list(osv)) {
      for (Path f : files.toList()) {
        Files.setLastModifiedTime(f, FileTime.from(DATA_TIME));
      }
    }
    Files.setLastModifiedTime(kev, FileTime.from(DATA_TIME));
    Files.setLastModifiedTime(epss, FileTime.from(DATA_TIME));
    Path db = tmp.resolve("db");
    new AdvisoryDatabaseUpdater(db, Duration.ofDays(7), CLOCK).importFiles(List.of(osv, kev, epss));
    return db;
  }

  /** Installed packages that meet every record, plus two that cannot be decided. */
  static List<InstalledPackage> packages() {
    return List.of(
        pkg("activemq", "5.15.12", Ecosystem.BITNAMI, "pkg:bitnami/activemq@5.15.12"),
        pkg("k8s.io/kubelet", "v1.20.0", Ecosystem.KUBERNETES, ""),
        pkg("kw-sample-lib", "1.4.0", Ecosystem.NPM, "pkg:npm/kw-sample-lib@1.4.0"),
        pkg("activemq", "5.x-custom!", Ecosystem.BITNAMI, "pkg:bitnami/activemq@5.x-custom%21"),
        pkg("idna", "0.1.5", Ecosystem.CRATES_IO, "pkg:cargo/idna@0.1.5"));
  }

  static InstalledPackage pkg(String name, String version, Ecosystem e, String purl) {
    return new InstalledPackage(name, version, e, purl, "", "", List.of("app/lockfile"), "", List.of());
  }

  private static void extract(Path zip, String entry, Path dir) throws IOException {
    try (ZipFile z = new ZipFile(zip.toFile())) {
      ZipEntry e = z.getEntry(entry);
      try (InputStream in = z.getInputStream(e)) {
        Files.copy(in, dir.resolve(entry), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
