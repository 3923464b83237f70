package io.evstack.sim.scenario;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.evstack.sim.model.ChargerModels;
import io.evstack.sim.model.EvModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads scenarios: a JSON or YAML file ({@code .yaml} / {@code .yml}, the same fields), or a built-in
 * one by name from {@code scenarios/NAME.json} on the class path ({@code demo-depot}). Durations are ISO-8601 ({@code "PT8H"}). Checks model names so a typo
 * fails at load, not mid-run.
 */
public final class ScenarioLoader {
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A file path if such a file exists, else a built-in scenario's name. */
    public Scenario load(String fileOrName) {
        Path path = Path.of(fileOrName);
        if (Files.isRegularFile(path)) {
            return file(path);
        }
        return builtIn(fileOrName);
    }

    public Scenario file(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return parse(isYaml(path.toString()) ? yaml : mapper, in, path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario " + path + ": " + e.getMessage(), e);
        }
    }

    public Scenario builtIn(String name) {
        String resource = "/scenarios/" + name + (name.endsWith(".json") ? "" : ".json");
        try (InputStream in = ScenarioLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no scenario file and no built-in scenario named '" + name + "'");
            }
            return parse(mapper, in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Scenario parse(String json) {
        try {
            return validate(mapper.readValue(json, Scenario.class), "<string>");
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid scenario: " + e.getMessage(), e);
        }
    }

    /** The same from YAML text. */
    public Scenario parseYaml(String text) {
        try {
            return validate(yaml.readValue(text, Scenario.class), "<yaml>");
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid scenario: " + e.getMessage(), e);
        }
    }

    private static boolean isYaml(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    private static Scenario parse(ObjectMapper reader, InputStream in, String source) throws IOException {
        try {
            return validate(reader.readValue(in, Scenario.class), source);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("invalid scenario " + source + ": " + e.getOriginalMessage(), e);
        }
    }

    private static Scenario validate(Scenario s, String source) {
        try {
            s.chargers().forEach(g -> ChargerModels.get(g.model()));
            s.arrivals().evModels().forEach(EvModels::get);
            s.arrivals().fixed().forEach(f -> EvModels.get(f.evModel()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid scenario " + source + ": " + e.getMessage(), e);
        }
        return s;
    }
}
