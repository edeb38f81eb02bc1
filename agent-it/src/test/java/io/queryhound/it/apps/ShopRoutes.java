package io.queryhound.it.apps;

import java.util.List;

/** The requests every HTTP app sends to itself: three to the N+1 route, two to the clean one. */
public final class ShopRoutes {

    /** Query strings included: they must not become part of a scope's name. */
    public static final List<String> REQUESTS = List.of(
            "/orders?page=1",
            "/customers/ok",
            "/orders?page=2",
            "/customers/ok?sort=name",
            "/orders");

    private ShopRoutes() {
    }
}
