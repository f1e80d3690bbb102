package dev.kubeward.advisories.internal.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kubeward.advisories.Reference;
import java.util.List;

/**
 * What the store keeps of an OSV record apart from its affected packages (those go to the package index). The long
 * {@code details} text is left out: matching output needs the summary, and the full text is one reference away.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record StoredAdvisory(
    String id,
    List<String> aliases,
    List<String> related,
    String summary,
    String published,
    String modified,
    String withdrawn,
    List<StoredSeverity> severity,
    String databaseSeverity,
    List<Reference> references) {

  public StoredAdvisory {
    aliases = aliases == null ? List.of() : aliases;
    related = related == null ? List.of() : related;
    summary = summary == null ? "" : summary;
    published = published == null ? "" : published;
    modified = modified == null ? "" : modified;
    withdrawn = withdrawn == null ? "" : withdrawn;
    severity = severity == null ? List.of() : severity;
    databaseSeverity = databaseSeverity == null ? "" : databaseSeverity;
    references = references == null ? List.of() : references;
  }
}
