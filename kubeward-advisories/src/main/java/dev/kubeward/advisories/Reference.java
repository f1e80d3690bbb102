package dev.kubeward.advisories;

/** A link from an advisory ({@code ADVISORY}, {@code FIX}, {@code REPORT}, {@code WEB}, ... as OSV types them). */
public record Reference(String type, String url) {
  public Reference {
    type = type == null ? "WEB" : type;
    url = url == null ? "" : url;
  }
}
