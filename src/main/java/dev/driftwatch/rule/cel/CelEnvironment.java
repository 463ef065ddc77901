package dev.driftwatch.rule.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelReference;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CEL environment of rules: the variables {@code oldSelf}, {@code newSelf} (maps of attribute
 * name to value), {@code event} and {@code keys}, the standard macros, and the cost bound: at most
 * {@link #MAX_ITERATIONS} comprehension steps per evaluation and {@link #MAX_LENGTH} characters per
 * expression. Compiling is thread-safe; programs are too.
 */
final class CelEnvironment {
    static final String OLD_SELF = "oldSelf";
    static final String NEW_SELF = "newSelf";
    static final String EVENT = "event";
    static final String KEYS = "keys";
    static final int MAX_ITERATIONS = 1_000;
    static final int MAX_LENGTH = 2_000;

    private static final CelType IMAGE = MapType.create(SimpleType.STRING, SimpleType.DYN);
    private static final CelOptions OPTIONS = CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .comprehensionMaxIterations(MAX_ITERATIONS)
            .build();

    private final CelCompiler compiler;
    private final CelCompiler boolCompiler;
    private final CelRuntime runtime;

    CelEnvironment() {
        compiler = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar(OLD_SELF, IMAGE)
                .addVar(NEW_SELF, IMAGE)
                .addVar(EVENT, SimpleType.STRING)
                .addVar(KEYS, IMAGE)
                .build();
        boolCompiler =
                compiler.toCompilerBuilder().setResultType(SimpleType.BOOL).build();
        runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
                .setOptions(OPTIONS)
                .build();
    }

    /**
     * Parses and type-checks one expression.
     *
     * @param field where the expression stands (assert, when, message), for the error
     * @throws CelCompileException with the first error's 1-based line and column
     */
    CompiledExpression compile(String field, String expression, boolean mustBeBool) {
        if (expression.length() > MAX_LENGTH) {
            throw new CelCompileException(field, 1, 1, "longer than " + MAX_LENGTH + " characters");
        }
        CelValidationResult result = (mustBeBool ? boolCompiler : compiler).compile(expression);
        if (result.hasError()) {
            CelIssue first = result.getErrors().get(0);
            throw new CelCompileException(
                    field,
                    first.getSourceLocation().getLine(),
                    first.getSourceLocation().getColumn() + 1,
                    first.getMessage());
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            Set<String> variables = new TreeSet<>();
            for (CelReference reference : ast.getReferenceMap().values()) {
                if (Set.of(OLD_SELF, NEW_SELF, EVENT, KEYS).contains(reference.name())) {
                    variables.add(reference.name());
                }
            }
            return new CompiledExpression(field, expression, runtime.createProgram(ast), variables);
        } catch (CelValidationException | CelEvaluationException e) {
            throw new CelCompileException(field, 1, 1, e.getMessage());
        }
    }
}
