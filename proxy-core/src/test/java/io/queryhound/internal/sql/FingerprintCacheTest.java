package io.queryhound.internal.sql;

import io.queryhound.SqlDialect;
import io.queryhound.SqlFingerprint;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FingerprintCacheTest {

    @Test
    void aHitReturnsTheSameInstance() {
        FingerprintCache cache = new FingerprintCache(SqlDialect.GENERIC, 64, 4096);
        String sql = "select * from orders where id = 42";
        SqlFingerprint first = cache.get(sql);
        assertThat(cache.get(sql)).isSameAs(first);
        // An equal string that is another instance hits too.
        assertThat(cache.get(new String(sql.toCharArray()))).isSameAs(first);
        assertThat(cache.contains(sql)).isTrue();
        assertThat(first.template()).isEqualTo("select * from orders where id = ?");
    }

    @Test
    void statementsOverTheSizeLimitAreFingerprintedButNotRetained() {
        FingerprintCache cache = new FingerprintCache(SqlDialect.GENERIC, 64, 40);
        String small = "select * from t where a = 1";
        String large = "select * from t where a = 1 and b = 2 and c = 3 and d = 4";
        assertThat(cache.get(large).template()).isEqualTo("select * from t where a = ? and b = ? and c = ? and d = ?");
        assertThat(cache.contains(large)).isFalse();
        assertThat(cache.size()).isZero();
        cache.get(small);
        assertThat(cache.contains(small)).isTrue();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void theCapacityBoundsWhatIsRetained() {
        FingerprintCache cache = new FingerprintCache(SqlDialect.GENERIC, 64, 4096);
        for (int i = 0; i < 100_000; i++) {
            cache.get("select c" + i);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(64).isGreaterThan(32);
        assertThat(cache.capacity()).isEqualTo(64);
        assertThat(new FingerprintCache(SqlDialect.GENERIC, 100, 10).capacity()).isEqualTo(128);
        assertThat(new FingerprintCache(SqlDialect.GENERIC, 1, 10).capacity()).isEqualTo(2);
    }

    @Test
    void theSharedCacheIsOnePerDialect() {
        assertThat(FingerprintCache.shared(SqlDialect.MYSQL)).isSameAs(FingerprintCache.shared(SqlDialect.MYSQL));
        assertThat(FingerprintCache.shared(SqlDialect.MYSQL)).isNotSameAs(FingerprintCache.shared(SqlDialect.GENERIC));
        assertThat(FingerprintCache.shared(SqlDialect.MYSQL).capacity()).isEqualTo(FingerprintCache.DEFAULT_CAPACITY);
        // The dialect matters: double quotes are a string in MySQL, an identifier elsewhere.
        assertThat(FingerprintCache.shared(SqlDialect.MYSQL).get("select \"a\"").template()).isEqualTo("select ?");
        assertThat(FingerprintCache.shared(SqlDialect.GENERIC).get("select \"a\"").template()).isEqualTo("select \"a\"");
    }

    @Test
    void nullIsTheEmptyStatement() {
        FingerprintCache cache = new FingerprintCache(SqlDialect.GENERIC, 64, 4096);
        assertThat(cache.get(null).template()).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void invalidSettingsAreRejectedWithTheValue() {
        assertThatThrownBy(() -> new FingerprintCache(SqlDialect.GENERIC, 0, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity 0");
        assertThatThrownBy(() -> new FingerprintCache(SqlDialect.GENERIC, 10, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxCachedSqlLength -1");
        assertThatThrownBy(() -> new FingerprintCache(null, 10, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dialect");
    }

    @Test
    void aHitAllocatesNothing() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs per-thread allocation counters");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        FingerprintCache cache = new FingerprintCache(SqlDialect.GENERIC, 64, 4096);
        String[] statements = {"select * from a where id = ?", "update b set x = ? where id = ?", "delete from c"};
        for (int warm = 0; warm < 20_000; warm++) {
            cache.get(statements[warm % statements.length]);
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++) {
            cache.get(statements[i % statements.length]);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        // 100,000 hits; a single allocating hit would cost far more than this slack for the counter itself.
        assertThat(allocated).as("bytes allocated by 100,000 cache hits").isLessThan(10_000);
    }

    @Test
    void concurrentUseGivesCorrectFingerprints() throws Exception {
        List<String> statements = new ArrayList<>();
        List<String> templates = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String sql = "select c" + (i % 50) + " from t" + i + " where id in (" + "1, ".repeat(i % 7) + "2) and s = 'x" + i + "'";
            statements.add(sql);
            templates.add(Fingerprinter.fingerprint(sql, SqlDialect.GENERIC).template());
        }
        // Small, so that threads keep evicting each other's entries while they read.
        FingerprintCache cache = new FingerprintCache(SqlDialect.GENERIC, 32, 4096);
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Random random = new Random(t);
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 10_000; i++) {
                        int n = random.nextInt(statements.size());
                        SqlFingerprint fingerprint = cache.get(statements.get(n));
                        if (!fingerprint.template().equals(templates.get(n))) {
                            failures.add(statements.get(n) + " -> " + fingerprint.template());
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
        assertThat(cache.size()).isLessThanOrEqualTo(32);
    }
}
