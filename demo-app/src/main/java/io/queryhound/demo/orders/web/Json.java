package io.queryhound.demo.orders.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import java.time.LocalDate;
import java.time.LocalDateTime;

/** The one JSON mapper of the service: records as objects, dates and times as ISO-8601 strings. */
final class Json {

    // java.time as ISO strings without jackson-datatype-jsr310: toString() of these types is ISO-8601.
    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule("iso-dates")
                    .addSerializer(LocalDate.class, ToStringSerializer.instance)
                    .addSerializer(LocalDateTime.class, ToStringSerializer.instance))
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {
    }
}
