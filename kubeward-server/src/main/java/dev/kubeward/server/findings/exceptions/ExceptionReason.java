package dev.kubeward.server.findings.exceptions;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Why a finding is accepted. The first five are the VEX "not affected" justifications (CISA/OpenVEX) for
 * vulnerabilities; the rest apply to any kind.
 */
public enum ExceptionReason {
  /** VEX: the vulnerable component is not in the product. */
  COMPONENT_NOT_PRESENT("component_not_present"),
  /** VEX: the component is there but not the vulnerable code. */
  VULNERABLE_CODE_NOT_PRESENT("vulnerable_code_not_present"),
  /** VEX: the vulnerable code cannot be reached (vulnerable_code_not_in_execute_path). */
  CODE_NOT_REACHABLE("vulnerable_code_not_in_execute_path"),
  /** VEX: an attacker cannot control the input that reaches the vulnerable code. */
  CANNOT_BE_CONTROLLED_BY_ADVERSARY("vulnerable_code_cannot_be_controlled_by_adversary"),
  /** VEX: mitigations already in place prevent exploitation (inline_mitigations_already_exist). */
  MITIGATED("inline_mitigations_already_exist"),
  /** Not affected, for a reason none of the above names; the justification text says which. */
  NOT_AFFECTED("not_affected"),
  /** The risk is known and accepted for now. */
  ACCEPTED_RISK(null),
  /** The scanner is wrong about this finding. */
  FALSE_POSITIVE(null);

  private final String vexJustification;

  ExceptionReason(String vexJustification) {
    this.vexJustification = vexJustification;
  }

  /** The OpenVEX justification this reason corresponds to, or null when it is not a VEX statement. */
  public String vexJustification() {
    return vexJustification;
  }

  /** {@code code_not_reachable}: the API and database name. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses an API name, case-insensitively; also accepts the VEX justification names.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static ExceptionReason parse(String text) {
    if (text != null) {
      String t = text.trim();
      for (ExceptionReason r : values()) {
        if (r.name().equalsIgnoreCase(t) || (r.vexJustification != null && r.vexJustification.equalsIgnoreCase(t))) {
          return r;
        }
      }
    }
    throw new IllegalArgumentException("unknown exception reason '" + text + "'; expected one of "
        + Arrays.stream(values()).map(ExceptionReason::apiName).collect(Collectors.joining(", ")));
  }
}
