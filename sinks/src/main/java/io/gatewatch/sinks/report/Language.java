package io.gatewatch.sinks.report;

import java.util.Optional;

/** The languages report labels exist in; {@link #tag()} is the {@code lang} parameter value. */
public enum Language {
    ZH("zh"),
    EN("en");

    private final String tag;

    Language(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    public static Optional<Language> of(String tag) {
        return Tags.find(values(), Language::tag, tag);
    }
}
