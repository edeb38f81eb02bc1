package io.queryhound.demo.orders.export;

import io.queryhound.demo.orders.export.OrderExportRepository.ExportedOrder;

import java.sql.SQLException;
import java.util.List;

/** Exports a region's orders. */
public final class OrderExportService {

    /** One page and where the next one starts; {@code nextAfter} is null on the last page. */
    public record ExportPage(String region, List<ExportedOrder> orders, Long nextAfter) {
    }

    private final OrderExportRepository orders;

    public OrderExportService(OrderExportRepository orders) {
        this.orders = orders;
    }

    /** Naive: the whole region in one response, tens of thousands of rows read in one go. */
    public ExportPage exportAll(String region) throws SQLException {
        return new ExportPage(region, orders.findAllByRegion(region), null);
    }

    /** Fixed: one page; the client asks again with {@code after=nextAfter} until it is null. */
    public ExportPage exportPage(String region, long afterId, int limit) throws SQLException {
        List<ExportedOrder> page = orders.findPageByRegion(region, afterId, limit);
        Long nextAfter = page.size() < limit ? null : page.get(page.size() - 1).id();
        return new ExportPage(region, page, nextAfter);
    }
}
