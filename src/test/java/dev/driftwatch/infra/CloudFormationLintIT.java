package dev.driftwatch.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cfn-lint (from PyPI, pinned, in its own virtualenv under .local/ so it never meets moto's pins)
 * finds nothing in the template, and does find a planted error.
 */
class CloudFormationLintIT {
    static final String CFN_LINT = "cfn-lint==1.58.0";
    static final Path VENV = Path.of(".local", "cfn-lint");

    record Result(int exitCode, String output) {}

    @BeforeAll
    static void install() throws Exception {
        Path marker = VENV.resolve("installed.txt");
        if (Files.exists(marker) && Files.readString(marker).equals(CFN_LINT)) {
            return;
        }
        run(List.of("python3", "-m", "venv", VENV.toString()), 120);
        Result pip = run(
                List.of(
                        VENV.resolve("bin/pip").toString(),
                        "install",
                        "--quiet",
                        "--disable-pip-version-check",
                        CFN_LINT),
                600);
        assertEquals(0, pip.exitCode(), pip.output());
        Files.writeString(marker, CFN_LINT);
    }

    private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(timeoutSeconds, TimeUnit.SECONDS), "timed out: " + command);
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static Result lint(Path template) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of(VENV.resolve("bin/cfn-lint").toString(), template.toString()));
        return run(command, 120);
    }

    @Test
    void lint_template_clean() throws Exception {
        Result result = lint(LeastPrivilegeIT.TEMPLATE);
        assertEquals(new Result(0, ""), result);
    }

    @Test
    void lint_plantedError_reported(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(
                broken,
                Files.readString(LeastPrivilegeIT.TEMPLATE)
                        .replace("BillingMode: PAY_PER_REQUEST", "BillingMode: PAY_AS_YOU_GO"));
        Result result = lint(broken);
        assertEquals(2, result.exitCode(), result.output());
        assertTrue(
                result.output().contains("E3030 'PAY_AS_YOU_GO' is not one of ['PAY_PER_REQUEST', 'PROVISIONED']"),
                result.output());
    }
}
