package io.queryhound.demo.orders.storage;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The generated data set. Every value is a function of the seed and an id (each row draws from its own
 * {@link SplittableRandom}), so the loader's threads can each produce one table on their own, and two runs with
 * the same seed on the same day hold the same data.
 *
 * <p>Orders are spread evenly over the two years that end now, their ids rising with time, each placed by one of
 * the customers at random (so a customer has {@code orders / customers} orders, 15 on average at the default
 * volume). Status and payment follow from the order's age: pending (payment not captured yet) or paid on its first
 * day, paid for three days, shipped until its tenth, delivered after; about one order in 25 had its payment declined
 * and was cancelled. Popular products (low ids) sell more often.
 */
public final class SampleData {

    /** A sales region; {@code share} is its part of the customers. */
    public record Region(String code, String name, double share) {
    }

    public static final List<Region> REGIONS = List.of(
            new Region("NA", "North America", 0.27),
            new Region("EU", "Europe", 0.26),
            new Region("APAC", "Asia-Pacific", 0.17),
            new Region("UK", "United Kingdom", 0.12),
            new Region("LATAM", "Latin America", 0.10),
            new Region("MEA", "Middle East and Africa", 0.08));

    /** A warehouse, in the region it ships from. */
    record Warehouse(int id, String name, String regionCode) {
    }

    /** Warehouse 1 stocks every product; imported orders ship from it. */
    public static final int CENTRAL_WAREHOUSE = 1;

    static final List<Warehouse> WAREHOUSES = List.of(
            new Warehouse(CENTRAL_WAREHOUSE, "Rotterdam", "EU"),
            new Warehouse(2, "Memphis", "NA"),
            new Warehouse(3, "Singapore", "APAC"));

    /** A category of the catalogue and the kind of product it sells (for product names). */
    record Category(String name, String productKind) {
    }

    static final List<Category> CATEGORIES = List.of(
            new Category("Kitchen", "Kettle"), new Category("Cookware", "Skillet"),
            new Category("Tableware", "Plate Set"), new Category("Coffee", "Grinder"),
            new Category("Bedding", "Duvet"), new Category("Bath", "Towel Set"),
            new Category("Lighting", "Desk Lamp"), new Category("Furniture", "Side Table"),
            new Category("Storage", "Shelf"), new Category("Garden", "Planter"),
            new Category("Outdoor", "Lantern"), new Category("Tools", "Drill"),
            new Category("Hardware", "Toolbox"), new Category("Cleaning", "Vacuum"),
            new Category("Laundry", "Drying Rack"), new Category("Office", "Notebook"),
            new Category("Stationery", "Pen Set"), new Category("Books", "Cookbook"),
            new Category("Audio", "Headphones"), new Category("Video", "Projector"),
            new Category("Computers", "Keyboard"), new Category("Phones", "Phone Case"),
            new Category("Cameras", "Tripod"), new Category("Gaming", "Controller"),
            new Category("Toys", "Puzzle"), new Category("Baby", "Bottle Set"),
            new Category("Pets", "Pet Bed"), new Category("Sports", "Yoga Mat"),
            new Category("Cycling", "Bike Light"), new Category("Running", "Water Bottle"),
            new Category("Camping", "Tent"), new Category("Travel", "Backpack"),
            new Category("Luggage", "Suitcase"), new Category("Fashion", "Scarf"),
            new Category("Shoes", "Sneaker"), new Category("Watches", "Watch"),
            new Category("Beauty", "Hair Dryer"), new Category("Health", "Scale"),
            new Category("Grocery", "Tea Box"), new Category("Wellness", "Diffuser"));

    private static final String[] ADJECTIVES = {
            "Classic", "Compact", "Deluxe", "Everyday", "Nordic", "Urban", "Studio", "Premium", "Essential",
            "Travel", "Pro", "Eco", "Vintage", "Smart", "Soft", "Bold"};

    private static final String[] FIRST_NAMES = {
            "Ada", "Alan", "Amara", "Anna", "Arjun", "Ben", "Carla", "Chen", "Clara", "Daniel", "Diego", "Elena",
            "Emma", "Farah", "Felix", "Grace", "Hannah", "Hugo", "Ines", "Ivan", "Jonas", "Julia", "Kenji", "Lara",
            "Leo", "Lina", "Marco", "Maria", "Mei", "Nadia", "Noah", "Olga", "Omar", "Priya", "Rosa", "Sam",
            "Sofia", "Tom", "Yara", "Zoe"};

