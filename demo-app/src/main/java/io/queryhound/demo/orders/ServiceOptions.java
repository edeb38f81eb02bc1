package io.queryhound.demo.orders;

/**
 * The command line: {@code [--port=N] [--orders=N] [--seed=N]}.
 *
 * @param port   the HTTP port on 127.0.0.1; 0 takes a free one
 * @param orders how many orders to generate ({@code --orders=0} asks for the default)
 * @param seed   the generator's seed: the same seed (on the same day) gives the same data
 */
record ServiceOptions(int port, int orders, long seed) {

    static final int DEFAULT_PORT = 8080;
    static final int DEFAULT_ORDERS = 300_000;
    static final long DEFAULT_SEED = 42;
    static final int MAX_ORDERS = 1_000_000;

    static final String USAGE = "usage: OrdersServiceApp [--port=N] [--orders=N] [--seed=N]\n"
            + "  --port=N    HTTP port on 127.0.0.1, 0 for a free one (default " + DEFAULT_PORT + ")\n"
            + "  --orders=N  orders to generate, 1 to " + MAX_ORDERS + "; 0 or absent: " + DEFAULT_ORDERS + "\n"
            + "  --seed=N    seed of the data generator (default " + DEFAULT_SEED + ")";

    /** A command line that cannot be run; its message says which argument and why. */
    static final class InvalidOptionException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidOptionException(String message) {
            super(message);
        }
    }

    static ServiceOptions parse(String... args) throws InvalidOptionException {
        int port = DEFAULT_PORT;
        int orders = DEFAULT_ORDERS;
        long seed = DEFAULT_SEED;
        for (String arg : args) {
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            String value = equals < 0 ? null : arg.substring(equals + 1);
            switch (name) {
                case "--port" -> port = (int) number(name, value, 0, 65_535);
                case "--orders" -> {
                    int requested = (int) number(name, value, 0, MAX_ORDERS);
                    orders = requested == 0 ? DEFAULT_ORDERS : requested;
                }
                case "--seed" -> seed = number(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
                default -> throw new InvalidOptionException("unknown argument '" + arg + "'");
            }
        }
        return new ServiceOptions(port, orders, seed);
    }

    private static long number(String name, String value, long min, long max) throws InvalidOptionException {
        if (value == null || value.isEmpty()) {
            throw new InvalidOptionException(name + " needs a value: " + name + "=N");
        }
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(name + "=" + value + " is not a whole number");
        }
        if (number < min || number > max) {
            throw new InvalidOptionException(name + "=" + value + " is out of range: " + min + " to " + max);
        }
        return number;
    }
}
