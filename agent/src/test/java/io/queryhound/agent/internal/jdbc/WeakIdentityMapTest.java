package io.queryhound.agent.internal.jdbc;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's map from JDBC objects to what it knows of them: lookups by identity, and entries that go away when
 * the application drops its objects, without waiting for the application to create another one.
 */
class WeakIdentityMapTest {

    /** Generous: the collector and the cleanup thread only need a moment, but the machines are shared. */
    private static final long PATIENCE_MILLIS = 30_000;

    @Test
    void findsEntriesByIdentityNotByEquality() {
        WeakIdentityMap<String> map = new WeakIdentityMap<>();
        String key = new String("statement");
        String equalButDistinct = new String("statement");
        map.put(key, "info");

        assertThat(map.get(key)).isEqualTo("info");
        assertThat(map.get(equalButDistinct)).isNull();
        assertThat(map.remove(key)).isEqualTo("info");
        assertThat(map.get(key)).isNull();
    }

    @Test
    void entriesOfCollectedKeysAreRemovedWithoutAnotherPut() throws InterruptedException {
        WeakIdentityMap<String> map = new WeakIdentityMap<>();
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Object key = new Object();
            keys.add(key);
            map.put(key, "statement " + i);
        }
        Object kept = keys.get(0);
        assertThat(map.entries()).isEqualTo(10_000);

        keys.clear(); // the application drops every statement but one, and creates no other
        long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
        while (map.entries() > 1 && System.currentTimeMillis() < deadline) {
            System.gc();
            Thread.sleep(20);
        }

        // entries() does not expunge: only the cleanup thread can have removed them.
        assertThat(map.entries()).isEqualTo(1);
        assertThat(map.get(kept)).isEqualTo("statement 0");
    }
}
