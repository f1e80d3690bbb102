package dev.kubeward.runtime.detection.internal;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one CEL environment every detection compiles in: variables {@code event} and {@code params} (maps), the standard
 * macros, optional syntax ({@code event.api.object.?spec.?hostNetwork.orValue(false)}), the string extensions
 * ({@code lowerAscii}, {@code split}, ...) and Kubeward's functions: {@code inCidrs(ip, cidrs)}.
 */
public final class CelEnvironment {
  private static final Cel CEL = build();

  private CelEnvironment() {}

  private static Cel build() {
    CelOptions options = CelOptions.current()
        .enableOptionalSyntax(true)
        .enableHeterogeneousNumericComparisons(true)
        .comprehensionMaxIterations(10_000)
        .build();
    return CelFactory.standardCelBuilder()
        .setOptions(options)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .addCompilerLibraries(CelExtensions.optional(), CelExtensions.strings())
        .addRuntimeLibraries(CelExtensions.optional(), CelExtensions.strings())
        .addVar("event", SimpleType.DYN)
        .addVar("params", SimpleType.DYN)
        .addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration("inCidrs",
            CelOverloadDecl.newGlobalOverload("inCidrs_string_list", SimpleType.BOOL, SimpleType.STRING,
                ListType.create(SimpleType.DYN))))
        .addFunctionBindings(CelFunctionBinding.from("inCidrs_string_list", String.class, List.class,
            (ip, cidrs) -> Cidrs.inAny(ip, cidrs)))
        .build();
  }

  /** A compiled expression, ready to evaluate against an event map and parameters. */
  public static final class Compiled {
    private final String source;
    private final CelRuntime.Program program;

    private Compiled(String source, CelRuntime.Program program) {
      this.source = source;
      this.program = program;
    }

    /** The expression text. */
    public String source() {
      return source;
    }

    /** Evaluates; the result's type is whatever the expression gives. */
    public Object eval(Map<String, Object> event, Map<String, Object> params) throws CelEvaluationException {
      return program.eval(name -> switch (name) {
        case "event" -> Optional.of(event);
        case "params" -> Optional.of(params);
        default -> Optional.empty();
      });
    }

    /**
     * Evaluates a condition.
     *
     * @throws CelEvaluationException when evaluation fails or the result is not a boolean
     */
    public boolean test(Map<String, Object> event, Map<String, Object> params) throws CelEvaluationException {
      Object r = eval(event, params);
      if (r instanceof Boolean b) {
        return b;
      }
      throw new CelEvaluationException("condition gave " + (r == null ? "null" : r.getClass().getSimpleName())
          + ", not a boolean");
    }
  }

  /**
   * Compiles an expression.
   *
   * @param booleanResult true for conditions: an expression whose static type is neither bool nor dyn is refused
   * @throws IllegalArgumentException with CEL's message (position and caret) when it does not compile
   */
  public static Compiled compile(String expression, boolean booleanResult) {
    try {
      CelAbstractSyntaxTree ast = CEL.compile(expression).getAst();
      CelKind kind = ast.getResultType().kind();
      if (booleanResult && kind != CelKind.BOOL && kind != CelKind.DYN) {
        throw new IllegalArgumentException("condition must give a boolean, but gives " + ast.getResultType().name());
      }
      return new Compiled(expression, CEL.createProgram(ast));
    } catch (CelValidationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (dev.cel.common.CelException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
