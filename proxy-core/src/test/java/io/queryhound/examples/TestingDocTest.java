package io.queryhound.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.queryhound.QueryHound;
import io.queryhound.examples.JdbcOrderRepository.NewOrder;
import io.queryhound.junit.QueryExpectationError;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.queryhound.junit.QueryExpectation.noNPlusOne;
import static io.queryhound.junit.QueryExpectation.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * docs/testing.md shows the example classes of this package in full, and a failure message of one
 * of them: neither may drift from the code that is compiled and run. Surefire runs tests in the
 * module directory, so the repository root is its parent.
 */
class TestingDocTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("..").normalize();
    private static final Path DOC = ROOT.resolve("docs/testing.md");
    private static final Path EXAMPLES = ROOT.resolve("proxy-core/src/test/java/io/queryhound/examples");
    private static final String PATH_COMMENT = "// proxy-core/src/test/java/";
    private static final String FAILURE_HEADING = "## Reading a failure message";

    @Test
    void everyCompleteExampleInTheDocIsTheFileThatIsCompiled() throws IOException {
        Set<String> shown = new TreeSet<>();
        for (String block : fencedBlocks(read(DOC), "```java")) {
            if (!block.startsWith(PATH_COMMENT)) {
                continue;
            }
            int firstLineEnd = block.indexOf('\n');
            String path = block.substring("// ".length(), firstLineEnd).trim();
            Path file = ROOT.resolve(path).normalize();
            assertThat(file).as("the file named by '// %s' in docs/testing.md", path).isRegularFile();
            assertThat(block.substring(firstLineEnd + 1))
                    .as("the code under '// %s' in docs/testing.md is that file, verbatim", path)
                    .isEqualTo(read(file));
            shown.add(file.getFileName().toString());
        }
        Set<String> examples;
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            examples = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".java") && !name.equals("TestingDocTest.java"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(shown).as("example files shown in full in docs/testing.md").isEqualTo(examples);
    }

    /**
     * The sample is PlainJdbcExampleTest's first test calling {@code recentOrdersNaive(5)} instead of
     * {@code recentOrders(5)}. Rerun the same loop over the same rows: apart from the test's name, the
     * callers above the repository ({@code <-}) and times, the doc must show what is printed today.
     */
    @Test
    void theFailureSampleIsWhatTheNaiveRepositoryPrintsToday() throws Exception {
        List<String> sample = failureSample();
        assertThat(sample.get(0)).isEqualTo(
                "Query expectations failed in PlainJdbcExampleTest.recentOrdersComeWithTheirCustomerInOneQuery()");
        assertThat(PlainJdbcExampleTest.class.getDeclaredMethod("recentOrdersComeWithTheirCustomerInOneQuery"))
                .isNotNull();

        List<String> printed = comparable(naiveRecentOrdersFailure());
        List<String> shown = comparable(sample);
        assertThat(shown).as("the failure sample in docs/testing.md, times and callers aside").isNotEmpty();
        assertThat(printed).as("what the naive loop prints today").containsSubsequence(shown);

        List<String> java = Files.readAllLines(EXAMPLES.resolve("PlainJdbcExampleTest.java"), StandardCharsets.UTF_8);
        Pattern caller = Pattern.compile("<- io\\.queryhound\\.examples\\.PlainJdbcExampleTest\\.\\w+\\(PlainJdbcExampleTest\\.java:(\\d+)\\)");
        int callers = 0;
        for (String line : sample) {
            Matcher matcher = caller.matcher(line);
            if (matcher.find()) {
                callers++;
                assertThat(java.get(Integer.parseInt(matcher.group(1)) - 1)).as(line)
                        .contains("repository.recentOrders(5)");
            }
        }
        assertThat(callers).as("callers in the test named by the sample").isPositive();
    }

    /** The same rows as PlainJdbcExampleTest's set-up, the same loop, the same expectations. */
    private static List<String> naiveRecentOrdersFailure() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:testing-doc;DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            PlainJdbcExampleTest.createSchema(pool);
            JdbcOrderRepository repository = new JdbcOrderRepository(QueryHound.wrap(pool));
            repository.addCustomer(1, "Ada");
            repository.addCustomer(2, "Grace");
            repository.addCustomer(3, "Linus");
            repository.importOrders(List.of(
                    new NewOrder(1, "PAID", 1200), new NewOrder(2, "NEW", 800), new NewOrder(3, "PAID", 4500),
                    new NewOrder(1, "SHIPPED", 300), new NewOrder(2, "PAID", 999)));

            QueryExpectationError error = catchThrowableOfType(QueryExpectationError.class,
                    () -> QueryHound.expect(select(1), noNPlusOne()).during(() -> repository.recentOrdersNaive(5)));
            assertThat(error).as("the naive loop fails select(1) and noNPlusOne()").isNotNull();
            return List.of(error.getMessage().split("\n"));
        }
    }

    /** Drops the name line and the callers, blanks out times and the slow-query notes a loaded machine may add. */
    private static List<String> comparable(List<String> message) {
        List<String> lines = new ArrayList<>();
        for (String line : message.subList(1, message.size())) {
            if (line.isBlank() || line.trim().startsWith("<- ")) {
                continue;
            }
            lines.add(line.replaceAll("; SLOW: slowest [0-9.]+ ms|  SLOW: slowest [0-9.]+ ms", "")
                    .replaceAll("[0-9]+(\\.[0-9]+)? ms\\)", "_ ms)"));
        }
        return lines;
    }

    private static List<String> failureSample() throws IOException {
        String doc = read(DOC);
        int heading = doc.indexOf("\n" + FAILURE_HEADING + "\n");
        assertThat(heading).as("docs/testing.md has a section '%s'", FAILURE_HEADING).isNotNegative();
        List<String> blocks = fencedBlocks(doc.substring(heading), "```");
        assertThat(blocks).as("a fenced block under '%s'", FAILURE_HEADING).isNotEmpty();
        assertThat(blocks.get(0)).startsWith("Query expectations failed in ");
        return List.of(blocks.get(0).split("\n"));
    }

    /** The contents of the fenced blocks opened by exactly {@code fence} (a fence line plus a language, or none). */
    private static List<String> fencedBlocks(String markdown, String fence) {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        boolean wanted = false;
        for (String line : markdown.split("\n", -1)) {
            if (block == null) {
                if (line.startsWith("```")) {
                    block = new StringBuilder();
                    wanted = line.equals(fence);
                }
            } else if (line.equals("```")) {
                if (wanted) {
                    blocks.add(block.toString());
                }
                block = null;
            } else {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
}
