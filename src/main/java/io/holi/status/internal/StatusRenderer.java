package io.holi.status.internal;

import io.holi.status.ComponentState;
import io.holi.status.MaintenanceWindows;
import io.holi.status.StatusComponent;
import io.holi.status.StatusFile;
import io.holi.status.StatusIncidents.PublicIncident;
import io.holi.status.StatusIncidents.PublicUpdate;
import io.holi.status.StatusView;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import tools.jackson.databind.json.JsonMapper;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Renders the status page as static files: the page, its style sheet, {@code summary.json} in the shape of Atlassian
 * Statuspage's public API (so existing dashboards and bots read it), and an Atom feed of incidents and maintenance.
 * The page links only relatively, so the same files work under holi's {@code /status/} and from a bucket or a CDN.
 */
@Component
class StatusRenderer {

    static final String PAGE_ID = "holi";

    private final ITemplateEngine templates;
    private final JsonMapper json;
    private final byte[] css;

    StatusRenderer(ITemplateEngine templates, JsonMapper json) {
        this.templates = templates;
        this.json = json;
        try {
            this.css = new ClassPathResource("status/status.css").getContentAsByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("status/status.css is missing from the application", e);
        }
    }

    List<StatusFile> render(StatusView v) {
        // text/html without a charset parameter (the page declares UTF-8 itself): some S3-compatible servers rewrite
        // that parameter, and the request's signature no longer matches
        return List.of(new StatusFile("index.html", "text/html", html(v)),
                new StatusFile("status.css", "text/css; charset=utf-8", css),
                new StatusFile("summary.json", "application/json", summary(v)),
                new StatusFile("feed.atom", "application/atom+xml; charset=utf-8", atom(v)));
    }

    byte[] html(StatusView v) {
        Context c = new Context(Locale.ENGLISH);
        c.setVariable("v", v);
        c.setVariable("states", ComponentState.values());
        return templates.process("status/page", c).getBytes(StandardCharsets.UTF_8);
    }

    byte[] summary(StatusView v) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("id", PAGE_ID);
        page.put("name", v.clinic());
        page.put("url", Objects.requireNonNullElse(v.publicUrl(), ""));
        page.put("time_zone", v.zone().getId());
        page.put("updated_at", v.updatedAt().toString());
        List<Map<String, Object>> components = new ArrayList<>();
        int position = 1;
        for (StatusView.Group g : v.groups()) {
            Map<String, Object> group = component(g.group().id(), g.group().label(), g.components().stream().map(StatusView.Component::state)
                    .reduce(ComponentState.OPERATIONAL, ComponentState::worse), null, position++, v);
            group.put("group", true);
            group.put("components", g.components().stream().map(c -> c.component().id()).toList());
            components.add(group);
            for (StatusView.Component c : g.components()) {
                Map<String, Object> m = component(c.component().id(), c.component().label(), c.state(), c.component().description(), position++, v);
                m.put("group_id", g.group().id());
                m.put("group", false);
                m.put("uptime_percent", c.uptime());
                components.add(m);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("page", page);
        body.put("status", Map.of("indicator", v.indicator(), "description", v.description()));
        body.put("components", components);
        body.put("incidents", v.activeIncidents().stream().map(this::incident).toList());
        body.put("scheduled_maintenances", v.maintenances().stream()
                .filter(w -> w.status() == MaintenanceWindows.Status.SCHEDULED || w.status() == MaintenanceWindows.Status.IN_PROGRESS)
                .map(this::maintenance).toList());
        return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
    }

    private static Map<String, Object> component(String id, String name, ComponentState state, String description, int position, StatusView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("status", state.apiName());
        m.put("created_at", null);
        m.put("updated_at", v.updatedAt().toString());
        m.put("position", position);
        m.put("description", description);
        m.put("showcase", true);
        m.put("start_date", null);
        m.put("page_id", PAGE_ID);
        m.put("only_show_if_degraded", false);
        return m;
    }

    private Map<String, Object> incident(PublicIncident i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id().toString());
        m.put("name", i.name());
        m.put("status", i.status());
        m.put("created_at", i.createdAt().toString());
        m.put("updated_at", i.updatedAt().toString());
        m.put("monitoring_at", null);
        m.put("resolved_at", i.resolvedAt() == null ? null : i.resolvedAt().toString());
        m.put("impact", i.impact());
        m.put("shortlink", null);
        m.put("started_at", i.createdAt().toString());
        m.put("page_id", PAGE_ID);
        List<Map<String, Object>> updates = new ArrayList<>();
        for (PublicUpdate u : i.updates()) {
            Map<String, Object> um = new LinkedHashMap<>();
            um.put("id", u.id().toString());
            um.put("status", u.status());
            um.put("body", u.body());
            um.put("incident_id", i.id().toString());
            um.put("created_at", u.at().toString());
            um.put("updated_at", u.at().toString());
            um.put("display_at", u.at().toString());
            updates.add(um);
        }
        m.put("incident_updates", updates);
        m.put("components", i.components().entrySet().stream().map(e -> Map.of("id", e.getKey().id(), "name", e.getKey().label(),
                "status", e.getValue().apiName())).toList());
        return m;
    }

