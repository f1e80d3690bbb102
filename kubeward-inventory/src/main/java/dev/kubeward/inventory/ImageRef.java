package dev.kubeward.inventory;

import java.util.Objects;

/**
 * A container image reference split the way registries understand it. {@code docker.io} and {@code library/} are
 * filled in for short names, so {@code nginx} and {@code docker.io/library/nginx} compare equal.
 *
 * @param reference the text as written in the pod spec
 * @param registry the registry host ({@code docker.io}, {@code ghcr.io}, {@code 127.0.0.1:5000})
 * @param repository the repository path ({@code library/nginx})
 * @param tag the tag, or "" when none was given
 * @param digest the digest ({@code sha256:...}), or "" when none is known
 */
public record ImageRef(String reference, String registry, String repository, String tag, String digest) {
  public ImageRef {
    Objects.requireNonNull(reference, "reference");
    registry = registry == null ? "" : registry;
    repository = repository == null ? "" : repository;
    tag = tag == null ? "" : tag;
    digest = digest == null ? "" : digest;
  }

  /** Parses an image reference as Kubernetes and container runtimes do. */
  public static ImageRef parse(String reference) {
    String rest = reference.trim();
    String digest = "";
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String tag = "";
    int slash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > slash) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    String registry = "docker.io";
    int first = rest.indexOf('/');
    if (first > 0) {
      String head = rest.substring(0, first);
      if (head.contains(".") || head.contains(":") || head.equals("localhost")) {
        registry = head;
        rest = rest.substring(first + 1);
      }
    }
    if (registry.equals("docker.io") && !rest.contains("/")) {
      rest = "library/" + rest;
    }
    return new ImageRef(reference, registry, rest, tag, digest);
  }

  /** The same image with a digest learnt elsewhere (a pod's status). */
  public ImageRef withDigest(String newDigest) {
    return new ImageRef(reference, registry, repository, tag, newDigest);
  }

  /** {@code registry/repository}, without tag or digest. */
  public String name() {
    return registry + "/" + repository;
  }
}
