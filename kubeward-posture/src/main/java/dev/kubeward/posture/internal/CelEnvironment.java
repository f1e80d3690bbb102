package dev.kubeward.posture.internal;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.extensions.CelOptionalLibrary;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.List;

/**
 * The CEL environment rules compile in: the variables a rule may use (all {@code dyn}), the standard macros and the
 * extension libraries Kubernetes also offers (strings, sets, optional values), so admission exports stay valid.
 */
public final class CelEnvironment {
  /** Variables every rule may use. */
  public static final List<String> RULE_VARIABLES =
      List.of("object", "podSpec", "podMeta", "container", "containerType", "params", "related");
  /** Variables of a ValidatingAdmissionPolicy expression. */
  public static final List<String> ADMISSION_VARIABLES =
      List.of("object", "oldObject", "params", "request", "namespaceObject", "variables", "authorizer");

  private static final CelOptions OPTIONS = CelOptions.current()
      .enableOptionalSyntax(true)
      .enableHeterogeneousNumericComparisons(true)
      .comprehensionMaxIterations(100_000)
      .build();

  private final CelCompiler compiler;
  private final CelRuntime runtime;

  private CelEnvironment(List<String> variables) {
    var builder = CelCompilerFactory.standardCelCompilerBuilder()
        .setOptions(OPTIONS)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .addLibraries(CelExtensions.strings(), CelOptionalLibrary.INSTANCE, CelExtensions.sets(OPTIONS));
    for (String v : variables) {
      builder.addVar(v, SimpleType.DYN);
    }
    compiler = builder.build();
    runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
        .setOptions(OPTIONS)
        .addLibraries(CelExtensions.strings(), CelOptionalLibrary.INSTANCE, CelExtensions.sets(OPTIONS))
        .build();
  }

  private static final CelEnvironment RULES = new CelEnvironment(RULE_VARIABLES);
  private static final CelEnvironment ADMISSION = new CelEnvironment(ADMISSION_VARIABLES);

  /** The environment of rule conditions, messages and fixes. */
  public static CelEnvironment rules() {
    return RULES;
  }

  /** The environment of ValidatingAdmissionPolicy expressions. */
  public static CelEnvironment admission() {
    return ADMISSION;
  }

  /**
   * Compiles an expression that must produce {@code expected} (or dyn).
   *
   * @throws IllegalArgumentException with the compiler's message (line and column included)
   */
  public CelRuntime.Program compile(String expression, CelType expected) {
    CelValidationResult result = compiler.compile(expression);
    if (result.hasError()) {
      throw new IllegalArgumentException(result.getErrorString().trim());
    }
    try {
      CelAbstractSyntaxTree ast = result.getAst();
      CelType type = ast.getResultType();
      if (expected != null && !type.equals(expected) && !type.equals(SimpleType.DYN)) {
        throw new IllegalArgumentException("the expression yields " + type.name() + ", expected " + expected.name());
      }
      return runtime.createProgram(ast);
    } catch (CelValidationException | CelEvaluationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
