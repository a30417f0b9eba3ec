package dev.linf.cpu;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Packed copies of layers' weights, keyed by the layer object's identity and dropped with it. Reads
 * take no lock: every band of every layer looks its weights up from all threads at once, which a
 * synchronised {@code WeakHashMap} serialised (15% of SwinIR's samples waited on it).
 *
 * @param <K> the layer type
 * @param <V> its packed form
 */
final class PackedCache<K, V> {
    private final ConcurrentHashMap<Key, V> map = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> dropped = new ReferenceQueue<>();

    /** A weak reference compared by the identity of its referent while it lives. */
    private static final class Key extends WeakReference<Object> {
        private final int hash;

        Key(Object layer, ReferenceQueue<Object> queue) {
            super(layer, queue);
            hash = System.identityHashCode(layer);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            Object mine = get();
            return o instanceof Key k && mine != null && mine == k.get();
        }
    }

    V get(K layer, Function<K, V> pack) {
        // Dropped layers' copies go on every call (an empty queue costs a read), so they never
        // outlive their model in a process that stops loading new ones.
        for (Object gone = dropped.poll(); gone != null; gone = dropped.poll()) {
            map.remove(gone);
        }
        V v = map.get(new Key(layer, null));
        return v != null ? v : map.computeIfAbsent(new Key(layer, dropped), k -> pack.apply(layer));
    }
}
