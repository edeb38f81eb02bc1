package io.queryhound.demo.orders.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Writes a {@link SampleData} set into the empty schema: the calendar, the reference data and the catalogue first,
 * then orders, order items and payments on three threads at once. H2 spends the load's time in its own insert path
 * (each row goes into every index of its table, and again at commit), which runs in parallel on separate tables.
 *
 * <p>Every table is written with JDBC batches of {@value #BATCH_ROWS} rows, each committed on its own: batched
 * writes, not a loop of single statements, and small enough to take a few milliseconds, so that even with a
 * garbage collection pause in it (tens of milliseconds while the heap fills up) a batch is not a slow query. A
 * whole table in one statement would take seconds.
 */
public final class SampleDataLoader {

    static final int BATCH_ROWS = 100;

    private final DataSource dataSource;
    private final SampleData data;

    public SampleDataLoader(DataSource dataSource, SampleData data) {
        this.dataSource = dataSource;
        this.data = data;
    }

    /** Loads everything; returns the number of order items written. */
    public long load() throws SQLException, InterruptedException {
        loadBusinessDays();
        loadRegionsAndWarehouses();
        loadCustomers();
        loadCatalogue();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService loaders = Executors.newFixedThreadPool(3, task -> {
            Thread thread = new Thread(task, "orders-loader-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<Long> orders = loaders.submit(this::loadOrders);
            Future<Long> orderItems = loaders.submit(this::loadOrderItems);
            Future<Long> payments = loaders.submit(this::loadPayments);
            join(orders);
            long items = join(orderItems);
            join(payments);
            restartIdentities(items);
            return items;
        } finally {
            loaders.shutdownNow();
        }
    }

    private static long join(Future<Long> table) throws SQLException, InterruptedException {
        try {
            return table.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException("loading the sample data failed", e.getCause());
        }
    }

    /** The reporting calendar covers the data's two years and the year ahead. */
    private void loadBusinessDays() throws SQLException {
        try (BatchInsert days = new BatchInsert(
                "insert into business_days (business_day, starts_at, ends_at) values (?, ?, ?)")) {
            for (LocalDate day = data.firstDay(); !day.isAfter(data.lastDay().plusYears(1)); day = day.plusDays(1)) {
                days.row.setObject(1, day);
                days.row.setObject(2, day.atStartOfDay());
                days.row.setObject(3, day.plusDays(1).atStartOfDay());
                days.add();
            }
        }
    }

    private void loadRegionsAndWarehouses() throws SQLException {
        try (BatchInsert regions = new BatchInsert("insert into regions (code, name) values (?, ?)")) {
            for (SampleData.Region region : SampleData.REGIONS) {
                regions.row.setString(1, region.code());
                regions.row.setString(2, region.name());
                regions.add();
            }
        }
        try (BatchInsert warehouses = new BatchInsert(
                "insert into warehouses (id, name, region_code) values (?, ?, ?)")) {
            for (SampleData.Warehouse warehouse : SampleData.WAREHOUSES) {
                warehouses.row.setInt(1, warehouse.id());
                warehouses.row.setString(2, warehouse.name());
                warehouses.row.setString(3, warehouse.regionCode());
                warehouses.add();
            }
        }
    }

    private void loadCustomers() throws SQLException {
        try (BatchInsert customers = new BatchInsert(
                "insert into customers (id, name, email, region_code, created_at) values (?, ?, ?, ?, ?)")) {
            for (long id = 1; id <= data.customers(); id++) {
                String name = data.customerName(id);
                customers.row.setLong(1, id);
                customers.row.setString(2, name);
                customers.row.setString(3, data.customerEmail(id, name));
                customers.row.setString(4, data.customerRegion(id));
                customers.row.setObject(5, data.customerCreatedAt(id));
                customers.add();
            }
        }
    }

    private void loadCatalogue() throws SQLException {
        try (BatchInsert categories = new BatchInsert("insert into categories (id, name) values (?, ?)")) {
            for (int id = 1; id <= SampleData.CATEGORIES.size(); id++) {
                categories.row.setInt(1, id);
                categories.row.setString(2, SampleData.CATEGORIES.get(id - 1).name());
                categories.add();
            }
        }
        try (BatchInsert products = new BatchInsert(
                "insert into products (id, sku, name, category_id, price) values (?, ?, ?, ?, ?)")) {
            for (long id = 1; id <= data.products(); id++) {
                products.row.setLong(1, id);
                products.row.setString(2, data.productSku(id));
                products.row.setString(3, data.productName(id));
                products.row.setInt(4, data.productCategory(id));
                products.row.setBigDecimal(5, data.productPrice(id));
                products.add();
            }
        }
        try (BatchInsert inventory = new BatchInsert(
                "insert into inventory (product_id, warehouse_id, quantity) values (?, ?, ?)")) {
            for (long id = 1; id <= data.products(); id++) {
                for (SampleData.Warehouse warehouse : SampleData.WAREHOUSES) {
                    int stock = data.stock(id, warehouse.id());
                    if (stock >= 0) {
                        inventory.row.setLong(1, id);
                        inventory.row.setInt(2, warehouse.id());
                        inventory.row.setInt(3, stock);
                        inventory.add();
                    }
                }
            }
        }
    }

    private long loadOrders() throws SQLException {
        try (BatchInsert orders = new BatchInsert(
                "insert into orders (id, customer_id, placed_at, status, total) values (?, ?, ?, ?, ?)")) {
            for (long id = 1; id <= data.orders(); id++) {
                SampleData.Order order = data.order(id);
                orders.row.setLong(1, id);
                orders.row.setLong(2, order.customerId());
                orders.row.setObject(3, order.placedAt());
                orders.row.setString(4, order.status());
                orders.row.setBigDecimal(5, order.total());
                orders.add();
            }
            return orders.rows;
        }
    }

    private long loadOrderItems() throws SQLException {
        try (BatchInsert items = new BatchInsert(
                "insert into order_items (id, order_id, product_id, quantity, unit_price) values (?, ?, ?, ?, ?)")) {
            long itemId = 0;
            for (long id = 1; id <= data.orders(); id++) {
                SampleData.Order order = data.order(id);
                for (int i = 0; i < order.productIds().length; i++) {
                    items.row.setLong(1, ++itemId);
                    items.row.setLong(2, id);
                    items.row.setLong(3, order.productIds()[i]);
                    items.row.setInt(4, order.quantities()[i]);
                    items.row.setBigDecimal(5, order.unitPrices()[i]);
                    items.add();
                }
            }
            return items.rows;
        }
    }

    private long loadPayments() throws SQLException {
        try (BatchInsert payments = new BatchInsert("insert into payments (id, order_id, method, provider,"
                + " provider_ref, card_last4, amount, status, failure_reason, created_at, paid_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (long id = 1; id <= data.orders(); id++) {
                SampleData.Order order = data.order(id);
                SampleData.Payment payment = data.payment(order);
                payments.row.setLong(1, id);
                payments.row.setLong(2, id);
                payments.row.setString(3, payment.method());
                payments.row.setString(4, payment.provider());
                payments.row.setString(5, payment.providerRef());
                payments.row.setString(6, payment.cardLast4());
                payments.row.setBigDecimal(7, order.total());
                payments.row.setString(8, order.paymentStatus());
                payments.row.setString(9, payment.failureReason());
                payments.row.setObject(10, payment.createdAt());
                payments.row.setObject(11, order.paidAt());
                payments.add();
            }
            return payments.rows;
        }
    }

    /** The rows above carry their own ids; new rows (the import) take theirs from the identities. */
    private void restartIdentities(long items) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("alter table customers alter column id restart with " + (data.customers() + 1));
            statement.execute("alter table products alter column id restart with " + (data.products() + 1));
            statement.execute("alter table orders alter column id restart with " + (data.orders() + 1));
            statement.execute("alter table order_items alter column id restart with " + (items + 1));
            statement.execute("alter table payments alter column id restart with " + (data.orders() + 1));
        }
    }

    /** One table's insert on its own connection: rows go out every {@value #BATCH_ROWS}, each batch committed. */
    private final class BatchInsert implements AutoCloseable {
        final PreparedStatement row;
        private final Connection connection;
        private int pending;
        long rows;

        BatchInsert(String sql) throws SQLException {
            connection = dataSource.getConnection();
            try {
                connection.setAutoCommit(false);
                row = connection.prepareStatement(sql);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }

        void add() throws SQLException {
            row.addBatch();
            rows++;
            if (++pending == BATCH_ROWS) {
                flush();
            }
        }

        private void flush() throws SQLException {
            if (pending > 0) {
                row.executeBatch();
                connection.commit();
                pending = 0;
            }
        }

        @Override
        public void close() throws SQLException {
            try (connection; row) {
                flush();
                connection.setAutoCommit(true);
            }
        }
    }
}
