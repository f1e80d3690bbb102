package dev.kubeward.cli.compliance;

import dev.kubeward.cli.UserInputException;
import dev.kubeward.compliance.StandardProblem;
import dev.kubeward.compliance.StandardValidationException;
import dev.kubeward.compliance.Standards;
import dev.kubeward.model.Standard;
import dev.kubeward.posture.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Loads the built-in standards plus custom ones from {@code --standards DIR}, turning problems into user errors. */
public final class StandardSource {
  private StandardSource() {}

  /** The catalogue: built-in standards and those in the folders, validated against these rules. */
  public static Standards load(List<Path> folders, RuleSet rules) {
    if (folders == null || folders.isEmpty()) {
      return rules == RuleSet.builtIn() ? Standards.builtIn() : Standards.builder(rules).addBuiltIn().build();
    }
    Standards.Builder b = Standards.builder(rules).addBuiltIn();
    for (Path p : folders) {
      if (!Files.exists(p)) {
        throw new UserInputException("no such file or folder: " + p);
      }
      b.addPath(p);
    }
    try {
      return b.build();
    } catch (StandardValidationException e) {
      throw new UserInputException("invalid standards: " + e.problems().stream().map(StandardProblem::describe)
          .collect(Collectors.joining("; ")));
    }
  }

  /** The standard with this id, or a user error naming the known ids. */
  public static Standard get(Standards standards, String id) {
    return standards.get(id).orElseThrow(() -> new UserInputException("unknown standard '" + id + "'; known: "
        + String.join(", ", standards.ids())));
  }
}
