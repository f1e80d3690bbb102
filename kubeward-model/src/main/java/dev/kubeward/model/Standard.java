package dev.kubeward.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A compliance standard: an ordered list of sections and controls, loaded from data (YAML) rather than code.
 *
 * @param id stable id, e.g. {@code pss-restricted} or {@code cis-kubernetes}
 * @param name display name
 * @param version the version of the published standard this file follows
 * @param sections sections in display order
 * @param controls controls in display order
 * @param description what the standard is about, in a sentence or two
 * @param techniqueControls true when the control ids are MITRE ATT&CK technique ids: the runtime detections of a
 *     technique (or of its sub-techniques) then decide its control together with the rules
 */
public record Standard(String id, String name, String version, List<Section> sections, List<Control> controls,
    String description, boolean techniqueControls) {
  public Standard {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    version = version == null ? "" : version;
    sections = sections == null ? List.of() : List.copyOf(sections);
    controls = controls == null ? List.of() : List.copyOf(controls);
    description = description == null ? "" : description;
  }

  /** A standard whose controls are decided by rules only. */
  public Standard(String id, String name, String version, List<Section> sections, List<Control> controls,
      String description) {
    this(id, name, version, sections, controls, description, false);
  }

  /** A standard without a description. */
  public Standard(String id, String name, String version, List<Section> sections, List<Control> controls) {
    this(id, name, version, sections, controls, "");
  }

  /** The title of a section, or its id when the standard does not name it. */
  public String sectionTitle(String sectionId) {
    return sections.stream().filter(s -> s.id().equals(sectionId)).map(Section::title).findFirst().orElse(sectionId);
  }

  /** The control with this id, if the standard has one. */
  public Optional<Control> control(String controlId) {
    return controls.stream().filter(c -> c.id().equals(controlId)).findFirst();
  }

  /** A titled group of controls. */
  public record Section(String id, String title) {
    public Section {
      Objects.requireNonNull(id, "id");
      title = title == null ? "" : title;
    }
  }
}
