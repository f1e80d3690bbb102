package dev.kubeward.model;

import java.util.List;
import java.util.Objects;

/**
 * A package found installed in an image, a file tree or a node: what the package analyzers produce and the
 * advisory matcher consumes.
 *
 * @param name the package's name in its ecosystem ({@code openssl}, {@code github.com/gin-gonic/gin},
 *     {@code org.apache.logging.log4j:log4j-core})
 * @param version the installed version as the package manager records it (dpkg: with epoch and revision)
 * @param ecosystem where it comes from
 * @param purl its Package URL
 * @param sourceName for OS packages, the source package it was built from (dpkg source, rpm source rpm name), or ""
 * @param sourceVersion the source package's version where it differs, or ""
 * @param locations files that record the package (a database, a lockfile, a jar), relative to the scanned root
 * @param layerDigest digest of the image layer that introduced it, or "" outside images
 * @param licenses declared licences, as the package states them
 */
public record InstalledPackage(
    String name,
    String version,
    Ecosystem ecosystem,
    String purl,
    String sourceName,
    String sourceVersion,
    List<String> locations,
    String layerDigest,
    List<String> licenses) {

  public InstalledPackage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(ecosystem, "ecosystem");
    purl = purl == null ? "" : purl;
    sourceName = sourceName == null ? "" : sourceName;
    sourceVersion = sourceVersion == null ? "" : sourceVersion;
    locations = locations == null ? List.of() : List.copyOf(locations);
    layerDigest = layerDigest == null ? "" : layerDigest;
    licenses = licenses == null ? List.of() : List.copyOf(licenses);
  }
}
