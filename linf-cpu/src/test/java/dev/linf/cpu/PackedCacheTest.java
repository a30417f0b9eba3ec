package dev.linf.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The packed-weights cache: one packing per layer object, by identity, not by equal contents. */
class PackedCacheTest {
    @Test
    void packsEachLayerObjectOnce() {
        PackedCache<String, Object> cache = new PackedCache<>();
        AtomicInteger packs = new AtomicInteger();
        String a = new String("layer");
        String b = new String("layer"); // equal, but another layer
        Object pa = cache.get(a, k -> new Object[] {k, packs.incrementAndGet()});
        assertSame(pa, cache.get(a, k -> new Object[] {k, packs.incrementAndGet()}));
        Object pb = cache.get(b, k -> new Object[] {k, packs.incrementAndGet()});
        assertNotSame(pa, pb);
        assertEquals(2, packs.get());
    }
}
