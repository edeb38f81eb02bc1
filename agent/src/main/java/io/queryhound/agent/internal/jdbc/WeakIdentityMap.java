package io.queryhound.agent.internal.jdbc;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A concurrent map from the application's JDBC objects, by identity, to what the agent knows about
 * them. Keys are held weakly, so a statement or connection the application never closes is still
 * collected and its entry dropped (keeping SQL per statement in a strong map is how other agents
 * leaked). Values must not refer to their key, or the key would never become unreachable.
 *
 * <p>Lookups reuse one probe per thread instead of allocating a key: they run once per execution.
 */
final class WeakIdentityMap<V> {

    private final ConcurrentHashMap<Object, V> map = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final ThreadLocal<Probe> probes = ThreadLocal.withInitial(Probe::new);

    /** Hot path. */
    V get(Object key) {
        Probe probe = probes.get();
        probe.set(key);
        try {
            return map.get(probe);
        } finally {
            probe.set(null);
        }
    }

    void put(Object key, V value) {
        expunge();
        map.put(new WeakKey(key, collected), value);
    }

    V remove(Object key) {
        Probe probe = probes.get();
        probe.set(key);
        try {
            return map.remove(probe);
        } finally {
            probe.set(null);
        }
    }

    int size() {
        expunge();
        return map.size();
    }

    private void expunge() {
        Object stale;
        while ((stale = collected.poll()) != null) {
            map.remove(stale);
        }
    }

    /** A stored key. Equal to another key, or to a probe, that refers to the same object. */
    private static final class WeakKey extends WeakReference<Object> {
        private final int hash;

        WeakKey(Object referent, ReferenceQueue<Object> queue) {
            super(referent, queue);
            this.hash = System.identityHashCode(referent);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            Object mine = get();
            if (mine == null) {
                return false; // collected: equal only to itself, so that expunging removes exactly it
            }
            if (other instanceof WeakKey key) {
                return mine == key.get();
            }
            return other instanceof Probe probe && mine == probe.target;
        }
    }

    /** A reusable lookup key; ConcurrentHashMap calls {@code probe.equals(storedKey)}. */
    private static final class Probe {
        private Object target;
        private int hash;

        void set(Object target) {
            this.target = target;
            this.hash = target == null ? 0 : System.identityHashCode(target);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof WeakKey key && key.get() == target;
        }
    }
}
