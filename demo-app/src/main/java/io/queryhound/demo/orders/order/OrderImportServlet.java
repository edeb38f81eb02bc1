package io.queryhound.demo.orders.order;

import io.queryhound.demo.orders.order.OrderImportService.ImportLine;
import io.queryhound.demo.orders.order.OrderImportService.UnknownProductException;
import io.queryhound.demo.orders.web.HttpError;
import io.queryhound.demo.orders.web.JsonServlet;
import io.queryhound.demo.orders.web.Variant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /naive/orders/import} and {@code /fixed/...}: a {@code text/csv} body of up to
 * {@value #MAX_LINES} lines {@code customerId,productId,quantity}, optionally after the header
 * {@code customer_id,product_id,quantity}. Answers {@code {"imported": N}}.
 */
public final class OrderImportServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;
    static final int MAX_LINES = 10_000;

    private final OrderImportService importer;

    public OrderImportServlet(OrderImportService importer) {
        this.importer = importer;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        respond(response, () -> {
            List<ImportLine> lines = parse(request.getReader());
            try {
                int imported = Variant.of(request) == Variant.NAIVE
                        ? importer.importLineByLine(lines)
                        : importer.importBatched(lines);
                return Map.of("imported", imported);
            } catch (UnknownProductException e) {
                throw HttpError.badRequest(e.getMessage());
            }
        });
    }

    static List<ImportLine> parse(BufferedReader body) throws IOException {
        List<ImportLine> lines = new ArrayList<>();
        int lineNumber = 0;
        for (String text = body.readLine(); text != null; text = body.readLine()) {
            lineNumber++;
            String line = text.strip();
            if (line.isEmpty() || (lineNumber == 1 && line.startsWith("customer_id"))) {
                continue;
            }
            String[] fields = line.split(",");
            if (fields.length != 3) {
                throw HttpError.badRequest("line " + lineNumber + ": expected customerId,productId,quantity: " + line);
            }
            if (lines.size() == MAX_LINES) {
                throw HttpError.badRequest("more than " + MAX_LINES + " lines");
            }
            lines.add(new ImportLine(lineNumber, field(fields[0], lineNumber, 1, Long.MAX_VALUE),
                    field(fields[1], lineNumber, 1, Long.MAX_VALUE), (int) field(fields[2], lineNumber, 1, 1000)));
        }
        return lines;
    }

    private static long field(String text, int lineNumber, long min, long max) {
        try {
            long value = Long.parseLong(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the line
        }
        throw HttpError.badRequest("line " + lineNumber + ": '" + text.strip() + "' is not a number from " + min
                + " to " + max);
    }
}
