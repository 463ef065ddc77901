package dev.driftwatch.cli;

/** The {@code --format} of the commands that print a table for people or JSON lines for programs. */
enum TableOrJson {
    table,
    json
}
