package dev.kubeward.server.findings;

import dev.kubeward.model.RiskLevel;
import dev.kubeward.model.Severity;
import dev.kubeward.server.api.ApiException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The list filters as the API takes them (query parameters of list and export endpoints, or the {@code filter} object
 * of a bulk action). Lists may be given comma-separated ({@code severity=critical,high}) or repeated.
 */
public record FindingQuery(
    @Schema(description = "alert, vulnerability, misconfiguration or compliance") String kind,
    @Schema(description = "critical, high, medium, low, informational, unknown") List<String> severity,
    @Schema(description = "critical, high, medium, low") List<String> risk,
    @Schema(description = "open, inProgress, resolved, exempted, active, dismissed") List<String> status,
    @Schema(description = "owner's e-mail address") String owner,
    String namespace,
    @Schema(description = "resource (workload) name") String workload,
    @Schema(description = "image reference or digest") String image,
    @Schema(description = "rule, advisory (CVE) or control id") String rule,
    @Schema(description = "scanner that reported the findings") String source,
    @Schema(description = "due before this day (YYYY-MM-DD)") String dueBefore,
    @Schema(description = "due on or after this day (YYYY-MM-DD)") String dueAfter,
    @Schema(description = "true: only overdue findings; false: none that are overdue") String overdue) {

  /** Names of the query parameters, so that a misspelt one is refused instead of silently ignored. */
  public static final Set<String> PARAMETERS = Set.of("kind", "severity", "risk", "status", "owner", "namespace",
      "workload", "image", "rule", "source", "dueBefore", "dueAfter", "overdue");

  /**
   * The filter these parameters describe.
   *
   * @throws ApiException 400 naming the parameter and the accepted values
   */
  public FindingFilter toFilter() {
    try {
      return new FindingFilter(
          text(kind).map(FindingEnums::parseKind),
          set(severity, Severity.class, Severity::parse),
          set(risk, RiskLevel.class, RiskLevel::parse),
          set(status, FindingStatus.class, FindingStatus::parse),
          text(owner).map(Owners::normalize),
          text(namespace),
          text(workload),
          text(image),
          text(rule),
          text(source),
          date("dueBefore", dueBefore),
          date("dueAfter", dueAfter),
          text(overdue).map(FindingQuery::bool));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static Optional<String> text(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
  }

  private static <E extends Enum<E>> Set<E> set(List<String> values, Class<E> type, Function<String, E> parse) {
    EnumSet<E> out = EnumSet.noneOf(type);
    if (values != null) {
      for (String v : values) {
        for (String part : v.split(",")) {
          if (!part.isBlank()) {
            out.add(parse.apply(part.trim()));
          }
        }
      }
    }
    return out;
  }

  private static Optional<LocalDate> date(String name, String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(value.trim()));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + name + "' must be a day like 2026-05-31, was '" + value + "'");
    }
  }

  private static boolean bool(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("'overdue' must be true or false, was '" + v + "'");
    };
  }

  /** Refuses query parameters no endpoint of this kind understands. */
  public static void requireKnown(Iterable<String> names, Set<String> alsoAllowed) {
    for (String n : names) {
      if (!PARAMETERS.contains(n) && !alsoAllowed.contains(n)) {
        List<String> all = new java.util.ArrayList<>(PARAMETERS);
        all.addAll(alsoAllowed);
        java.util.Collections.sort(all);
        throw ApiException.badRequest("unknown parameter '" + n + "'; expected one of " + String.join(", ", all));
      }
    }
  }
}
