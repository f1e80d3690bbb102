package dev.kubeward.advisories;

import dev.kubeward.model.Ecosystem.VersionScheme;

/**
 * Orders two versions of one ecosystem the way its package manager does ({@code dpkg --compare-versions},
 * {@code rpmdev-vercmp}, {@code apk version -t}, PEP 440, ...). Obtain one from {@link VersionComparators}.
 */
public interface VersionComparator {
  /** The scheme this comparator implements. */
  VersionScheme scheme();

  /**
   * Returns a negative number, zero or a positive number as {@code a} is older than, equal to or newer than {@code b}.
   *
   * @throws InvalidVersionException when either version is not valid in this scheme; never guesses
   */
  int compare(String a, String b);

  /** True when the version parses in this scheme. */
  default boolean isValid(String version) {
    try {
      compare(version, version);
      return true;
    } catch (InvalidVersionException e) {
      return false;
    }
  }
}
