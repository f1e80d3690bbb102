package dev.kubeward.packages;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Writes OCI image layouts for tests: layers from in-memory tars, one image or a multi-platform index. */
public final class OciImageBuilder {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A layer's tar content. */
  public static final class LayerTar {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

    public LayerTar() {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    public LayerTar file(String name, String content) {
      return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    public LayerTar file(String name, byte[] content, int mode) {
      try {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(content.length);
        e.setMode(0100000 | mode);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    public LayerTar symlink(String name, String target) {
      try {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    public LayerTar whiteout(String path) {
      int slash = path.lastIndexOf('/');
      return file((slash < 0 ? "" : path.substring(0, slash + 1)) + ".wh." + path.substring(slash + 1), "");
    }

    public byte[] bytes() {
      try {
        tar.finish();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }
  }

  /** Layer compression. */
  public enum Compression {
    NONE, GZIP, ZSTD
  }

  private record Built(String digest, long size, String platformOs, String platformArch) {}

  private final Path dir;
  private final List<Built> manifests = new ArrayList<>();

  public OciImageBuilder(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir.resolve("blobs/sha256"));
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
  }

  /** Adds an image for a platform; returns its manifest digest. */
  public String image(String os, String arch, Compression compression, List<byte[]> layerTars) throws IOException {
    ArrayNode layers = JSON.createArrayNode();
    ArrayNode diffIds = JSON.createArrayNode();
    for (byte[] tar : layerTars) {
      diffIds.add(digest(tar));
      byte[] stored = compress(tar, compression);
      String d = blob(stored);
      ObjectNode l = layers.addObject();
      l.put("mediaType", switch (compression) {
        case NONE -> "application/vnd.oci.image.layer.v1.tar";
        case GZIP -> "application/vnd.oci.image.layer.v1.tar+gzip";
        case ZSTD -> "application/vnd.oci.image.layer.v1.tar+zstd";
      });
      l.put("digest", d);
      l.put("size", stored.length);
    }
    ObjectNode config = JSON.createObjectNode();
    config.put("architecture", arch);
    config.put("os", os);
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    rootfs.set("diff_ids", diffIds);
    byte[] configBytes = JSON.writeValueAsBytes(config);
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
    ObjectNode c = manifest.putObject("config");
    c.put("mediaType", "application/vnd.oci.image.config.v1+json");
    c.put("digest", blob(configBytes));
    c.put("size", configBytes.length);
    manifest.set("layers", layers);
    byte[] mBytes = JSON.writeValueAsBytes(manifest);
    String md = blob(mBytes);
    manifests.add(new Built(md, mBytes.length, os, arch));
    return md;
  }

  /** Writes index.json: one manifest directly, or a nested multi-platform index when there are several. */
  public Path write(String tag) throws IOException {
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", "application/vnd.oci.image.index.v1+json");
    ArrayNode list = index.putArray("manifests");
    if (manifests.size() == 1) {
      descriptor(list, manifests.get(0), tag);
    } else {
      ObjectNode nested = JSON.createObjectNode();
      nested.put("schemaVersion", 2);
      nested.put("mediaType", "application/vnd.oci.image.index.v1+json");
      ArrayNode inner = nested.putArray("manifests");
      for (Built b : manifests) {
        descriptor(inner, b, null);
      }
      byte[] nb = JSON.writeValueAsBytes(nested);
      ObjectNode d = list.addObject();
      d.put("mediaType", "application/vnd.oci.image.index.v1+json");
      d.put("digest", blob(nb));
      d.put("size", nb.length);
      if (tag != null) {
        d.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
      }
    }
    Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
    return dir;
  }

  private static void descriptor(ArrayNode list, Built b, String tag) {
    ObjectNode d = list.addObject();
    d.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
    d.put("digest", b.digest());
    d.put("size", b.size());
    ObjectNode p = d.putObject("platform");
    p.put("os", b.platformOs());
    p.put("architecture", b.platformArch());
    if (tag != null) {
      d.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
    }
  }

  private String blob(byte[] data) throws IOException {
    String d = digest(data);
    Files.write(dir.resolve("blobs/sha256").resolve(d.substring(7)), data);
    return d;
  }

  public static String digest(byte[] data) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] compress(byte[] tar, Compression c) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream o = switch (c) {
      case NONE -> out;
      case GZIP -> new GZIPOutputStream(out);
      case ZSTD -> new ZstdOutputStream(out);
    }) {
      o.write(tar);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
