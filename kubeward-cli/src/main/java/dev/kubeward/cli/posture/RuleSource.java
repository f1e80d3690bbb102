package dev.kubeward.cli.posture;

import dev.kubeward.cli.UserInputException;
import dev.kubeward.posture.RuleProblem;
import dev.kubeward.posture.RuleSet;
import dev.kubeward.posture.RuleValidationException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Builds the rule set of a command: the built-in rules plus {@code --rules} folders, with readable errors. */
final class RuleSource {
  private RuleSource() {}

  static RuleSet load(List<Path> folders) {
    if (folders == null || folders.isEmpty()) {
      return RuleSet.builtIn();
    }
    RuleSet.Builder builder = RuleSet.builder().addBuiltIn();
    folders.forEach(builder::addPath);
    try {
      return builder.build();
    } catch (RuleValidationException e) {
      throw new UserInputException("invalid rules: " + e.problems().stream().map(RuleProblem::toString)
          .collect(Collectors.joining("; ")));
    }
  }
}
