package io.evstack.csms.smartcharging.evaluation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads and writes {@code session_id,arrival,departure,energy_kwh,max_kw} (ISO-8601 times, with offset or Z). */
public final class WorkloadCsv {
    public static final String HEADER = "session_id,arrival,departure,energy_kwh,max_kw";

    private WorkloadCsv() {}

    public static List<WorkloadSession> read(Reader in) {
        List<WorkloadSession> sessions = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(in)) {
            String header = r.readLine();
            if (header == null || !header.trim().replace(" ", "").equalsIgnoreCase(HEADER)) {
                throw new IllegalArgumentException("the first line must be " + HEADER + ", not " + header);
            }
            String line;
            int n = 1;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != 5) {
                    throw new IllegalArgumentException("line " + n + ": expected 5 fields, got " + f.length);
                }
                try {
                    sessions.add(new WorkloadSession(f[0].trim(), time(f[1]), time(f[2]),
                            Double.parseDouble(f[3].trim()), Double.parseDouble(f[4].trim())));
                } catch (DateTimeParseException | NumberFormatException e) {
                    throw new IllegalArgumentException("line " + n + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sessions;
    }

    private static Instant time(String s) {
        return OffsetDateTime.parse(s.trim()).toInstant();
    }

    public static void write(List<WorkloadSession> sessions, Writer out) throws IOException {
        out.write(HEADER + "\n");
        for (WorkloadSession s : sessions) {
            out.write(String.format(Locale.ROOT, "%s,%s,%s,%.1f,%.1f%n", s.id(), s.arrival(), s.departure(),
                    s.energyKwh(), s.maxKw()));
        }
    }
}
