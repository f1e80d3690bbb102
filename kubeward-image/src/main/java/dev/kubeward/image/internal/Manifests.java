package dev.kubeward.image.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeward.image.ImageException;
import dev.kubeward.image.Platform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Parses OCI and Docker v2 indexes, manifests and image configs, which registries and layouts share. */
public final class Manifests {
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  /** What a client says it accepts, best first. */
  public static final String ACCEPT = String.join(", ", OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_JSON = 4 << 20;

  private Manifests() {}

  /** A content descriptor. */
  public record Descriptor(String mediaType, String digest, long size, Platform platform, Map<String, String> annotations) {}

  /** An image manifest's config and layers. */
  public record Manifest(String mediaType, Descriptor config, List<Descriptor> layers) {}

  /** The parts of an image config a scan needs. */
  public record Config(Platform platform, List<String> diffIds) {}

  /** Either an index (list of manifests) or a manifest. */
  public record Document(String mediaType, List<Descriptor> index, Manifest manifest) {
    public boolean isIndex() {
      return index != null;
    }
  }

  /** Parses a manifest or index, telling which by media type, falling back to its shape. */
  public static Document parse(byte[] bytes, String contentType, String image) {
    JsonNode root = readJson(bytes, image, "manifest");
    String mediaType = text(root, "mediaType");
    if (mediaType.isEmpty() && contentType != null) {
      mediaType = contentType.split(";")[0].trim();
    }
    if (root.path("schemaVersion").asInt() == 1 || mediaType.startsWith("application/vnd.docker.distribution.manifest.v1+")) {
      throw new ImageException(ImageException.Kind.UNSUPPORTED, image, "",
          "Docker schema 1 manifests are deprecated and not supported; push the image again with a current client");
    }
    boolean index = mediaType.equals(OCI_INDEX) || mediaType.equals(DOCKER_LIST)
        || (!root.has("layers") && root.has("manifests"));
    if (index) {
      return new Document(mediaType.isEmpty() ? OCI_INDEX : mediaType, descriptors(root.path("manifests"), image), null);
    }
    if (!root.has("config") || !root.path("layers").isArray()) {
      throw new ImageException(ImageException.Kind.BAD_INPUT, image, "", "manifest has no config or layers");
    }
    Descriptor config = descriptor(root.get("config"), image);
    return new Document(mediaType.isEmpty() ? OCI_MANIFEST : mediaType, null,
        new Manifest(mediaType, config, descriptors(root.get("layers"), image)));
  }

  /** Parses an image config. */
  public static Config parseConfig(byte[] bytes, String image) {
    JsonNode root = readJson(bytes, image, "config");
    Platform p = new Platform(text(root, "os").isEmpty() ? "linux" : text(root, "os"),
        text(root, "architecture").isEmpty() ? "unknown" : text(root, "architecture"), text(root, "variant"));
    List<String> diffIds = new ArrayList<>();
    for (JsonNode d : root.path("rootfs").path("diff_ids")) {
      diffIds.add(d.asText());
    }
    return new Config(p, diffIds);
  }

  /** Picks the manifest for a platform from an index, or fails naming the platforms it has. */
  public static Descriptor select(List<Descriptor> index, Platform wanted, String image) {
    List<Descriptor> images = index.stream().filter(d -> d.platform() != null).toList();
    for (Descriptor d : images) {
      if (wanted.accepts(d.platform()) && !wanted.variant().isEmpty() && d.platform().variant().equals(wanted.variant())) {
        return d;
      }
    }
    for (Descriptor d : images) {
      if (wanted.accepts(d.platform())) {
        return d;
      }
    }
    String available = images.stream().map(d -> d.platform().toString()).distinct().collect(Collectors.joining(", "));
    throw new ImageException(ImageException.Kind.UNSUPPORTED, image, "",
        "no manifest for platform " + wanted + " (the image has: " + (available.isEmpty() ? "none" : available) + ")");
  }

  private static List<Descriptor> descriptors(JsonNode array, String image) {
    List<Descriptor> list = new ArrayList<>();
    if (!array.isArray()) {
      throw new ImageException(ImageException.Kind.BAD_INPUT, image, "", "expected a list of descriptors");
    }
    for (JsonNode n : array) {
      list.add(descriptor(n, image));
    }
    return list;
  }

  private static Descriptor descriptor(JsonNode n, String image) {
    String digest = text(n, "digest");
    if (!Digests.isValid(digest)) {
      throw new ImageException(ImageException.Kind.BAD_INPUT, image, "", "descriptor with a malformed digest '" + digest + "'");
    }
    Platform platform = null;
    JsonNode p = n.get("platform");
    if (p != null && p.isObject() && !text(p, "os").isEmpty() && !text(p, "architecture").isEmpty()) {
      platform = new Platform(text(p, "os"), text(p, "architecture"), text(p, "variant"));
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    n.path("annotations").fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
    return new Descriptor(text(n, "mediaType"), digest, n.path("size").asLong(-1), platform, annotations);
  }

  /** Parses JSON, failing with a message naming what was being read. */
  public static JsonNode readJson(byte[] bytes, String image, String what) {
    if (bytes.length > MAX_JSON) {
      throw new ImageException(ImageException.Kind.LIMIT_EXCEEDED, image, "", what + " is larger than " + MAX_JSON + " bytes");
    }
    try {
      JsonNode n = JSON.readTree(bytes);
      if (n == null || !n.isObject() && !n.isArray()) {
        throw new ImageException(ImageException.Kind.BAD_INPUT, image, "", what + " is not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new ImageException(ImageException.Kind.BAD_INPUT, image, "", what + " is not valid JSON: "
          + e.getClass().getSimpleName(), e);
    }
  }

  /** A JSON field as text, "" when absent. */
  public static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  /** Layers whose media type says they are not part of the filesystem (foreign Windows layers, attestations). */
  public static boolean isFilesystemLayer(String mediaType) {
    return mediaType.isEmpty() || mediaType.contains("rootfs.diff.tar") || mediaType.contains("image.layer.v1.tar")
        || mediaType.equals("application/vnd.oci.image.layer.v1.tar");
  }

  /** Reads a blob into memory under a size cap. */
  public static byte[] readSmall(java.io.InputStream in, String image, String what) throws IOException {
    byte[] data = in.readNBytes(MAX_JSON + 1);
    if (data.length > MAX_JSON) {
      throw new ImageException(ImageException.Kind.LIMIT_EXCEEDED, image, "", what + " is larger than " + MAX_JSON + " bytes");
    }
    return data;
  }
}
