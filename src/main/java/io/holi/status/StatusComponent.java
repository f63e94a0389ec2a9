package io.holi.status;

import io.holi.platform.HoliException;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** What the status page reports on, in its groups and order. */
public enum StatusComponent {
    WEB_APPLICATION("Web application", Group.CLINIC, "The pages clinic staff sign in to"),
    API("API", Group.CLINIC, "The REST API other systems and the command line use"),
    DATABASE("Database", Group.DATA, "Where patient records are kept"),
    BACKUPS("Backups", Group.DATA, "The nightly encrypted backups"),
    AUDIT_TRAIL("Audit trail", Group.DATA, "The record of every access to patient records"),
    /** shown only when configured (ANTHROPIC_API_KEY) */
    AI_SUMMARIES("AI summaries", Group.SERVICES, "Summaries of clinical notes, written by an AI service");

    /** A group of components on the page (Statuspage's group components). */
    public enum Group {
        CLINIC("Clinic application"), DATA("Records and safeguards"), SERVICES("Connected services");

        private final String label;

        Group(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String label;
    private final Group group;
    private final String description;

    StatusComponent(String label, Group group, String description) {
        this.label = label;
        this.group = group;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public Group group() {
        return group;
    }

    public String description() {
        return description;
    }

    /** The id in URLs, {@code summary.json} and the database: {@code web-application}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The components these ids name, or a usage error naming the one that is not a component and the choices. */
    public static Set<StatusComponent> parseAll(Collection<String> ids) {
        Set<StatusComponent> out = EnumSet.noneOf(StatusComponent.class);
        for (String id : ids) {
            if (id == null || id.isBlank()) {
                continue;
            }
            out.add(byId(id).orElseThrow(() -> HoliException.invalid("components", "no component '" + id.strip() + "'; choose from "
                    + Arrays.stream(values()).map(StatusComponent::id).toList())));
        }
        return out;
    }

    public static Optional<StatusComponent> byId(String id) {
        String wanted = id == null ? "" : id.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(c -> c.id().equals(wanted)).findFirst();
    }
}
