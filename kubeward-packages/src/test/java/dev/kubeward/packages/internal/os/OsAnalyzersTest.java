package dev.kubeward.packages.internal.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.model.Ecosystem;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.model.OsRelease;
import dev.kubeward.packages.AnalyzerResult;
import dev.kubeward.packages.CandidateFile;
import dev.kubeward.packages.SharedData;
import dev.kubeward.packages.TestInput;
import dev.kubeward.packages.Txtar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OS analyzers against real package databases from the shared data, and against broken ones. */
class OsAnalyzersTest {
  @TempDir Path tmp;

  private static List<String> nameVersion(AnalyzerResult r) {
    return r.packages().stream().map(p -> p.name() + " " + p.version()).sorted().toList();
  }

  private static InstalledPackage find(AnalyzerResult r, String name) {
    return r.packages().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  // Listed by Debian's rpm 4.18 (`rpm --dbpath ... -qa`) from the same database, independently of our reader.
  static final String MARINER_NAMES = "audit audit-libs bash bzip2 bzip2-libs ca-certificates-base "
      + "ca-certificates-shared ca-certificates-tools chkconfig core-packages-container coreutils cpio cracklib "
      + "cryptsetup-libs curl curl-libs debugedit device-mapper-libs e2fsprogs e2fsprogs-libs elfutils "
      + "elfutils-default-yama-scope elfutils-devel elfutils-libelf elfutils-libelf-devel expat expat-libs file-libs "
      + "filesystem findutils gawk gdbm glib glibc gmp gnupg2 gpgme grep gzip json-c kmod krb5 libarchive libassuan "
      + "libcap libcap-ng libffi libgcc libgcrypt libgomp libgpg-error libksba libpkgconf libselinux libselinux-devel "
      + "libsemanage libsepol libsepol-devel libsolv libssh2 libstdc++ libtasn1 libtool lua lua-libs lz4 "
      + "mariner-release mariner-repos-extended-preview mariner-repos-extras-preview mariner-repos-microsoft-preview "
      + "mariner-repos-preview mariner-repos-shared mariner-rpm-macros mpfr ncurses ncurses-libs net-tools newt npth "
      + "nspr nss-libs openldap openssl openssl-libs p11-kit p11-kit-trust pam pcre pcre-devel pcre-libs pinentry "
      + "pkgconf pkgconf-m4 pkgconf-pkg-config popt popt-devel python3 python3-libs readline rpm rpm-build "
      + "rpm-build-libs rpm-devel rpm-libs sed shadow-utils slang sqlite sqlite-libs sudo systemd "
      + "systemd-rpm-macros tar tdnf tdnf-cli-libs tdnf-plugin-repogpgcheck unzip util-linux util-linux-devel vim "
      + "wget xz xz-devel xz-libs zlib zlib-devel zstd zstd-devel zstd-libs";

  @Test
  void rpmSqliteDatabaseListsEveryPackageWithSourceRpm() throws IOException {
    Path db = SharedData.pkgdb("go-rpmdb/pkg/testdata/cbl-mariner-2.0/rpmdb.sqlite");
    AnalyzerResult r = new RpmAnalyzer().analyze(TestInput.of(db, "var/lib/rpm/rpmdb.sqlite"));

    assertThat(r.packages()).hasSize(129);
    assertThat(r.packages().stream().map(InstalledPackage::name).sorted().distinct().toList())
        .containsExactlyElementsOf(Arrays.stream(MARINER_NAMES.split(" ")).sorted().toList());
    InstalledPackage glibc = find(r, "glibc");
    assertThat(glibc.version()).isEqualTo("2.34-2.cm2");
    assertThat(glibc.sourceName()).isEqualTo("glibc");
    assertThat(glibc.purl()).startsWith("pkg:rpm/redhat/glibc@2.34-2.cm2?arch=x86_64");
    assertThat(find(r, "openssl-libs").sourceName()).isEqualTo("openssl");
    assertThat(find(r, "curl").version()).isEqualTo("7.76.0-6.cm2");
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void rpmBerkeleyDatabasesAreReadWithoutBerkeleyDb() throws IOException {
    AnalyzerResult libuuid = new RpmAnalyzer().analyze(
        TestInput.of(SharedData.pkgdb("go-rpmdb/pkg/testdata/libuuid/Packages"), "var/lib/rpm/Packages"));
    assertThat(nameVersion(libuuid)).containsExactly("libuuid 2.32.1-42.el8_8");
    assertThat(find(libuuid, "libuuid").sourceName()).isEqualTo("util-linux");

    AnalyzerResult dive = new RpmAnalyzer().analyze(
        TestInput.of(SharedData.pkgdb("syft/syft/pkg/cataloger/redhat/testdata/Packages"), "var/lib/rpm/Packages"));
    assertThat(nameVersion(dive)).containsExactly("dive 0.9.2-1");
  }

  @Test
  void rpmNdbDatabaseOfSuseIsRead() throws IOException {
    AnalyzerResult r = new RpmAnalyzer().analyze(
        TestInput.of(SharedData.pkgdb("go-rpmdb/pkg/testdata/sle15-bci/Packages.db"), "usr/lib/sysimage/rpm/Packages.db"));

    assertThat(r.warnings()).isEmpty();
    // 35 package blobs ("BlbS" records) are in the file.
    assertThat(r.packages()).hasSize(35);
    assertThat(r.packages()).allSatisfy(p -> assertThat(p.purl()).startsWith("pkg:rpm/redhat/"));
    assertThat(nameVersion(r)).contains("bash 4.4-19.6.1", "glibc 2.31-9.3.2", "libstdc++6 11.2.1+git610-1.3.9");
    assertThat(find(r, "libreadline7").sourceName()).isEqualTo("bash");
    assertThat(find(r, "libreadline7").sourceVersion()).isEqualTo("4.4-19.6.1");
    assertThat(find(r, "libzstd1").sourceName()).isEqualTo("zstd");
  }

  @Test
  void truncatedOrForeignRpmDatabasesFailWithAClearMessage() throws IOException {
    byte[] real = Files.readAllBytes(SharedData.pkgdb("go-rpmdb/pkg/testdata/libuuid/Packages"));
    Path truncated = tmp.resolve("Packages");
    Files.write(truncated, Arrays.copyOf(real, real.length / 3));
    AnalyzerResult r;
    try {
      r = new RpmAnalyzer().analyze(TestInput.of(truncated, "var/lib/rpm/Packages"));
      assertThat(r.packages()).hasSizeLessThanOrEqualTo(1);
    } catch (IOException e) {
      assertThat(e.getMessage()).containsAnyOf("Berkeley DB", "past the end", "overflow");
    }
    Path text = tmp.resolve("Packages.db");
    Files.writeString(text, "hello, not a database");
    assertThatThrownBy(() -> new RpmAnalyzer().analyze(TestInput.of(text, "var/lib/rpm/Packages.db")))
        .isInstanceOf(IOException.class).hasMessageContaining("not an rpm database");
  }

  @Test
  void randomlyCorruptedNdbAndBerkeleyFilesNeverCrash() throws IOException {
    Random random = new Random(7);
    for (String source : List.of("go-rpmdb/pkg/testdata/sle15-bci/Packages.db", "go-rpmdb/pkg/testdata/libuuid/Packages")) {
      byte[] real = Files.readAllBytes(SharedData.pkgdb(source));
      for (int i = 0; i < 60; i++) {
        byte[] bad = real.clone();
        for (int k = 0; k < 1 + random.nextInt(40); k++) {
          bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
        }
        Path p = tmp.resolve("db" + i);
        Files.write(p, bad);
        try {
          AnalyzerResult r = new RpmAnalyzer().analyze(TestInput.of(p, "var/lib/rpm/Packages"));
          assertThat(r.packages().size()).isLessThan(1000);
        } catch (IOException expected) {
          assertThat(expected.getMessage()).isNotBlank();
        }
      }
    }
  }

  @Test
  void dpkgStatusKeepsInstalledPackagesWithTheirSourcePackage() throws IOException {
    byte[] status = Txtar.read(SharedData.pkgdb("trivy/pkg/fanal/analyzer/pkg/dpkg/testdata/valid.txtar"))
        .get("var/lib/dpkg/status");
    AnalyzerResult r = new DpkgAnalyzer().analyze(TestInput.of(status, "var/lib/dpkg/status"));

    // 90 stanzas have "Status: install ok installed" (counted independently of the parser).
    assertThat(r.packages()).hasSize(90);
    InstalledPackage fdisk = find(r, "fdisk");
    assertThat(fdisk.version()).isEqualTo("2.31.1-0.4ubuntu3.1");
    assertThat(fdisk.sourceName()).isEqualTo("util-linux");
    assertThat(fdisk.purl()).isEqualTo("pkg:deb/debian/fdisk@2.31.1-0.4ubuntu3.1?arch=amd64&upstream=util-linux");
    assertThat(find(r, "libc6").sourceName()).isEqualTo("glibc");
    assertThat(find(r, "bash").sourceName()).isEqualTo("bash");
    assertThat(find(r, "bash").version()).isEqualTo("4.4.18-2ubuntu1");
  }

  @Test
  void distrolessStatusDirectoryEntriesCount() throws IOException {
    Path entry = SharedData.pkgdb(
        "syft/syft/pkg/cataloger/debian/testdata/image-distroless-deb/var/lib/dpkg/status.d/libsqlite3-0");
    DpkgAnalyzer dpkg = new DpkgAnalyzer();
    assertThat(dpkg.accepts(CandidateFile.of("var/lib/dpkg/status.d/libsqlite3-0", 1, false))).isTrue();
    assertThat(dpkg.accepts(CandidateFile.of("var/lib/dpkg/status.d/libsqlite3-0.md5sums", 1, false))).isFalse();
    AnalyzerResult r = dpkg.analyze(TestInput.of(entry, "var/lib/dpkg/status.d/libsqlite3-0"));
    assertThat(nameVersion(r)).containsExactly("libsqlite3-0 3.34.1-3");
    assertThat(r.packages().get(0).sourceName()).isEqualTo("sqlite3");
  }

  @Test
  void corruptDpkgStatusIsReportedNotFatal() throws IOException {
    Path corrupt = SharedData.pkgdb("syft/syft/pkg/cataloger/debian/testdata/var/lib/dpkg/status.d/corrupt");
    AnalyzerResult r = new DpkgAnalyzer().analyze(TestInput.of(corrupt, "var/lib/dpkg/status.d/corrupt"));
    assertThat(r.warnings()).isNotEmpty();
  }

  @Test
  void apkDatabaseSkipsEntriesWithoutVersion() throws IOException {
    Path db = SharedData.pkgdb("trivy/pkg/fanal/analyzer/pkg/apk/testdata/apk");
    AnalyzerResult r = new ApkAnalyzer().analyze(TestInput.of(db, "lib/apk/db/installed"));
    assertThat(r.packages()).hasSize(15);
    assertThat(find(r, "musl").version()).isEqualTo("1.1.14-r10");
    assertThat(r.packages()).noneMatch(p -> p.name().equals("invalidPackageWithoutAVersion"));
    assertThat(r.warnings()).anyMatch(w -> w.contains("lacks a name (P:) or version (V:)"));
  }

  @Test
  void osReleaseFilesIdentifyTheDistribution() throws IOException {
    OsReleaseAnalyzer a = new OsReleaseAnalyzer();
    OsRelease debian = a.analyze(TestInput.of(("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
        + "VERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n")
        .getBytes(StandardCharsets.UTF_8), "etc/os-release")).os();
    assertThat(debian).isEqualTo(new OsRelease(Ecosystem.DEBIAN, "12", "bookworm", "Debian GNU/Linux 12 (bookworm)"));

    OsRelease distroless = a.analyze(TestInput.of("PRETTY_NAME=\"Distroless\"\nNAME=\"Debian GNU/Linux\"\nID=\"debian\"\nVERSION_ID=\"11\"\nVERSION=\"Debian GNU/Linux 11 (bullseye)\"\n"
        .getBytes(StandardCharsets.UTF_8), "usr/lib/os-release")).os();
    assertThat(distroless.ecosystem()).isEqualTo(Ecosystem.DEBIAN);
    assertThat(distroless.codename()).isEqualTo("bullseye");

    assertThat(a.analyze(TestInput.of("ID=rocky\nVERSION_ID=\"9.3\"\n".getBytes(StandardCharsets.UTF_8), "etc/os-release"))
        .os().ecosystem()).isEqualTo(Ecosystem.ROCKY_LINUX);
    assertThat(a.analyze(TestInput.of("3.19.1\n".getBytes(StandardCharsets.UTF_8), "etc/alpine-release")).os())
        .isEqualTo(new OsRelease(Ecosystem.ALPINE, "3.19.1", "", "Alpine Linux v3.19.1"));
    assertThat(a.analyze(TestInput.of("CentOS Linux release 7.9.2009 (Core)\n".getBytes(StandardCharsets.UTF_8),
        "etc/redhat-release")).os().versionId()).isEqualTo("7.9.2009");
    assertThat(a.analyze(TestInput.of("ID=plan9\n".getBytes(StandardCharsets.UTF_8), "etc/os-release")).os()).isNull();
    Path syftOsRelease = SharedData.pkgdb("syft/syft/pkg/cataloger/debian/testdata/image-dpkg/etc/os-release");
    assertThat(a.analyze(TestInput.of(syftOsRelease, "etc/os-release")).os()).isNotNull();
  }

  @Test
  void osPackagesAreRelabelledForTheDetectedDistribution() {
    InstalledPackage deb = OsPackages.create(Ecosystem.DEBIAN, "openssl", "3.0.2-0ubuntu1.10", "openssl", "",
        new java.util.LinkedHashMap<>(java.util.Map.of("arch", "amd64")), List.of());
    InstalledPackage onUbuntu = OsPackages.forOs(deb, new OsRelease(Ecosystem.UBUNTU, "22.04", "jammy", ""));
    assertThat(onUbuntu.ecosystem()).isEqualTo(Ecosystem.UBUNTU);
    assertThat(onUbuntu.purl()).isEqualTo("pkg:deb/ubuntu/openssl@3.0.2-0ubuntu1.10?arch=amd64&distro=ubuntu-22.04");
    // A dpkg package never becomes an Alpine one.
    assertThat(OsPackages.forOs(deb, new OsRelease(Ecosystem.ALPINE, "3.19", "", "")).ecosystem())
        .isEqualTo(Ecosystem.DEBIAN);
  }
}