    private Map<String, Object> maintenance(MaintenanceWindows.Window w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", w.id().toString());
        m.put("name", w.title());
        m.put("status", w.status().apiName());
        m.put("created_at", w.createdAt().toString());
        m.put("updated_at", (w.startedAt() != null ? w.startedAt() : w.createdAt()).toString());
        m.put("monitoring_at", null);
        m.put("resolved_at", w.completedAt() == null ? null : w.completedAt().toString());
        m.put("impact", "maintenance");
        m.put("shortlink", null);
        m.put("started_at", w.startsAt().toString());
        m.put("page_id", PAGE_ID);
        m.put("incident_updates", w.description().isBlank() ? List.of() : List.of(Map.of("status", w.status().apiName(),
                "body", w.description(), "created_at", w.createdAt().toString())));
        m.put("components", w.components().stream().map(c -> Map.of("id", c.id(), "name", c.label())).toList());
        m.put("scheduled_for", w.startsAt().toString());
        m.put("scheduled_until", w.endsAt().toString());
        return m;
    }

    /** RFC 4287: one entry per incident (its public updates, newest first) and per maintenance window. */
    byte[] atom(StatusView v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter x = XMLOutputFactory.newInstance().createXMLStreamWriter(out, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeStartElement("feed");
            x.writeDefaultNamespace("http://www.w3.org/2005/Atom");
            text(x, "id", "urn:holi:status:" + PAGE_ID);
            text(x, "title", v.clinic() + " status");
            text(x, "updated", v.updatedAt().toString());
            link(x, base(v) + "index.html", "alternate");
            link(x, base(v) + "feed.atom", "self");
            List<PublicIncident> incidents = new ArrayList<>(v.activeIncidents());
            incidents.addAll(v.pastIncidents());
            for (PublicIncident i : incidents) {
                x.writeStartElement("entry");
                text(x, "id", "urn:uuid:" + i.id());
                text(x, "title", i.name() + (i.resolved() ? " (resolved)" : ""));
                text(x, "updated", i.updatedAt().toString());
                text(x, "published", i.createdAt().toString());
                x.writeStartElement("author");
                text(x, "name", v.clinic());
                x.writeEndElement();
                link(x, base(v) + "index.html#incident-" + i.id(), "alternate");
                StringBuilder content = new StringBuilder();
                for (PublicUpdate u : i.updates()) {
                    content.append(v.when(u.at())).append(" — ").append(capitalised(u.status())).append(": ").append(u.body()).append("\n");
                }
                x.writeStartElement("content");
                x.writeAttribute("type", "text");
                x.writeCharacters(content.toString().strip());
                x.writeEndElement();
                x.writeEndElement();
            }
            for (MaintenanceWindows.Window w : v.maintenances()) {
                x.writeStartElement("entry");
                text(x, "id", "urn:uuid:" + w.id());
                text(x, "title", "Maintenance: " + w.title() + " (" + w.status().apiName().replace('_', ' ') + ")");
                Instant updated = w.completedAt() != null ? w.completedAt() : w.startedAt() != null ? w.startedAt() : w.createdAt();
                text(x, "updated", updated.toString());
                x.writeStartElement("author");
                text(x, "name", v.clinic());
                x.writeEndElement();
                link(x, base(v) + "index.html#maintenance-" + w.id(), "alternate");
                x.writeStartElement("content");
                x.writeAttribute("type", "text");
                x.writeCharacters("Scheduled from " + v.when(w.startsAt()) + " to " + v.when(w.endsAt()) + ". Affects: "
                        + String.join(", ", w.components().stream().map(StatusComponent::label).toList()) + "."
                        + (w.description().isBlank() ? "" : " " + w.description()));
                x.writeEndElement();
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("the status feed could not be written", e);
        }
        return out.toByteArray();
    }

    private static String base(StatusView v) {
        String url = v.publicUrl() == null || v.publicUrl().isBlank() ? "" : v.publicUrl().strip();
        return url.isEmpty() || url.endsWith("/") ? url : url + "/";
    }

    static String capitalised(String status) {
        return status.isEmpty() ? status : Character.toUpperCase(status.charAt(0)) + status.substring(1).replace('_', ' ');
    }

    private static void text(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeStartElement(name);
        x.writeCharacters(value);
        x.writeEndElement();
    }

    private static void link(XMLStreamWriter x, String href, String rel) throws XMLStreamException {
        x.writeEmptyElement("link");
        x.writeAttribute("rel", rel);
        x.writeAttribute("href", href);
    }
}
