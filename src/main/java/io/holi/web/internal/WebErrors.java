package io.holi.web.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import io.holi.platform.HoliException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** A service's refusal on a page: a page that says what happened and what to do, with the status the API would give. */
@ConditionalOnWebApplication
@ControllerAdvice(basePackages = "io.holi.web")
@Order(Ordered.HIGHEST_PRECEDENCE)
class WebErrors {

    private final WebModel frame;

    WebErrors(WebModel frame) {
        this.frame = frame;
    }

    @ExceptionHandler(HoliException.class)
    String refused(HoliException e, jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response, Model model) {
        // exception handlers get a model of their own: the page's frame is added here
        model.addAttribute("web", frame.frame(request));
        int status = switch (e.kind()) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case RATE_LIMITED -> 429;
            case UNAVAILABLE -> 503;
            case FAILED -> 500;
        };
        response.setStatus(status);
        model.addAttribute("heading", switch (e.kind()) {
            case NOT_FOUND -> "Not found";
            case FORBIDDEN -> "Not allowed";
            case CONFLICT -> "That clashes with something";
            case RATE_LIMITED -> "Too many attempts";
            case UNAVAILABLE -> "Not available right now";
            default -> "That did not work";
        });
        model.addAttribute("message", e.getMessage());
        return "web/error";
    }
}
