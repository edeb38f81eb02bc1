package io.queryhound.demo.orders;

import io.queryhound.demo.orders.storage.SampleData;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What was generated, and requests that suit each endpoint: the body of {@code GET /admin/data-set}, so that a
 * client need not guess ids, region codes or dates.
 *
 * @param revenueRange a 31-day range that ends yesterday, for {@code /reports/daily-revenue}
 * @param examples     one request per endpoint, in its naive form (each also exists under {@code /fixed})
 */
record DataSetDescription(long seed, int orders, long orderItems, IdRange orderIds, IdRange customerIds,
                          IdRange productIds, List<String> regions, LocalDate firstDay, LocalDate lastDay,
                          DateRange revenueRange, Map<String, String> examples) {

    /** Ids from {@code first} to {@code last}, both included. */
    record IdRange(long first, long last) {
    }

    /** Days from {@code from} to {@code to}, both included. */
    record DateRange(LocalDate from, LocalDate to) {
    }

    static DataSetDescription of(long seed, SampleData data, long orderItems) {
        LocalDate to = data.lastDay().minusDays(1);
        LocalDate from = to.minusDays(30);
        List<String> regions = SampleData.REGIONS.stream().map(SampleData.Region::code).toList();
        Map<String, String> examples = new LinkedHashMap<>();
        examples.put("recentOrders", "GET /naive/orders/recent?limit=50");
        examples.put("orderHistory", "GET /naive/orders/history?customer=42");
        examples.put("priceList", "GET /naive/products/prices?ids=3,17,42,256,1024,4096");
        examples.put("orderImport", "POST /naive/orders/import (text/csv: customer_id,product_id,quantity)");
        examples.put("dashboard", "GET /naive/dashboard");
        examples.put("dailyRevenue", "GET /naive/reports/daily-revenue?from=" + from + "&to=" + to);
        examples.put("orderExport", "GET /naive/exports/orders?region=EU");
        examples.put("orderExportPage", "GET /fixed/exports/orders?region=EU&after=0&limit=500");
        examples.put("revenueMigration", "POST /admin/migrations/revenue-index");
        return new DataSetDescription(seed, data.orders(), orderItems, new IdRange(1, data.orders()),
                new IdRange(1, data.customers()), new IdRange(1, data.products()), regions,
                data.firstDay(), data.lastDay(), new DateRange(from, to), examples);
    }
}
