package dev.kubeward.advisories.internal.sources;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeward.advisories.AdvisorySink;
import dev.kubeward.advisories.AdvisorySource;
import dev.kubeward.advisories.RemoteFile;
import dev.kubeward.advisories.UpdateSettings;
import dev.kubeward.model.Ecosystem;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.CRC32;
import java.util.Enumeration;
import java.nio.file.Path;

/**
 * OSV records: one JSON record, a JSON list of records (or OSV's {@code {"vulns": [...]}}), or a zip of records laid
 * out as osv.dev's per-ecosystem {@code all.zip}.
 */
public final class OsvSource implements AdvisorySource {
  /** A record larger than this is reported and skipped, so a hostile zip cannot exhaust memory. */
  static final int MAX_RECORD_BYTES = 32 << 20;
  private static final String BASE = "https://osv-vulnerabilities.storage.googleapis.com/";
  /** Ecosystems of the model that osv.dev does not publish as an all.zip of its own. */
  private static final Set<Ecosystem> NOT_ON_OSV_DEV = EnumSet.of(Ecosystem.KUBERNETES, Ecosystem.CENTOS,
      Ecosystem.FEDORA, Ecosystem.AMAZON_LINUX, Ecosystem.ORACLE_LINUX);

  @Override
  public String id() {
    return "osv";
  }

  @Override
  public String description() {
    return "OSV vulnerability records (osv.dev per-ecosystem all.zip, folders or single records)";
  }

  @Override
  public List<RemoteFile> remoteFiles(UpdateSettings settings) {
    List<String> ecosystems = settings.osvEcosystems();
    if (ecosystems.isEmpty()) {
      ecosystems = new ArrayList<>();
      for (Ecosystem e : Ecosystem.values()) {
        if (!NOT_ON_OSV_DEV.contains(e)) {
          ecosystems.add(e.osvName());
        }
      }
    }
    List<RemoteFile> out = new ArrayList<>();
    for (String e : ecosystems) {
      String encoded = URLEncoder.encode(e, StandardCharsets.UTF_8).replace("+", "%20");
      out.add(new RemoteFile("osv/" + e + "/all.zip", URI.create(BASE + encoded + "/all.zip"), true));
    }
    return out;
  }

  @Override
  public int recognize(String fileName, byte[] head) {
    if (head.length >= 2 && head[0] == 'P' && head[1] == 'K') {
      return 10;
    }
    if (JsonStreams.contains(head, "\"affected\"") || JsonStreams.contains(head, "\"schema_version\"")
        || (JsonStreams.contains(head, "\"id\"") && JsonStreams.contains(head, "\"modified\""))) {
      return 5;
    }
    return 0;
  }

  @Override
  public void read(SourceFile file, AdvisorySink sink) throws IOException {
    boolean zip;
    try (InputStream in = file.open()) {
      zip = in.read() == 'P' && in.read() == 'K';
    }
    if (zip) {
      readZip(file.path(), sink);
    } else {
      try (InputStream in = new BufferedInputStream(file.open(), 1 << 16)) {
        readJson(in, sink);
      }
    }
  }

  /**
   * Reads through the central directory, so a zip cut short is refused as a whole, and checks each entry's CRC, so
   * corrupted bytes are not mistaken for malformed records.
   */
  private static void readZip(Path path, AdvisorySink sink) throws IOException {
    try (ZipFile zip = new ZipFile(path.toFile(), StandardCharsets.UTF_8)) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (entry.isDirectory() || !entry.getName().endsWith(".json")) {
          continue;
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
          bytes = in.readNBytes(MAX_RECORD_BYTES + 1);
        }
        if (bytes.length > MAX_RECORD_BYTES) {
          sink.issue(entry.getName(), "larger than " + (MAX_RECORD_BYTES >> 20) + " MiB; skipped");
          continue;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
          throw new IOException("corrupt zip: entry " + entry.getName() + " fails its CRC check");
        }
        sink.osvRecord(entry.getName(), bytes);
      }
    } catch (ZipException e) {
      throw new IOException("corrupt zip: " + e.getMessage(), e);
    } catch (java.io.EOFException e) {
      throw new IOException("truncated zip", e);
    }
  }

  private static void readJson(InputStream in, AdvisorySink sink) throws IOException {
    try (JsonParser p = JsonStreams.MAPPER.getFactory().createParser(in)) {
      JsonToken first = p.nextToken();
      if (first == JsonToken.START_ARRAY) {
        int i = 0;
        while (p.nextToken() == JsonToken.START_OBJECT) {
          JsonNode record = JsonStreams.MAPPER.readTree(p);
          sink.osvRecord("[" + i++ + "]", JsonStreams.MAPPER.writeValueAsBytes(record));
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
          throw new IOException("expected a list of OSV records");
        }
        return;
      }
      if (first != JsonToken.START_OBJECT) {
        throw new IOException("not an OSV record (expected a JSON object or list)");
      }
      JsonNode root = JsonStreams.MAPPER.readTree(p);
      if (root.path("vulns").isArray()) {
        int i = 0;
        for (JsonNode record : root.path("vulns")) {
          sink.osvRecord("vulns[" + i++ + "]", JsonStreams.MAPPER.writeValueAsBytes(record));
        }
      } else {
        sink.osvRecord(JsonStreams.text(root, "id"), JsonStreams.MAPPER.writeValueAsBytes(root));
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
