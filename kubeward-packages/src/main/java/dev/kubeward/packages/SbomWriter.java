package dev.kubeward.packages;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeward.model.InstalledPackage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;

/**
 * Writes a scan as an SBOM: CycloneDX 1.6 JSON (through cyclonedx-core-java) or SPDX 2.3 JSON. Output is
 * deterministic for the same report and clock: ids derive from content, never from randomness.
 */
public final class SbomWriter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Clock clock;
  private final String toolVersion;

  public SbomWriter(Clock clock, String toolVersion) {
    this.clock = clock;
    this.toolVersion = toolVersion;
  }

  /** CycloneDX 1.6 JSON. */
  public String cycloneDx(ScanReport r) {
    return cycloneDxJson(cycloneDxBom(r));
  }

  /**
   * The CycloneDX BOM of a scan, before it is written, so later stages can add to it (the advisories engine adds its
   * {@code vulnerabilities}). Package {@code i} of {@link ScanReport#packages()} is the component whose bom-ref is
   * {@link #componentRef(int, InstalledPackage)}.
   */
  public Bom cycloneDxBom(ScanReport r) {
    Bom bom = new Bom();
    bom.setSerialNumber("urn:uuid:" + UUID.nameUUIDFromBytes(fingerprint(r).getBytes(StandardCharsets.UTF_8)));
    Metadata meta = new Metadata();
    meta.setTimestamp(java.util.Date.from(now()));
    Component subject = new Component();
    subject.setType(r.target().kind() == ScanReport.Target.Kind.IMAGE ? Component.Type.CONTAINER : Component.Type.FILE);
    subject.setName(r.target().name());
    subject.setBomRef("target");
    if (r.image() != null && !r.image().manifestDigest().isEmpty()) {
      subject.setVersion(r.image().manifestDigest());
    }
    meta.setComponent(subject);
    Component tool = new Component();
    tool.setType(Component.Type.APPLICATION);
    tool.setName("kubeward");
    tool.setVersion(toolVersion);
    org.cyclonedx.model.metadata.ToolInformation tools = new org.cyclonedx.model.metadata.ToolInformation();
    tools.setComponents(List.of(tool));
    meta.setToolChoice(tools);
    bom.setMetadata(meta);
    List<Component> components = new ArrayList<>();
    if (r.os() != null) {
      Component os = new Component();
      os.setType(Component.Type.OPERATING_SYSTEM);
      os.setName(r.os().ecosystem().osvName());
      os.setVersion(r.os().versionId());
      os.setDescription(r.os().prettyName());
      os.setBomRef("os");
      components.add(os);
    }
    int i = 0;
    for (InstalledPackage p : r.packages()) {
      Component c = new Component();
      c.setType(Component.Type.LIBRARY);
      c.setName(p.name());
      c.setVersion(p.version());
      if (!p.purl().isEmpty()) {
        c.setPurl(p.purl());
      }
      c.setBomRef(componentRef(i++, p));
      List<Property> props = new ArrayList<>();
      props.add(property("kubeward:ecosystem", p.ecosystem().osvName()));
      if (!p.layerDigest().isEmpty()) {
        props.add(property("kubeward:layer", p.layerDigest()));
      }
      for (String l : p.locations()) {
        props.add(property("kubeward:location", l));
      }
      if (!p.sourceName().isEmpty()) {
        props.add(property("kubeward:sourceName", p.sourceName()));
      }
      if (!p.sourceVersion().isEmpty()) {
        props.add(property("kubeward:sourceVersion", p.sourceVersion()));
      }
      c.setProperties(props);
      components.add(c);
    }
    bom.setComponents(components);
    return bom;
  }

  /** The bom-ref of the component for package number {@code index} of a report. */
  public static String componentRef(int index, InstalledPackage p) {
    return "pkg-" + index + "-" + shortHash(p.purl() + p.name() + p.version());
  }

  /** A BOM as CycloneDX 1.6 JSON. */
  public static String cycloneDxJson(Bom bom) {
    try {
      return BomGeneratorFactory.createJson(Version.VERSION_16, bom).toJsonString();
    } catch (GeneratorException e) {
      throw new IllegalStateException("CycloneDX generation failed: " + e.getMessage(), e);
    }
  }

  private static Property property(String name, String value) {
    Property p = new Property();
    p.setName(name);
    p.setValue(value);
    return p;
  }

  /** SPDX 2.3 JSON. */
  public String spdx(ScanReport r) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("spdxVersion", "SPDX-2.3");
    doc.put("dataLicense", "CC0-1.0");
    doc.put("SPDXID", "SPDXRef-DOCUMENT");
    doc.put("name", r.target().name());
    doc.put("documentNamespace", "https://kubeward.dev/spdx/" + safe(r.target().name()) + "-" + fingerprint(r));
    ObjectNode creation = doc.putObject("creationInfo");
    creation.put("created", now().toString());
    creation.putArray("creators").add("Tool: kubeward-" + toolVersion);
    ArrayNode packages = doc.putArray("packages");
    ArrayNode relationships = doc.putArray("relationships");
    ObjectNode root = packages.addObject();
    root.put("SPDXID", "SPDXRef-Target");
    root.put("name", r.target().name());
    root.put("downloadLocation", "NOASSERTION");
    root.put("filesAnalyzed", false);
    root.put("primaryPackagePurpose", r.target().kind() == ScanReport.Target.Kind.IMAGE ? "CONTAINER" : "FILE");
    if (r.image() != null && !r.image().manifestDigest().isEmpty()) {
      root.put("versionInfo", r.image().manifestDigest());
    }
    relate(relationships, "SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Target");
    if (r.os() != null) {
      ObjectNode os = packages.addObject();
      os.put("SPDXID", "SPDXRef-OperatingSystem");
      os.put("name", r.os().ecosystem().osvName());
      os.put("versionInfo", r.os().versionId());
      os.put("downloadLocation", "NOASSERTION");
      os.put("filesAnalyzed", false);
      os.put("primaryPackagePurpose", "OPERATING-SYSTEM");
      relate(relationships, "SPDXRef-Target", "CONTAINS", "SPDXRef-OperatingSystem");
    }
    int i = 0;
    for (InstalledPackage p : r.packages()) {
      String id = "SPDXRef-Package-" + (i++) + "-" + shortHash(p.purl() + p.name() + p.version());
      ObjectNode n = packages.addObject();
      n.put("SPDXID", id);
      n.put("name", p.name());
      n.put("versionInfo", p.version());
      n.put("downloadLocation", "NOASSERTION");
      n.put("filesAnalyzed", false);
      n.put("primaryPackagePurpose", "LIBRARY");
      if (!p.licenses().isEmpty()) {
        n.put("licenseDeclared", "NOASSERTION");
      }
      if (!p.sourceName().isEmpty()) {
        n.put("sourceInfo", "built from source package " + p.sourceName()
            + (p.sourceVersion().isEmpty() ? "" : " " + p.sourceVersion()));
      }
      StringBuilder comment = new StringBuilder("ecosystem: ").append(p.ecosystem().osvName());
      if (!p.layerDigest().isEmpty()) {
        comment.append("; layer: ").append(p.layerDigest());
      }
      if (!p.locations().isEmpty()) {
        comment.append("; locations: ").append(String.join(", ", p.locations()));
      }
      n.put("comment", comment.toString());
      if (!p.purl().isEmpty()) {
        ObjectNode ref = n.putArray("externalRefs").addObject();
        ref.put("referenceCategory", "PACKAGE-MANAGER");
        ref.put("referenceType", "purl");
        ref.put("referenceLocator", p.purl());
      }
      relate(relationships, "SPDXRef-Target", "CONTAINS", id);
    }
    try {
      return JSON.writeValueAsString(doc);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void relate(ArrayNode rels, String from, String type, String to) {
    ObjectNode n = rels.addObject();
    n.put("spdxElementId", from);
    n.put("relationshipType", type);
    n.put("relatedSpdxElement", to);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  private static String safe(String s) {
    return s.replaceAll("[^A-Za-z0-9._-]+", "-");
  }

  private static String fingerprint(ScanReport r) {
    StringBuilder b = new StringBuilder(r.target().name());
    if (r.image() != null) {
      b.append(r.image().manifestDigest()).append(r.image().configDigest());
    }
    r.packages().forEach(p -> b.append('\n').append(p.purl()).append(p.name()).append(p.version()));
    return shortHash(b.toString());
  }

  private static String shortHash(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
