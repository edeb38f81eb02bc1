package io.queryhound.agent.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The agent jar's command line, {@code java -jar queryhound-agent.jar <command>}: tools for reading
 * what QueryHound wrote, with nothing but the jar at hand. Attaching the agent to an application
 * is the {@code -javaagent} flag, not this.
 */
public final class Cli {

    static final int OK = 0;
    /** Something went wrong while doing the work (reading standard input failed). */
    static final int FAILURE = 1;
    /** The command line itself was wrong: unknown command or option, missing file. */
    static final int USAGE_ERROR = 2;

    static final String USAGE = String.join(System.lineSeparator(),
            "QueryHound finds N+1 loops, batchable writes, repeated and slow statements in JDBC traffic.",
            "",
            "Attach it to an application (no code change):",
            "  java -javaagent:queryhound-agent.jar[=key=value,...] -jar app.jar",
            "  e.g. -javaagent:queryhound-agent.jar=output=/var/log/queryhound.jsonl,slowQueryMillis=200",
            "",
            "Read what it wrote:",
            "  java -jar queryhound-agent.jar <command>",
            "",
            "Commands:",
            "  " + FingerprintCommand.USAGE,
            "      the canonical template, 16-hex id and kind of a statement, as QueryHound's output",
            "      names it; several arguments are joined by spaces, - reads the SQL from standard input",
            "  " + SummaryCommand.USAGE,
            "      the findings and the statements with the most time spent in a QueryHound JSON-lines",
            "      file (- reads standard input); --top limits each table (default "
                    + SummaryCommand.DEFAULT_TOP + ")",
            "  baseline write <file.jsonl>... > queryhound-baseline.json",
            "      the findings of QueryHound output files as a baseline: sorted, no counts, timings or",
            "      timestamps; with the setting baseline=<file>, only findings not in it count as new",
            "  baseline diff <baseline.json> <file.jsonl>...",
            "      the findings that are new, fixed and unchanged against a baseline; exits with 1 when",
            "      there are new ones",
            "  version",
            "      the agent's version",
            "  help",
            "      this text");

    private Cli() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != OK) {
            System.exit(code);
        }
    }

    /** Runs one command and returns its exit code; standard input is {@link System#in}. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err);
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args == null || args.length == 0) {
            err.println(USAGE);
            return USAGE_ERROR;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        switch (args[0]) {
            case "fingerprint":
                return FingerprintCommand.run(rest, in, out, err);
            case "summary":
                return SummaryCommand.run(rest, in, out, err);
            case "baseline":
                return BaselineCommand.run(rest, in, out, err);
            case "version":
            case "--version":
                out.println("queryhound " + version());
                return OK;
            case "help":
            case "--help":
            case "-h":
                out.println(USAGE);
                return OK;
            default:
                err.println("queryhound: unknown command '" + args[0] + "'");
                err.println();
                err.println(USAGE);
                return USAGE_ERROR;
        }
    }

    /** The jar manifest's Implementation-Version; {@code dev} when running from classes. */
    static String version() {
        Package pkg = Cli.class.getPackage();
        String version = pkg == null ? null : pkg.getImplementationVersion();
        return version == null || version.isBlank() ? "dev" : version;
    }
}
