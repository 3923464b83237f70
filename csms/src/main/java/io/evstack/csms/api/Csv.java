package io.evstack.csms.api;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** RFC 4180 CSV: comma-separated, CRLF line ends, a field quoted when it holds a comma, quote or line break. */
final class Csv {
    private Csv() {}

    static void row(Writer out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(field(fields.get(i)));
        }
        out.write("\r\n");
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** Null as an empty field, anything else (instants in ISO-8601 UTC) as its string. */
    static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
