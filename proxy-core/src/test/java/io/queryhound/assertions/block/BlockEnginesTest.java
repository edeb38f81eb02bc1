package io.queryhound.assertions.block;

import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.junit.QueryExpectationError;
import io.queryhound.junit.QueryLog;
import io.queryhound.testing.CapturedDiagnostics;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.queryhound.assertions.block.BlockDb.row;
import static io.queryhound.junit.QueryExpectation.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The block API counts the queries of a DataSource wrapped by any QueryHound engine: one built
 * with the builder, the process-wide one, and one that has since been closed.
 */
class BlockEnginesTest {

    @RegisterExtension
    final CapturedDiagnostics diagnostics = new CapturedDiagnostics();

    private JdbcDataSource h2;
    private final List<QueryHoundEngine> engines = new ArrayList<>();

    @BeforeEach
    void setUp() throws SQLException {
        h2 = BlockDb.withCustomers(3);
    }

    @AfterEach
    void tearDown() {
        engines.forEach(QueryHoundEngine::close);
        assertThat(diagnostics.text()).as("QueryHound's own diagnostics").doesNotContain("internal error");
    }

    private QueryHoundEngine engine() {
        QueryHoundEngine engine = QueryHound.builder().output("none").shutdownHook(false).build();
        engines.add(engine);
        return engine;
    }

    private static int customers(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            return BlockDb.ints(st.executeQuery("select count(*) from customers")).get(0);
        }
    }

    private static void assertCounted(DataSource dataSource) {
        int value = QueryHound.expect(select(1)).during(() -> customers(dataSource));
        assertThat(value).isEqualTo(3);
        QueryLog log = QueryHound.record(() -> customers(dataSource));
        assertThat(log.count()).isEqualTo(1);
        assertThat(log.executions().get(0).sql()).isEqualTo("select count(*) from customers");
        QueryExpectationError error = catchThrowableOfType(QueryExpectationError.class,
                () -> QueryHound.expect(select(2)).during(() -> customers(dataSource)));
        assertThat(error).isNotNull();
        assertThat(error.getMessage()).containsPattern(row("select", "2", 1, true));
    }

    @Test
    void aBuilderBuiltEngine() {
        assertCounted(engine().wrap(h2));
    }

    @Test
    void theProcessWideEngine() {
        assertCounted(QueryHound.wrap(h2));
    }

    @Test
    void anEngineClosedAfterWrappingStillFeedsTheBlockApi() {
        QueryHoundEngine engine = engine();
        DataSource wrapped = engine.wrap(h2);
        engine.close();
        assertThat(engine.isClosed()).isTrue();
        // documented: wrapped DataSources keep working after close(); the engine no longer reports them,
        // but a test recording is process-wide and still sees their queries
        assertCounted(wrapped);
    }

    // Library mode only: under the agent there is no wrapper to tell the two apart, queries are routed by the
    // DataSource itself, and the other engine's wrap of the same h2 (rightly) counts them.
    @Tag("library-mode")
    @Test
    void aDataSourceWrappedAfterTheEngineClosedIsReturnedAsItIsAndNotCounted() throws SQLException {
        QueryHoundEngine engine = engine();
        engine.close();
        DataSource notWrapped = engine.wrap(h2);
        assertThat(notWrapped).isSameAs(h2);
        engine().wrap(h2); // something in the JVM captures, so an empty log is a valid answer
        QueryLog log = QueryHound.record(() -> customers(notWrapped));
        assertThat(log.count()).isZero();
    }

    // Library mode only: under the agent there is no wrapper to tell the two apart, queries are routed by the
    // DataSource itself, and the other engine's wrap of the same h2 (rightly) counts them.
    @Tag("library-mode")
    @Test
    void aDisabledEngineDoesNotCapture() {
        QueryHoundEngine disabled = QueryHound.builder().output("none").shutdownHook(false).enabled(false).build();
        engines.add(disabled);
        DataSource notWrapped = disabled.wrap(h2);
        assertThat(notWrapped).isSameAs(h2);
        engine().wrap(h2);
        QueryLog log = QueryHound.record(() -> customers(notWrapped));
        assertThat(log.count()).isZero();
    }

    @Test
    void aDataSourceWrappedByTwoEnginesIsCountedOnce() {
        DataSource twice = engine().wrap(engine().wrap(h2));
        assertCounted(twice);
        DataSource globalOverBuilt = QueryHound.wrap(engine().wrap(h2));
        assertCounted(globalOverBuilt);
    }

    @Test
    void queriesOfTwoEnginesInOneBlockAreCountedTogether() {
        DataSource first = engine().wrap(h2);
        DataSource second = QueryHound.wrap(h2);
        QueryLog log = QueryHound.expect(select(2)).record(() -> customers(first) + customers(second));
        assertThat(log.statements()).hasSize(1);
        assertThat(log.statements().get(0).count()).isEqualTo(2);
        assertThat(log.statements().get(0).sites()).hasSize(1);
        assertThat(log.statements().get(0).sites().get(0).count()).isEqualTo(2);
    }
}
