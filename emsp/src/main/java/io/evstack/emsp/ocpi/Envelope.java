package io.evstack.emsp.ocpi;

import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** The OCPI response envelope (section 4.1.7) for the Sender routes: data, status_code, status_message, timestamp. */
final class Envelope {
    private Envelope() {}

    static void ok(Context ctx, Clock clock, Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (data != null) {
            body.put("data", data);
        }
        body.put("status_code", 1000);
        body.put("timestamp", clock.instant().toString());
        ctx.json(body);
    }

    static void error(Context ctx, Clock clock, int httpStatus, int statusCode, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status_code", statusCode);
        body.put("status_message", message);
        body.put("timestamp", clock.instant().toString());
        ctx.status(httpStatus).json(body);
    }
}