    private static final String[] LAST_NAMES = {
            "Almeida", "Becker", "Brown", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito",
            "Jansen", "Kim", "Kowalski", "Larsen", "Lopez", "Martin", "Meyer", "Moreau", "Nakamura", "Novak",
            "Okafor", "Olsen", "Patel", "Petrov", "Quinn", "Rossi", "Santos", "Schmidt", "Silva", "Singh",
            "Smith", "Suzuki", "Tanaka", "Varga", "Wagner", "Walsh", "Weber", "Wong", "Yilmaz", "Zhang"};

    private static final String[] PAYMENT_METHODS = {"CARD", "CARD", "CARD", "CARD", "CARD", "CARD", "CARD",
            "PAYPAL", "PAYPAL", "BANK_TRANSFER"};

    private static final String[] FAILURE_REASONS = {"card_declined", "insufficient_funds", "expired_card",
            "authentication_failed"};

    private static final long ORDER_SALT = 0x6f72646572L;
    private static final long CUSTOMER_SALT = 0x637573746fL;
    private static final long PRODUCT_SALT = 0x70726f6475L;
    private static final long PAYMENT_SALT = 0x7061796d65L;

    private final long seed;
    private final int orders;
    private final int customers;
    private final int products;
    private final LocalDateTime start;
    private final LocalDateTime end;
    private final long secondsPerOrder;
    private final long[] priceCents;

    public SampleData(long seed, int orders, int customers, int products, LocalDateTime end) {
        this.seed = seed;
        this.orders = orders;
        this.customers = customers;
        this.products = products;
        this.end = end.truncatedTo(ChronoUnit.SECONDS);
        this.start = this.end.minusDays(730);
        this.secondsPerOrder = Math.max(1, ChronoUnit.SECONDS.between(start, this.end) / Math.max(1, orders));
        this.priceCents = new long[products + 1];
        for (int id = 1; id <= products; id++) {
            double r = random(PRODUCT_SALT, id).nextDouble();
            // $4.99 to $499.99, most of them cheap.
            priceCents[id] = (4 + (long) (r * r * 496)) * 100 + 99;
        }
    }

    public int orders() {
        return orders;
    }

    public int customers() {
        return customers;
    }

    public int products() {
        return products;
    }

    /** The day of the first order. */
    public LocalDate firstDay() {
        return start.toLocalDate();
    }

    /** The day of the last order: today. */
    public LocalDate lastDay() {
        return end.toLocalDate();
    }

