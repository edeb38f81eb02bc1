package io.queryhound.demo.orders.dashboard;

import io.queryhound.demo.orders.customer.Region;
import io.queryhound.demo.orders.customer.RegionCache;
import io.queryhound.demo.orders.customer.RegionRepository;
import io.queryhound.demo.orders.dashboard.DashboardRepository.Counts;
import io.queryhound.demo.orders.dashboard.DashboardRepository.RegionFigures;
import io.queryhound.demo.orders.dashboard.DashboardRepository.WarehouseStock;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The back office's start page: six headline figures, the region picker, and two widgets labelled by region: low
 * stock per warehouse, and the pending orders per customer region.
 */
public final class DashboardService {

    /** Inventory rows below this many units count as low stock. */
    static final int LOW_STOCK = 10;

    /** The page. */
    public record Dashboard(Counts counts, List<Region> regionPicker, List<WarehouseLine> lowStockByWarehouse,
                            List<RegionLine> pendingOrdersByRegion) {
    }

    /** One line of the low-stock widget. */
    public record WarehouseLine(String warehouse, String region, long lowStockItems) {
    }

    /** One line of the pending-orders widget. */
    public record RegionLine(String code, String region, long orders, BigDecimal value) {
    }

    private final DashboardRepository figures;
    private final RegionRepository regions;
    private final RegionCache regionCache;

    public DashboardService(DashboardRepository figures, RegionRepository regions, RegionCache regionCache) {
        this.figures = figures;
        this.regions = regions;
        this.regionCache = regionCache;
    }

    /** Naive: a query per figure, and every widget reads the regions for itself. */
    public Dashboard dashboardQueryPerFigure() throws SQLException {
        LocalDateTime today = LocalDate.now().atStartOfDay();
        Counts counts = new Counts(
                figures.countCustomers(),
                figures.countProducts(),
                figures.countOrdersPlacedSince(today),
                figures.countPendingOrders(),
                figures.countLowStockItems(LOW_STOCK),
                figures.countFailedPaymentsSince(today));
        return new Dashboard(counts, regions.findAll(),
                lowStockWidget(regions.findAll(), figures.lowStockByWarehouse(LOW_STOCK)),
                pendingOrdersWidget(regions.findAll(), figures.pendingOrdersByRegion()));
    }

    /** Fixed: the six figures in one statement, and the regions from the cache. */
    public Dashboard dashboardOneAggregate() throws SQLException {
        LocalDateTime today = LocalDate.now().atStartOfDay();
        List<Region> allRegions = regionCache.all();
        return new Dashboard(figures.counts(today, LOW_STOCK), allRegions,
                lowStockWidget(allRegions, figures.lowStockByWarehouse(LOW_STOCK)),
                pendingOrdersWidget(allRegions, figures.pendingOrdersByRegion()));
    }

    private static List<WarehouseLine> lowStockWidget(List<Region> regions, List<WarehouseStock> stock) {
        List<WarehouseLine> lines = new ArrayList<>();
        for (WarehouseStock warehouse : stock) {
            lines.add(new WarehouseLine(warehouse.name(), regionName(regions, warehouse.regionCode()),
                    warehouse.lowStockItems()));
        }
        return lines;
    }

    /** Every region, in the picker's order, with zeros where nothing is pending. */
    private static List<RegionLine> pendingOrdersWidget(List<Region> regions, Map<String, RegionFigures> byCode) {
        List<RegionLine> lines = new ArrayList<>();
        for (Region region : regions) {
            RegionFigures pending = byCode.get(region.code());
            lines.add(pending == null
                    ? new RegionLine(region.code(), region.name(), 0, BigDecimal.ZERO)
                    : new RegionLine(region.code(), region.name(), pending.orders(), pending.value()));
        }
        return lines;
    }

    private static String regionName(List<Region> regions, String code) {
        for (Region region : regions) {
            if (region.code().equals(code)) {
                return region.name();
            }
        }
        return code;
    }
}
