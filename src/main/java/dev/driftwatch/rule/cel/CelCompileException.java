package dev.driftwatch.rule.cel;

/** An expression that does not parse or type-check; the message is one line with its position. */
public final class CelCompileException extends RuntimeException {
    private final String field;
    private final int line;
    private final int column;
    private final String reason;

    CelCompileException(String field, int line, int column, String reason) {
        super(field + " " + line + ":" + column + ": "
                + reason.lines().findFirst().orElse(reason));
        this.field = field;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String reason() {
        return reason;
    }
}
