package io.queryhound.demo.orders.customer;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The regions, read from the database once and then kept: reference data that changes with a release, not between
 * two requests, so the endpoints that label things by region need not ask the database each time.
 */
public final class RegionCache {

    private final RegionRepository regions;
    private volatile Map<String, Region> byCode;

    public RegionCache(RegionRepository regions) {
        this.regions = regions;
    }

    /** All regions, ordered by name. */
    public List<Region> all() throws SQLException {
        return List.copyOf(load().values());
    }

    public boolean exists(String code) throws SQLException {
        return load().containsKey(code);
    }

    private Map<String, Region> load() throws SQLException {
        Map<String, Region> loaded = byCode;
        if (loaded == null) {
            synchronized (this) {
                loaded = byCode;
                if (loaded == null) {
                    Map<String, Region> map = new LinkedHashMap<>();
                    for (Region region : regions.findAll()) {
                        map.put(region.code(), region);
                    }
                    byCode = loaded = map;
                }
            }
        }
        return loaded;
    }
}
