package io.gatewatch.sinks.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Report labels in one language, from {@code classpath:report/labels_<tag>.properties} (UTF-8).
 * Placeholders are {@code {name}}, filled verbatim ({@link #format}), so numbers appear exactly as
 * given, without grouping separators. A missing key is a defect and throws.
 */
final class Labels {
    private static final Map<Language, Labels> CACHE = new ConcurrentHashMap<>();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    private final Language language;
    private final Properties properties;
    private final DateTimeFormatter dateFormat;

    private Labels(Language language, Properties properties) {
        this.language = language;
        this.properties = properties;
        this.dateFormat = DateTimeFormatter.ofPattern(get("format.date"));
    }

    public static Labels of(Language language) {
        return CACHE.computeIfAbsent(language, Labels::load);
    }

    private static Labels load(Language language) {
        String resource = "/report/labels_" + language.tag() + ".properties";
        try (InputStream in = Labels.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing label resource " + resource);
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return new Labels(language, properties);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    public Language language() {
        return language;
    }

    public Set<String> keys() {
        return properties.stringPropertyNames();
    }

    public String get(String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("No " + language.tag() + " label for '" + key + "'");
        }
        return value;
    }

    /** The label with each {@code {name}} replaced by {@code values.get(name)}. */
    public String format(String key, Map<String, ?> values) {
        Matcher matcher = PLACEHOLDER.matcher(get(key));
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Object value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("Label '" + key + "' needs a value for {" + matcher.group(1) + "}");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value.toString()));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    public String measure(Measure measure) {
        return get("measure." + measure.key());
    }

    public String date(LocalDate date) {
        return dateFormat.format(date);
    }

    /** "East Village (330106001001)" / "东村 (330106001001)": the English name where the gazetteer has one. */
    public String namedArea(io.gatewatch.sinks.areas.AreaNames.AreaName name, String code) {
        String text = language == Language.EN && name.nameEn() != null ? name.nameEn() : name.name();
        return format("area.named", Map.of("name", text, "code", code));
    }

    /** "county 330110" / "县(市、区)330110". */
    public String area(Area area) {
        return format("area", Map.of("kind", get("kind." + area.kind().name()), "code", area.code()));
    }
}
