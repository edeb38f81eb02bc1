package io.queryhound.demo.orders.order;

import io.queryhound.demo.orders.catalog.InventoryRepository;
import io.queryhound.demo.orders.catalog.InventoryRepository.Withdrawal;
import io.queryhound.demo.orders.catalog.ProductRepository;
import io.queryhound.demo.orders.order.OrderRepository.NewOrder;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Imports orders taken on another channel (a marketplace's CSV export): each line is an order of one product, paid
 * on the marketplace already, priced at the catalogue's current price and shipped from the central warehouse.
 */
public final class OrderImportService {

    /** One line of the file. */
    public record ImportLine(int lineNumber, long customerId, long productId, int quantity) {
    }

    /** A line that names no product. */
    public static final class UnknownProductException extends Exception {
        private static final long serialVersionUID = 1L;

        UnknownProductException(ImportLine line) {
            super("line " + line.lineNumber() + ": no product " + line.productId());
        }
    }

    private final DataSource dataSource;
    private final OrderRepository orders;
    private final ProductRepository products;
    private final InventoryRepository inventory;
    private final int warehouseId;

    public OrderImportService(DataSource dataSource, OrderRepository orders, ProductRepository products,
                              InventoryRepository inventory, int warehouseId) {
        this.dataSource = dataSource;
        this.orders = orders;
        this.products = products;
        this.inventory = inventory;
        this.warehouseId = warehouseId;
    }

    /** Naive: line by line, each statement on its own, each committed on its own. */
    public int importLineByLine(List<ImportLine> lines) throws SQLException, UnknownProductException {
        LocalDateTime now = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        int imported = 0;
        for (ImportLine line : lines) {
            BigDecimal price = products.findPrice(line.productId())
                    .orElseThrow(() -> new UnknownProductException(line));
            NewOrder order = new NewOrder(line.customerId(), now, line.productId(), line.quantity(), price);
            long orderId = orders.insert(order);
            orders.insertItem(orderId, order);
            inventory.decrement(new Withdrawal(line.productId(), warehouseId, line.quantity()));
            imported++;
        }
        return imported;
    }

    /**
     * Fixed: the prices in one query, then the orders, their items and the stock withdrawals as three JDBC batches
     * in one transaction, so the file is imported whole or not at all.
     */
    public int importBatched(List<ImportLine> lines) throws SQLException, UnknownProductException {
        LocalDateTime now = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        Set<Long> productIds = new LinkedHashSet<>();
        for (ImportLine line : lines) {
            productIds.add(line.productId());
        }
        Map<Long, BigDecimal> prices = products.findPrices(productIds);
        List<NewOrder> newOrders = new ArrayList<>(lines.size());
        List<Withdrawal> withdrawals = new ArrayList<>(lines.size());
        for (ImportLine line : lines) {
            BigDecimal price = prices.get(line.productId());
            if (price == null) {
                throw new UnknownProductException(line);
            }
            newOrders.add(new NewOrder(line.customerId(), now, line.productId(), line.quantity(), price));
            withdrawals.add(new Withdrawal(line.productId(), warehouseId, line.quantity()));
        }
        if (newOrders.isEmpty()) {
            return 0;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long[] orderIds = orders.insertAll(connection, newOrders);
                orders.insertItems(connection, orderIds, newOrders);
                inventory.decrementAll(connection, withdrawals);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
        return newOrders.size();
    }
}
