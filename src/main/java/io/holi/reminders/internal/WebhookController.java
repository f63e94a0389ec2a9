package io.holi.reminders.internal;

import com.resend.services.webhooks.Webhooks;
import com.resend.services.webhooks.model.VerifyWebhookOptions;
import com.twilio.security.RequestValidator;
import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.platform.HoliProperties;
import io.holi.platform.ProblemWriter;
import io.holi.platform.RequestMetadata;
import io.holi.platform.RequestPaths;
import io.holi.ratelimit.RateLimiter;
import io.holi.reminders.Channel;
import io.holi.reminders.Consent;
import io.holi.reminders.ReminderMessages;
import io.holi.reminders.ReminderProperties;
import io.holi.reminders.Reminders;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The vendors' callbacks, authenticated by their signatures (not by a user): Twilio's delivery reports and inbound
 * texts ({@code X-Twilio-Signature}, checked by Twilio's own validator against the public URL holi is reached at), and
 * Resend's events (signed the Svix way, checked by Resend's own SDK). A bad signature is refused with 403 and
 * audited. Statuses only move forward; STOP, START and HELP by text change the consent of every patient with that
 * number; a bounce or a complaint withdraws the email consent. Nothing a vendor sends is logged.
 */
@RestController
@Tag(name = "Reminders")
class WebhookController {

    static final String TWILIO_STATUS = RequestPaths.REMINDER_WEBHOOKS + "twilio/status";
    static final String TWILIO_INBOUND = RequestPaths.REMINDER_WEBHOOKS + "twilio/inbound";
    static final String RESEND_EVENTS = RequestPaths.REMINDER_WEBHOOKS + "resend";

    /** Twilio's default opt-out and opt-in keywords (its Advanced Opt-Out reports them in OptOutType as well). */
    static final Set<String> STOP = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT");
    static final Set<String> START = Set.of("START", "YES", "UNSTOP");
    static final Set<String> HELP = Set.of("HELP", "INFO");

    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

    private final DeliveryReports reports;
    private final Reminders reminders;
    private final ReminderProperties properties;
    private final ReminderMessages messages;
    private final HoliProperties holi;
    private final AuditTrail audit;
    private final RateLimiter limiter;
    private final ObjectMapper json = new ObjectMapper();
    /** Resend's signature check; made once (each Webhooks object builds an HTTP client it never uses here). */
    private final Webhooks resendVerifier = new Webhooks("webhook-verification-only");

    WebhookController(DeliveryReports reports, Reminders reminders, ReminderProperties properties, ReminderMessages messages,
                      HoliProperties holi, AuditTrail audit, RateLimiter limiter) {
        this.reports = reports;
        this.reminders = reminders;
        this.properties = properties;
        this.messages = messages;
        this.holi = holi;
        this.audit = audit;
        this.limiter = limiter;
    }

    @PostMapping(path = TWILIO_STATUS, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    @Operation(summary = "Twilio's message status callback (signed with X-Twilio-Signature): moves a reminder to delivered or failed")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<?> twilioStatus(HttpServletRequest request) {
        Map<String, String> params = params(request);
        if (!twilioSigned(request, params)) {
            return refused(request, "Twilio");
        }
        reports.twilio(params.getOrDefault("MessageSid", params.get("SmsSid")),
                params.getOrDefault("MessageStatus", params.getOrDefault("SmsStatus", "")).toLowerCase(Locale.ROOT), params.get("ErrorCode"));
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = TWILIO_INBOUND, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE, produces = MediaType.APPLICATION_XML_VALUE)
    @Operation(summary = "Twilio's incoming message webhook (signed): STOP, START and HELP change or explain the sender's SMS consent; "
            + "answers TwiML")
    ResponseEntity<?> twilioInbound(HttpServletRequest request) {
        Map<String, String> params = params(request);
        if (!twilioSigned(request, params)) {
            return refused(request, "Twilio");
        }
        String from = params.getOrDefault("From", "");
        String body = params.getOrDefault("Body", "").strip();
        String keyword = body.isEmpty() ? "" : body.split("\\s+")[0].toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "");
        String optOutType = params.getOrDefault("OptOutType", "").toUpperCase(Locale.ROOT);
        String reply = "";
        if (optOutType.equals("STOP") || optOutType.isEmpty() && STOP.contains(keyword)) {
            List<java.util.UUID> changed = reminders.consentFromProvider(reminders.patientsWithPhone(from), Channel.SMS, false,
                    Consent.Source.PATIENT_SMS, "patient:sms");
            log.info("Inbound text: opt-out, {} patient consent(s) withdrawn", changed.size());
        } else if (optOutType.equals("START") || optOutType.isEmpty() && START.contains(keyword)) {
            List<java.util.UUID> changed = reminders.consentFromProvider(reminders.patientsWithPhone(from), Channel.SMS, true,
                    Consent.Source.PATIENT_SMS, "patient:sms");
            log.info("Inbound text: opt-in, {} patient consent(s) given", changed.size());
        } else if (optOutType.isEmpty() && HELP.contains(keyword)) {
            reply = "<Message>" + HtmlUtils.htmlEscape(messages.help(properties.defaultLanguage(), holi.clinic().name())) + "</Message>";
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML)
                .body("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>" + reply + "</Response>");
    }

