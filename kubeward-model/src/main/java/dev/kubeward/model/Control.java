package dev.kubeward.model;

import java.util.List;
import java.util.Objects;

/**
 * One control of a compliance standard. An automated control is decided by the posture rules it names; a manual one
 * is reported with its audit steps and never counted as passed or failed.
 *
 * @param id control id, unique within its standard (e.g. {@code 5.1.1} or {@code privileged-containers})
 * @param title short title
 * @param section id of the section the control belongs to
 * @param automated whether rules decide it
 * @param ruleIds ids of the rules that decide it (empty for manual controls)
 * @param description what the control asks for, in our own words
 * @param audit how to check a manual control by hand (may be empty)
 */
public record Control(
    String id,
    String title,
    String section,
    boolean automated,
    List<String> ruleIds,
    String description,
    String audit) {
  public Control {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    section = section == null ? "" : section;
    ruleIds = ruleIds == null ? List.of() : List.copyOf(ruleIds);
    description = description == null ? "" : description;
    audit = audit == null ? "" : audit;
  }
}
