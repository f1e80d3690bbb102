package dev.kubeward.image;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A registry image reference as Docker and Kubernetes write it: {@code [registry/]repository[:tag][@digest]}. Names
 * without a registry are Docker Hub's, and one-word Docker Hub names live under {@code library/}.
 *
 * @param registry host[:port] of the registry ({@code registry-1.docker.io} for Docker Hub)
 * @param repository the repository path ({@code library/alpine})
 * @param tag the tag, or "" when only a digest is given
 * @param digest the manifest digest ({@code sha256:...}), or ""
 */
public record ImageReference(String registry, String repository, String tag, String digest) {
  /** Docker Hub's API host; {@code docker.io} and {@code index.docker.io} mean the same registry. */
  public static final String DOCKER_HUB = "registry-1.docker.io";

  private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}");

  public ImageReference {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    tag = tag == null ? "" : tag;
    digest = digest == null ? "" : digest;
    if (tag.isEmpty() && digest.isEmpty()) {
      tag = "latest";
    }
  }

  /**
   * Parses a reference.
   *
   * @throws ImageException of kind {@code BAD_INPUT} when it is not a valid reference
   */
  public static ImageReference parse(String text) {
    if (text == null || text.isBlank() || text.length() > 1024) {
      throw bad(text, "empty or overlong image reference");
    }
    String rest = text.trim();
    String digest = "";
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        throw bad(text, "invalid digest '" + digest + "'");
      }
    }
    String tag = "";
    int slash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > slash) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw bad(text, "invalid tag '" + tag + "'");
      }
    }
    String registry;
    String repository;
    int first = rest.indexOf('/');
    String head = first < 0 ? "" : rest.substring(0, first);
    if (first >= 0 && (head.contains(".") || head.contains(":") || head.equals("localhost"))) {
      registry = head.toLowerCase(Locale.ROOT);
      repository = rest.substring(first + 1);
    } else {
      registry = DOCKER_HUB;
      repository = rest;
    }
    if (registry.equals("docker.io") || registry.equals("index.docker.io")) {
      registry = DOCKER_HUB;
    }
    if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
      repository = "library/" + repository;
    }
    if (!REPOSITORY.matcher(repository).matches()) {
      throw bad(text, "invalid repository name '" + repository + "'");
    }
    return new ImageReference(registry, repository, tag, digest);
  }

  private static ImageException bad(String text, String why) {
    return new ImageException(ImageException.Kind.BAD_INPUT, text, "", why);
  }

  /** The tag or digest to ask the registry for; a digest wins because it pins the content. */
  public String manifestReference() {
    return digest.isEmpty() ? tag : digest;
  }

  /** The same repository pinned to a digest. */
  public ImageReference withDigest(String newDigest) {
    return new ImageReference(registry, repository, tag, newDigest);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(registry).append('/').append(repository);
    if (!tag.isEmpty()) {
      b.append(':').append(tag);
    }
    if (!digest.isEmpty()) {
      b.append('@').append(digest);
    }
    return b.toString();
  }
}
