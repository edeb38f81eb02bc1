package io.queryhound.demo.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Sends requests to the service over HTTP/1.1 on loopback and times each one as its client sees it. */
final class Traffic {

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String baseUrl;

    Traffic(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** One timed exchange: status, body size and wall-clock time from sending to the last body byte. */
    record Exchange(int status, long bodyBytes, long nanos, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    Exchange send(Endpoints.Call call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + call.pathAndQuery()))
                .timeout(Duration.ofMinutes(2));
        if (call.method().equals("POST")) {
            request.header("Content-Type", call.contentType())
                    .POST(HttpRequest.BodyPublishers.ofString(call.body()));
        } else {
            request.GET();
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            long nanos = System.nanoTime() - start;
            return new Exchange(response.statusCode(), response.body().length(), nanos, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(call.method() + " " + call.pathAndQuery() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    Exchange post(String path, String body) {
        return send(new Endpoints.Call("POST", path, "text/plain", body));
    }
}
