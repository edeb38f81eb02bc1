package io.queryhound.demo.run;

import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import java.util.function.BiFunction;

/**
 * The orders service's endpoints as the demo exercises them: each in its naive and its fixed form,
 * the finding QueryHound should report for the naive one, and how to build the i-th request (from a
 * seeded random, so every run sends the same traffic).
 */
final class Endpoints {

    /** What the service's sample data holds (SampleData; GET /admin/data-set describes it). */
    static final int CUSTOMERS = 20_000;
    static final int PRODUCTS = 5_000;
    static final List<String> REGIONS = List.of("EU", "NA", "LATAM", "APAC", "MEA");

    private Endpoints() {
    }

    /** One HTTP request. */
    record Call(String method, String pathAndQuery, String contentType, String body) {
        static Call get(String pathAndQuery) {
            return new Call("GET", pathAndQuery, null, null);
        }

        /** The path without the query string: the name of the request's scope in QueryHound's output. */
        String path() {
            int query = pathAndQuery.indexOf('?');
            return query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
        }

        /** The scope name the agent gives this request: method and path. */
        String scope() {
            return method + " " + path();
        }
    }

    /** The two forms of one endpoint; {@code requests} builds the i-th request of a form ("naive" or "fixed"). */
    record Endpoint(String key, String title, String technique, String expected, String problem, String fix,
                    BiFunction<String, Integer, Call> requests) {
        Call naive(int i) {
            return requests.apply("naive", i);
        }

        Call fixed(int i) {
            return requests.apply("fixed", i);
        }
    }

    static List<Endpoint> all(long seed) {
        return List.of(
                new Endpoint("recent-orders", "Recent orders with customer names", "JDBC", "N_PLUS_ONE",
                        "one customer lookup per order", "one join",
                        (form, i) -> Call.get("/" + form + "/orders/recent?limit=50")),
                new Endpoint("order-history", "Order history with items", "Hibernate", "N_PLUS_ONE",
                        "lazy items collection touched per order", "fetch join",
                        (form, i) -> Call.get("/" + form + "/orders/history?customer="
                                + (1 + random(seed, 2, i).nextInt(CUSTOMERS)))),
                new Endpoint("prices", "Price list for 40 products", "JDBC", "N_PLUS_ONE",
                        "one lookup per id", "one IN (...) query",
                        (form, i) -> Call.get("/" + form + "/products/prices?ids=" + productIds(random(seed, 3, i)))),
                new Endpoint("import", "Bulk import of 200 orders", "JDBC", "BATCHABLE_DML",
                        "one INSERT/UPDATE per row", "JDBC batching",
                        (form, i) -> new Call("POST", "/" + form + "/orders/import", "text/csv",
                                importCsv(random(seed, 4, i), 200))),
                new Endpoint("dashboard", "Dashboard", "JDBC", "REPEATED_QUERY",
                        "six COUNT queries, regions looked up per widget", "one aggregate query, cached regions",
                        (form, i) -> Call.get("/" + form + "/dashboard")),
                new Endpoint("daily-revenue", "Daily revenue for 31 days", "JDBC", "SLOW_QUERY",
                        "full scan: no index on payments.paid_at", "the same query with a covering index",
                        (form, i) -> {
                            LocalDate from = LocalDate.now().minusDays(60L + random(seed, 6, i).nextInt(600));
                            return Call.get("/" + form + "/reports/daily-revenue?from=" + from + "&to="
                                    + from.plusDays(31));
                        }),
                new Endpoint("export", "Export of a region's orders", "JDBC", "LARGE_RESULT",
                        "every order of the region in one result", "keyset pagination, 500 per page",
                        (form, i) -> {
                            String region = REGIONS.get(i % REGIONS.size());
                            return Call.get(form.equals("naive") ? "/naive/exports/orders?region=" + region
                                    : "/fixed/exports/orders?region=" + region + "&after=0&limit=500");
                        }));
    }

    /** The same random sequence for request {@code i} of endpoint {@code endpoint} in both forms. */
    private static Random random(long seed, int endpoint, int i) {
        return new Random(seed * 1_000_003L + endpoint * 10_007L + i);
    }

    private static String productIds(Random random) {
        StringJoiner ids = new StringJoiner(",");
        random.ints(1, PRODUCTS + 1).distinct().limit(40).forEach(id -> ids.add(Integer.toString(id)));
        return ids.toString();
    }

    private static String importCsv(Random random, int rows) {
        StringBuilder csv = new StringBuilder("customer_id,product_id,quantity\n");
        for (int row = 0; row < rows; row++) {
            csv.append(1 + random.nextInt(CUSTOMERS)).append(',')
                    .append(1 + random.nextInt(PRODUCTS)).append(',')
                    .append(1 + random.nextInt(3)).append('\n');
        }
        return csv.toString();
    }
}
