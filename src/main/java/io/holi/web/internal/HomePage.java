package io.holi.web.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import io.holi.platform.Caller;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The home page of each role is where its day starts. */
@ConditionalOnWebApplication
@Controller
class HomePage {

    @GetMapping("/")
    String home() {
        return switch (Caller.require().role()) {
            case CLINICIAN, STAFF -> "redirect:/schedule";
            case AUDITOR -> "redirect:/audit";
            case ADMIN -> "redirect:/admin/users";
        };
    }
}
