package io.queryhound.demo.orders.web;

import jakarta.servlet.http.HttpServletRequest;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Query parameters, parsed and checked: a bad value is a 400 that names the parameter and what it accepts. */
public final class Params {

    private Params() {
    }

    public static long number(HttpServletRequest request, String name, long min, long max) {
        String value = request.getParameter(name);
        if (value == null || value.isBlank()) {
            throw HttpError.badRequest("missing parameter '" + name + "' (a number from " + min + " to " + max + ")");
        }
        return parse(name, value.strip(), min, max);
    }

    public static long number(HttpServletRequest request, String name, long defaultValue, long min, long max) {
        String value = request.getParameter(name);
        return value == null || value.isBlank() ? defaultValue : parse(name, value.strip(), min, max);
    }

    /** A comma-separated list of numbers, such as {@code ids=3,17,42}. */
    public static List<Long> numbers(HttpServletRequest request, String name, int maxCount, long min, long max) {
        String value = request.getParameter(name);
        if (value == null || value.isBlank()) {
            throw HttpError.badRequest("missing parameter '" + name + "' (comma-separated numbers)");
        }
        List<Long> numbers = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                numbers.add(parse(name, item.strip(), min, max));
            }
        }
        if (numbers.isEmpty() || numbers.size() > maxCount) {
            throw HttpError.badRequest("parameter '" + name + "' takes 1 to " + maxCount + " numbers, got "
                    + numbers.size());
        }
        return numbers;
    }

    public static LocalDate date(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        if (value == null || value.isBlank()) {
            throw HttpError.badRequest("missing parameter '" + name + "' (a date, YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw HttpError.badRequest("parameter '" + name + "' is not a date (YYYY-MM-DD): " + value);
        }
    }

    public static String text(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        if (value == null || value.isBlank()) {
            throw HttpError.badRequest("missing parameter '" + name + "'");
        }
        return value.strip();
    }

    private static long parse(String name, String value, long min, long max) {
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("parameter '" + name + "' is not a number: " + value);
        }
        if (number < min || number > max) {
            throw HttpError.badRequest("parameter '" + name + "' must be from " + min + " to " + max + ", got "
                    + value);
        }
        return number;
    }
}