    private SplittableRandom random(long salt, long id) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + salt * 0xBF58476D1CE4E5B9L + id);
    }

    // Reference data and the catalogue

    String customerName(long id) {
        SplittableRandom r = random(CUSTOMER_SALT, id);
        return FIRST_NAMES[r.nextInt(FIRST_NAMES.length)] + " " + LAST_NAMES[r.nextInt(LAST_NAMES.length)];
    }

    String customerEmail(long id, String name) {
        return name.toLowerCase(Locale.ROOT).replace(' ', '.') + "." + id + "@example.com";
    }

    String customerRegion(long id) {
        double r = random(CUSTOMER_SALT + 1, id).nextDouble();
        for (Region region : REGIONS) {
            r -= region.share();
            if (r < 0) {
                return region.code();
            }
        }
        return REGIONS.get(0).code();
    }

    /** Customers signed up before their first order could have been placed. */
    LocalDateTime customerCreatedAt(long id) {
        return start.minusDays(1 + random(CUSTOMER_SALT + 2, id).nextInt(900));
    }

    int productCategory(long id) {
        return 1 + (int) ((id - 1) % CATEGORIES.size());
    }

    String productName(long id) {
        SplittableRandom r = random(PRODUCT_SALT + 1, id);
        String kind = CATEGORIES.get(productCategory(id) - 1).productKind();
        return ADJECTIVES[r.nextInt(ADJECTIVES.length)] + " " + kind + " " + (char) ('A' + r.nextInt(26)) + "-"
                + (100 + r.nextInt(900));
    }

    String productSku(long id) {
        return String.format(Locale.ROOT, "SKU-%05d", id);
    }

    BigDecimal productPrice(long id) {
        return BigDecimal.valueOf(priceCents[(int) id], 2);
    }

    /** Units of the product in the warehouse, or -1 when the warehouse does not stock it (2.25 per product). */
    int stock(long productId, int warehouse) {
        SplittableRandom r = random(PRODUCT_SALT + 1 + warehouse, productId);
        if (warehouse != CENTRAL_WAREHOUSE && r.nextDouble() >= (warehouse == 2 ? 0.75 : 0.5)) {
            return -1;
        }
        // About one stocked row in 25 is low (under 10 units).
        return r.nextDouble() < 0.04 ? r.nextInt(10) : 10 + r.nextInt(490);
    }

    // Orders

    /** One generated order with its items; {@code paidAt} is when its payment was captured, if it was. */
    record Order(long id, long customerId, LocalDateTime placedAt, String status, long[] productIds,
                 int[] quantities, BigDecimal[] unitPrices, BigDecimal total, String paymentStatus,
                 LocalDateTime paidAt) {
    }

    /** An order's payment: {@code cardLast4} for cards only, {@code failureReason} when declined. */
    record Payment(String method, String provider, String providerRef, String cardLast4, String failureReason,
                   LocalDateTime createdAt) {
    }

    Order order(long id) {
        SplittableRandom r = random(ORDER_SALT, id);
        long customerId = 1 + r.nextInt(customers);
        LocalDateTime placedAt = start.plusSeconds((id - 1) * secondsPerOrder + r.nextLong(secondsPerOrder));
        double lines = r.nextDouble();
        int itemCount = lines < 0.50 ? 1 : lines < 0.80 ? 2 : lines < 0.93 ? 3 : 4;
        long[] productIds = new long[itemCount];
        int[] quantities = new int[itemCount];
        BigDecimal[] unitPrices = new BigDecimal[itemCount];
        long totalCents = 0;
        for (int i = 0; i < itemCount; i++) {
            double p = r.nextDouble();
            productIds[i] = 1 + (long) (p * p * products);
            quantities[i] = r.nextDouble() < 0.8 ? 1 : 2 + r.nextInt(3);
            unitPrices[i] = productPrice(productIds[i]);
            totalCents += priceCents[(int) productIds[i]] * quantities[i];
        }
        long ageHours = ChronoUnit.HOURS.between(placedAt, end);
        String status;
        String paymentStatus;
        LocalDateTime paidAt = null;
        if (r.nextDouble() < 0.04) {
            status = "CANCELLED";
            paymentStatus = "FAILED";
        } else if (ageHours < 24 && r.nextDouble() < 0.6) {
            status = "PENDING";
            paymentStatus = "PENDING";
        } else {
            status = ageHours < 72 ? "PAID" : ageHours < 240 ? "SHIPPED" : "DELIVERED";
            paymentStatus = "CAPTURED";
            LocalDateTime captured = placedAt.plusSeconds(20 + r.nextInt(1800));
            paidAt = captured.isAfter(end) ? end : captured;
        }
        return new Order(id, customerId, placedAt, status, productIds, quantities, unitPrices,
                BigDecimal.valueOf(totalCents, 2), paymentStatus, paidAt);
    }

    /** The details of an order's payment that only the payments table holds. */
    Payment payment(Order order) {
        SplittableRandom r = random(PAYMENT_SALT, order.id());
        String method = PAYMENT_METHODS[r.nextInt(PAYMENT_METHODS.length)];
        String provider = method.equals("PAYPAL") ? "PAYPAL" : r.nextInt(3) == 0 ? "ADYEN" : "STRIPE";
        String providerRef = (provider.equals("STRIPE") ? "ch_" : provider.equals("ADYEN") ? "psp_" : "pp_")
                + Long.toHexString(r.nextLong() | Long.MIN_VALUE) + Long.toHexString(order.id());
        String cardLast4 = method.equals("CARD") ? Integer.toString(1000 + r.nextInt(9000)) : null;
        String failureReason = order.paymentStatus().equals("FAILED")
                ? FAILURE_REASONS[r.nextInt(FAILURE_REASONS.length)] : null;
        LocalDateTime createdAt = order.placedAt().plusSeconds(5);
        return new Payment(method, provider, providerRef, cardLast4, failureReason,
                createdAt.isAfter(end) ? end : createdAt);
    }
}
