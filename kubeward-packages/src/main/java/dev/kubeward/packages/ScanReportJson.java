package dev.kubeward.packages;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeward.model.InstalledPackage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

/**
 * The JSON form of a {@link ScanReport}. It is built as a tree so that later stages add their own top-level
 * sections before writing — the advisories engine adds {@code "vulnerabilities"} next to {@code "packages"}:
 *
 * <pre>{@code
 * ObjectNode json = ScanReportJson.toTree(report);
 * json.set("vulnerabilities", matches);
 * ScanReportJson.write(json, out);
 * }</pre>
 */
public final class ScanReportJson {
  /** Bumped when a field changes meaning or disappears; new fields do not bump it. */
  public static final int SCHEMA_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ScanReportJson() {}

  public static ObjectNode toTree(ScanReport r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    ObjectNode target = root.putObject("target");
    target.put("kind", r.target().kind().name().toLowerCase(Locale.ROOT));
    target.put("name", r.target().name());
    if (r.image() != null) {
      ObjectNode image = root.putObject("image");
      image.put("manifestDigest", r.image().manifestDigest());
      image.put("configDigest", r.image().configDigest());
      image.put("platform", r.image().platform());
      ArrayNode layers = image.putArray("layers");
      for (ScanReport.ScannedLayer l : r.image().layers()) {
        ObjectNode n = layers.addObject();
        n.put("index", l.layer().index());
        n.put("digest", l.layer().digest());
        n.put("diffId", l.layer().diffId());
        n.put("size", l.layer().size());
        n.put("mediaType", l.layer().mediaType());
        n.put("fromCache", l.fromCache());
      }
    }
    if (r.os() == null) {
      root.putNull("os");
    } else {
      ObjectNode os = root.putObject("os");
      os.put("ecosystem", r.os().ecosystem().osvName());
      os.put("versionId", r.os().versionId());
      os.put("codename", r.os().codename());
      os.put("prettyName", r.os().prettyName());
    }
    ArrayNode packages = root.putArray("packages");
    for (InstalledPackage p : r.packages()) {
      ObjectNode n = packages.addObject();
      n.put("name", p.name());
      n.put("version", p.version());
      n.put("purl", p.purl());
      n.put("ecosystem", p.ecosystem().osvName());
      n.put("sourceName", p.sourceName());
      n.put("sourceVersion", p.sourceVersion());
      ArrayNode loc = n.putArray("locations");
      p.locations().forEach(loc::add);
      n.put("layer", p.layerDigest());
      ArrayNode lic = n.putArray("licenses");
      p.licenses().forEach(lic::add);
    }
    ArrayNode warnings = root.putArray("warnings");
    r.warnings().forEach(warnings::add);
    ArrayNode analyzers = root.putArray("analyzers");
    r.analyzers().forEach(analyzers::add);
    return root;
  }

  /** Writes a report tree (possibly extended) as indented JSON. */
  public static void write(ObjectNode tree, OutputStream out) throws IOException {
    JSON.writeValue(new java.io.FilterOutputStream(out) {
      @Override
      public void close() throws IOException {
        flush();
      }
    }, tree);
  }
}
