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

    /**
     * Where the collector reports keys it cleared, for every map. A daemon thread removes their entries as they
     * arrive: waiting for the next {@link #put} instead kept the entries of a burst of unclosed statements (several
     * MB for 200,000) for as long as the application created no other statement. {@link #put} drains it too, in
     * case the thread could not be started.
     */
    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();

    static {
        try {
            Thread cleaner = new Thread(WeakIdentityMap::removeCollected, "queryhound-jdbc-cleanup");
            cleaner.setDaemon(true);
            cleaner.start();
        } catch (Throwable e) {
            // A security manager or an exhausted thread limit: entries then go at the next put.
        }
    }

    private final ConcurrentHashMap<Object, V> map = new ConcurrentHashMap<>();
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
        map.put(new WeakKey(key, map), value);
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

    /** Entries held, collected keys included: what the cleanup thread has not yet removed. */
    int entries() {
        return map.size();
    }

    private static void expunge() {
        Object stale;
        while ((stale = COLLECTED.poll()) != null) {
            ((WeakKey) stale).removeFromOwner();
        }
    }

    private static void removeCollected() {
        while (true) {
            try {
                ((WeakKey) COLLECTED.remove()).removeFromOwner();
            } catch (InterruptedException e) {
                return;
            } catch (Throwable e) {
                // Never let the thread die: the next put still expunges, but idle applications rely on this one.
            }
        }
    }

    /** A stored key. Equal to another key, or to a probe, that refers to the same object. */
    private static final class WeakKey extends WeakReference<Object> {
        private final int hash;
        /** The map holding this key, so that the shared cleanup knows where to remove it from. */
        private final ConcurrentHashMap<Object, ?> owner;

        WeakKey(Object referent, ConcurrentHashMap<Object, ?> owner) {
            super(referent, COLLECTED);
            this.hash = System.identityHashCode(referent);
            this.owner = owner;
        }

        void removeFromOwner() {
            owner.remove(this);
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
