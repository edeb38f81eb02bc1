package io.queryhound.detection;

import io.queryhound.Finding;
import io.queryhound.FindingType;
import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.Scope;
import io.queryhound.internal.export.InMemoryExporter;
import io.queryhound.testing.H2;
import io.queryhound.testing.RecordingEngine;
import io.queryhound.testing.SqlFunctions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How nested scopes roll up: an outer scope sees every finding below it, reports only what its
 * nested scopes left unreported, and finds what only shows across them (a repeat split between two
 * services of one request).
 */
@SuppressWarnings("try") // a scope is opened for the code inside it, which never names it
class NestedScopesTest {

    private RecordingEngine r;
    private DataSource ds;

    @BeforeEach
    void setUp() throws SQLException {
        r = new RecordingEngine(QueryHound.builder().ticker(SqlFunctions::virtualNanos));
        ds = r.wrap(H2.newDataSource());
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table users (id int primary key, name varchar(20))");
            s.execute("insert into users select x, 'user ' || x from system_range(1, 20)");
            s.execute("create table audit (id int)");
            SqlFunctions.register(s);
        }
        r.engine.reportFindings(); // the set-up's own implicit window is not part of any test
        r.exporter.clear();
    }

    @AfterEach
    void tearDown() {
        r.close();
    }

    private void findUser(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select name from users where id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
    }

    private void findUsers(int... ids) throws SQLException {
        try (Connection c = ds.getConnection()) {
            for (int id : ids) {
                findUser(c, id);
            }
        }
    }

    private static List<Finding> ofType(List<Finding> findings, FindingType type) {
        return findings.stream().filter(f -> f.type() == type).collect(Collectors.toList());
    }

    @Test
    void anOuterScopeListsTheFindingsOfScopesNestedTwoLevelsDown() throws SQLException {
        Scope test;
        Scope http;
        try (Scope t = r.engine.scope("test", Scope.Kind.TEST)) {
            test = t;
            try (Scope h = r.engine.scope("GET /users", Scope.Kind.HTTP)) {
                http = h;
                try (Scope m = r.engine.scope("UserService.load", Scope.Kind.METHOD)) {
                    findUsers(1, 2, 3, 4, 5);
                }
            }
        }
        assertThat(ofType(http.findings(), FindingType.N_PLUS_ONE)).singleElement()
                .extracting(Finding::scope).isEqualTo("UserService.load");
        assertThat(ofType(test.findings(), FindingType.N_PLUS_ONE)).singleElement()
                .extracting(Finding::scope).isEqualTo("UserService.load");
        r.engine.reportFindings();
        assertThat(ofType(r.exporter.findings(), FindingType.N_PLUS_ONE)).as("written once").hasSize(1);
        assertThat(r.exporter.findingSummaries()).as("and never counted again").isEmpty();
    }

    @Test
    void anOuterScopeDoesNotReportAgainWhatANestedScopeReported() throws SQLException {
        Scope outer;
        try (Scope o = r.engine.scope("outer")) {
            outer = o;
            try (Scope inner = r.engine.scope("inner")) {
                findUsers(1, 2, 3, 4, 5, 6, 7, 8);
            }
            findUsers(9); // one more from the same line: far from a loop of its own
        }
        assertThat(ofType(outer.findings(), FindingType.N_PLUS_ONE)).singleElement()
                .satisfies(f -> assertThat(f.scope()).isEqualTo("inner"))
                .satisfies(f -> assertThat(f.count()).isEqualTo(8));
        r.engine.reportFindings();
        assertThat(r.exporter.findings()).extracting(Finding::type).containsExactly(FindingType.N_PLUS_ONE);
        assertThat(r.exporter.findingSummaries()).isEmpty();
    }

    @Test
    void anOuterScopeReportsOnlyTheLoopThatIsLeftWhenItIsALoopOfItsOwn() throws SQLException {
        Scope outer;
        try (Scope o = r.engine.scope("outer")) {
            outer = o;
            try (Scope inner = r.engine.scope("inner")) {
                findUsers(1, 2, 3);
            }
            findUsers(4, 5, 6, 7);
        }
        List<Finding> loops = ofType(outer.findings(), FindingType.N_PLUS_ONE);
        assertThat(loops).extracting(Finding::scope).containsExactly("inner", "outer");
        assertThat(loops).extracting(Finding::count).containsExactly(3L, 4L);
    }

    @Test
    void aLoopWithRepeatedKeysInANestedScopeIsNotAlsoARepeatedQueryOfTheOuterScope() throws SQLException {
        Scope outer;
        try (Scope o = r.engine.scope("outer")) {
            outer = o;
            try (Scope inner = r.engine.scope("inner")) {
                findUsers(1, 2, 1, 3, 2);
            }
        }
        assertThat(outer.findings()).extracting(Finding::type).containsExactly(FindingType.N_PLUS_ONE);
    }

    @Test
    void theSameLookupInTwoNestedScopesIsARepeatedQueryOfTheScopeTheyShare() throws SQLException {
        Scope request;
        try (Scope req = r.engine.scope("GET /orders/42")) {
            request = req;
            try (Scope serviceA = r.engine.scope("OrderService.load")) {
                findUsers(42 % 20);
            }
            try (Scope serviceB = r.engine.scope("InvoiceService.load")) {
                findUsers(42 % 20);
            }
        }
        Finding repeated = ofType(request.findings(), FindingType.REPEATED_QUERY).stream()
                .filter(f -> f.scope().equals("GET /orders/42")).findFirst().orElseThrow();
        assertThat(repeated.count()).isEqualTo(2);
        assertThat(repeated.distinctParams()).isEqualTo(1);
        assertThat(ofType(request.findings(), FindingType.N_PLUS_ONE)).isEmpty();
    }

    @Test
    void aBudgetReportedByANestedScopeIsNotReportedAgainForOneMoreOuterQuery() throws SQLException {
        r.close();
        r = new RecordingEngine(QueryHound.builder().ticker(SqlFunctions::virtualNanos).set("maxQueriesPerScope", "3"));
        ds = r.wrap(H2.newDataSource());
        Scope outer;
        try (Scope o = r.engine.scope("outer"); Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            outer = o;
            try (Scope inner = r.engine.scope("inner")) {
                for (int i = 0; i < 5; i++) {
                    s.executeQuery("select " + i).close();
                }
            }
            s.executeQuery("select 99").close();
        }
        assertThat(ofType(outer.findings(), FindingType.QUERY_BUDGET)).singleElement()
                .satisfies(f -> assertThat(f.scope()).isEqualTo("inner"))
                .satisfies(f -> assertThat(f.count()).isEqualTo(5));
    }

    @Test
    void closedEnginesCanBeCollectedThoughThisThreadRanTheirQueries() throws SQLException {
        List<WeakReference<InMemoryExporter>> exporters = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            InMemoryExporter exporter = new InMemoryExporter();
            QueryHoundEngine engine = QueryHound.builder().exporter(exporter).statsIntervalSeconds(3600)
                    .shutdownHook(false).build();
            DataSource wrapped = engine.wrap(H2.newDataSource());
            try (Connection c = wrapped.getConnection(); Statement s = c.createStatement()) {
                s.executeQuery("select 1").close(); // this thread now has per-thread state of the engine
            }
            try (Scope scope = engine.scope("open-and-closed")) {
                assertThat(scope.name()).isEqualTo("open-and-closed");
            }
            engine.close();
            exporters.add(new WeakReference<>(exporter));
        }
        long alive = exporters.size();
        for (int attempt = 0; attempt < 20 && alive > 0; attempt++) {
            System.gc();
            // Stale thread-local entries are only dropped when this thread's map is used again.
            for (int i = 0; i < 64; i++) {
                new ThreadLocal<Object>().set(i);
            }
            alive = exporters.stream().filter(ref -> ref.get() != null).count();
        }
        assertThat(alive).as("exporters of closed engines still reachable").isZero();
    }

    /** The line of the caller: put it on the same line as the JDBC call it locates. */
    private static int here() {
        return StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst()).orElseThrow().getLineNumber();
    }

    @Test
    void twoNestedLoopsOverTheSameKeysAreNotAlsoARepeatedQueryOfTheOuterScope() throws SQLException {
        Scope outer;
        try (Scope o = r.engine.scope("outer")) {
            outer = o;
            try (Scope a = r.engine.scope("a")) {
                findUsers(1, 2, 3, 4, 5);
            }
            try (Scope b = r.engine.scope("b")) {
                findUsers(1, 2, 3, 4, 5);
            }
        }
        assertThat(outer.findings()).extracting(Finding::type, Finding::scope).containsExactly(
                org.assertj.core.groups.Tuple.tuple(FindingType.N_PLUS_ONE, "a"),
                org.assertj.core.groups.Tuple.tuple(FindingType.N_PLUS_ONE, "b"));
    }

    @Test
    void aRepeatAlreadyReportedInOneNestedScopeAndRunOnceMoreInAnotherIsTwoExecutions() throws SQLException {
        Scope outer;
        try (Scope o = r.engine.scope("outer")) {
            outer = o;
            try (Scope a = r.engine.scope("a")) {
                findUsers(7, 7);
            }
            try (Scope b = r.engine.scope("b")) {
                findUsers(7);
            }
        }
        List<Finding> repeated = ofType(outer.findings(), FindingType.REPEATED_QUERY);
        assertThat(repeated).extracting(Finding::scope).containsExactly("a", "outer");
        assertThat(repeated).extracting(Finding::count).containsExactly(2L, 2L);
    }

    @Test
    void identicalLookupsAfterANestedLoopAreARepeatedQueryNotALoop() throws SQLException {
        Scope outer;
        try (Scope o = r.engine.scope("outer")) {
            outer = o;
            try (Scope inner = r.engine.scope("inner")) {
                findUsers(1, 2, 3, 4, 5);
            }
            findUsers(7, 7, 7, 7, 7);
        }
        assertThat(outer.findings()).extracting(Finding::type, Finding::scope, Finding::count).containsExactly(
                org.assertj.core.groups.Tuple.tuple(FindingType.N_PLUS_ONE, "inner", 5L),
                org.assertj.core.groups.Tuple.tuple(FindingType.REPEATED_QUERY, "outer", 5L));
    }

    @Test
    void anOuterLoopReportsTheTimesOfItsOwnExecutionsOnly() throws SQLException {
        String slowLookup = "select name from users where id = ? and advance_micros(?) >= 0";
        Scope outer;
        try (Scope o = r.engine.scope("outer"); Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(slowLookup)) {
            outer = o;
            try (Scope inner = r.engine.scope("inner")) {
                for (int id = 1; id <= 5; id++) {
                    timedLookup(ps, id, id == 3 ? 80_000 : 1_000);
                }
            }
            for (int id = 6; id <= 10; id++) {
                timedLookup(ps, id, 1_000);
            }
        }
        Finding outerLoop = ofType(outer.findings(), FindingType.N_PLUS_ONE).stream()
                .filter(f -> f.scope().equals("outer")).findFirst().orElseThrow();
        assertThat(outerLoop.count()).isEqualTo(5);
        assertThat(outerLoop.totalMillis()).isEqualTo(5.0);
        assertThat(outerLoop.maxMillis()).isEqualTo(1.0);
    }

    private static void timedLookup(PreparedStatement ps, int id, int micros) throws SQLException {
        ps.setInt(1, id);
        ps.setInt(2, micros);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
        }
    }

    @Test
    void aLoopInANestedScopeGetsNoTriggerFromAQueryFarBeforeIt() throws SQLException {
        Scope outer;
        try (Scope o = r.engine.scope("outer"); Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            outer = o;
            s.executeQuery("select count(*) from users").close();
            for (int i = 0; i < 20; i++) {
                s.executeUpdate("insert into audit values (" + i + ")");
            }
            try (Scope inner = r.engine.scope("inner")) {
                findUsers(1, 2, 3, 4, 5);
            }
        }
        assertThat(ofType(outer.findings(), FindingType.N_PLUS_ONE)).singleElement()
                .satisfies(f -> assertThat(f.trigger()).as("a count 21 statements back drove nothing").isNull());
    }

    @Test
    void anOuterBudgetCrossedInsideANestedScopeThatAlsoWentOverNamesTheOutersCrossingLine() throws SQLException {
        r.close();
        r = new RecordingEngine(QueryHound.builder().ticker(SqlFunctions::virtualNanos).set("maxQueriesPerScope", "10"));
        ds = r.wrap(H2.newDataSource());
        Scope outer;
        int outerCrossing = -1;
        try (Scope o = r.engine.scope("outer"); Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            outer = o;
            for (int i = 0; i < 5; i++) {
                s.executeQuery("select " + i).close();
            }
            try (Scope inner = r.engine.scope("inner")) {
                for (int i = 0; i < 11; i++) {
                    if (i == 5) {
                        outerCrossing = here(); s.executeQuery("select 'sixth'").close();
                    } else {
                        s.executeQuery("select " + (100 + i)).close();
                    }
                }
            }
            for (int i = 0; i < 6; i++) {
                s.executeQuery("select " + (200 + i)).close();
            }
        }
        Finding budget = ofType(outer.findings(), FindingType.QUERY_BUDGET).stream()
                .filter(f -> f.scope().equals("outer")).findFirst().orElseThrow();
        assertThat(budget.count()).isEqualTo(22);
        assertThat(budget.callSite().lineNumber()).isEqualTo(outerCrossing);
    }
}
