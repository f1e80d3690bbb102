package dev.kubeward.model;

import java.util.Objects;

/**
 * The operating system of an image or node, as read from {@code /etc/os-release} or the distribution's own files.
 *
 * @param ecosystem the distribution's package ecosystem ({@link Ecosystem#DEBIAN}, ...)
 * @param versionId the release as the distribution numbers it ({@code 12}, {@code 3.19.1}, {@code 9.4})
 * @param codename the release's codename where it has one ({@code bookworm}), else ""
 * @param prettyName the human-readable name ({@code Debian GNU/Linux 12 (bookworm)})
 */
public record OsRelease(Ecosystem ecosystem, String versionId, String codename, String prettyName) {
  public OsRelease {
    Objects.requireNonNull(ecosystem, "ecosystem");
    if (!ecosystem.operatingSystem()) {
      throw new IllegalArgumentException(ecosystem.osvName() + " is not an operating system ecosystem");
    }
    versionId = versionId == null ? "" : versionId;
    codename = codename == null ? "" : codename;
    prettyName = prettyName == null ? "" : prettyName;
  }
}