    @PostMapping(path = RESEND_EVENTS, consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Resend's webhook events (signed with svix-id, svix-timestamp, svix-signature): delivered, bounced, complained")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<?> resend(HttpServletRequest request, @RequestBody String payload) {
        String secret = properties.resend().webhookSecret();
        Map<String, String> headers = new TreeMap<>();
        for (String h : List.of("svix-id", "svix-timestamp", "svix-signature")) {
            headers.put(h, Optional.ofNullable(request.getHeader(h)).orElse(""));
        }
        boolean valid = false;
        if (secret != null && !secret.isBlank()) {
            try {
                resendVerifier.verify(VerifyWebhookOptions.builder().payload(payload).addHeaders(headers)
                        .secret(secret.strip()).build());
                valid = true;
            } catch (Exception e) {
                valid = false;
            }
        }
        if (!valid) {
            return refused(request, "Resend");
        }
        JsonNode event = json.readTree(payload);
        reports.resend(event.path("type").asString(""), event.path("data").path("email_id").asString(""));
        return ResponseEntity.noContent().build();
    }

    private boolean twilioSigned(HttpServletRequest request, Map<String, String> params) {
        String token = properties.twilio().authToken();
        String signature = request.getHeader("X-Twilio-Signature");
        if (token == null || token.isBlank() || signature == null || properties.publicBase().isEmpty()) {
            return false;
        }
        // the URL Twilio called: the public address behind the load balancer, never the one this instance sees
        String url = properties.publicBase() + RequestPaths.resolved(request) + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        return new RequestValidator(token.strip()).validate(url, params, signature);
    }

    private static Map<String, String> params(HttpServletRequest request) {
        Map<String, String> params = new TreeMap<>();
        request.getParameterMap().forEach((k, v) -> params.put(k, v.length == 0 ? "" : v[0]));
        if (request.getQueryString() != null) {
            // Twilio signs the URL with its query string and the form fields without it
            for (String pair : request.getQueryString().split("&")) {
                params.remove(java.net.URLDecoder.decode(pair.split("=", 2)[0], java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private ResponseEntity<?> refused(HttpServletRequest request, String vendor) {
        String ip = String.valueOf(RequestMetadata.current().clientIp());
        if (limiter.anonymousRecord(ip) == RateLimiter.AnonymousRecord.REFUSE) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, "60")
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(ProblemWriter.problem(HttpStatus.TOO_MANY_REQUESTS, "Too many unauthenticated requests from this address"));
        }
        audit.record(AuditEvent.of(AuditAction.UNAUTHORIZED_ACCESS).denied("bad or missing " + vendor + " webhook signature")
                .detail("path", RequestPaths.resolved(request)).build());
        log.warn("{} webhook refused: bad or missing signature", vendor);
        return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemWriter.problem(HttpStatus.FORBIDDEN, "The " + vendor + " webhook's signature does not verify"));
    }
}
