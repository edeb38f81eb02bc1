package io.queryhound.reliability;

import io.queryhound.Exporter;
import io.queryhound.Finding;
import io.queryhound.FindingType;
import io.queryhound.QueryHound;
import io.queryhound.QueryHoundEngine;
import io.queryhound.Scope;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The destination of the output stops answering (a full pipe, a stalled log shipper): the exporter
 * blocks on its first record until the test lets it go. The application's requests must all
 * complete meanwhile, since only QueryHound's reporting thread waits, and once the destination
 * answers again every finding made in the meantime is written. No timing is measured: the
 * requests complete while the exporter is provably still blocked.
 */
@Tag("reliability")
class SlowDestinationTest {

    private static final int REQUESTS = 200;

    @Test
    @SuppressWarnings("try") // the scopes are opened for the statements inside them, which never name them
    void requestsCompleteWhileTheDestinationIsBlockedAndNothingIsLost() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Finding> written = new CopyOnWriteArrayList<>();
        Exporter stalled = new Exporter() {
            @Override
            public void finding(Finding finding) {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                written.add(finding);
            }
        };
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:slow-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        QueryHoundEngine engine = QueryHound.builder().exporter(stalled).statsIntervalSeconds(3600)
                .shutdownHook(false).set("slowQueryMillis", "60000").build();
        DataSource dataSource = engine.wrap(h2);
        long rows = 0;
        try (Connection connection = dataSource.getConnection()) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("create table item (id int primary key)");
                ddl.execute("insert into item select x from system_range(1, 10)");
            }
            for (int request = 0; request < REQUESTS; request++) {
                try (Scope ignored = engine.scope("GET /items/" + request)) {
                    // A distinct statement per request (its alias), so each request's N+1 is its own finding.
                    String alias = "t" + request;
                    try (PreparedStatement lookup = connection.prepareStatement(
                            "select " + alias + ".id from item " + alias + " where " + alias + ".id = ?")) {
                        for (int id = 1; id <= 5; id++) {
                            lookup.setInt(1, id);
                            try (ResultSet result = lookup.executeQuery()) {
                                while (result.next()) {
                                    rows++;
                                }
                            }
                        }
                    }
                }
                if (request == 0) {
                    assertThat(blocked.await(60, TimeUnit.SECONDS)).as("the exporter received the first finding").isTrue();
                }
            }
        }
        long stillBlocked = release.getCount();
        assertThat(stillBlocked).as("every request completed while the destination was blocked").isEqualTo(1);
        assertThat(rows).isEqualTo(REQUESTS * 5L);
        assertThat(written).isEmpty();

        release.countDown();
        engine.close(); // writes what was queued
        System.out.printf(Locale.ROOT, "[reliability] slow destination: %d requests completed while the exporter was"
                + " blocked; %d findings written once it answered%n", REQUESTS, written.size());
        // One N+1 per request; anything else (the first connection to H2 being slow) comes on top.
        assertThat(written).filteredOn(finding -> finding.type() == FindingType.N_PLUS_ONE).hasSize(REQUESTS)
                .extracting(Finding::scope).doesNotHaveDuplicates();
    }
}
