package io.holi.web.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import io.holi.identity.SecondFactor;
import io.holi.identity.SignIn;
import io.holi.identity.WebSessions;
import io.holi.platform.Caller;
import io.holi.platform.HoliException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Signing in and out of the web application: password, then the second factor's code, or its enrolment when the
 * role requires one and the account has none yet. The same {@link SignIn} as the API: the same limits, lockout and
 * audit records.
 */
@ConditionalOnWebApplication
@Controller
class SignInPages {

    private final SignIn signIn;
    private final WebSessions sessions;
    private final SecondFactor factor;

    SignInPages(SignIn signIn, WebSessions sessions, SecondFactor factor) {
        this.signIn = signIn;
        this.sessions = sessions;
        this.factor = factor;
    }

    @GetMapping("/login")
    String form(HttpServletRequest request, Model model) {
        if (request.getParameter("expired") != null && Caller.current().isPresent()) {
            // the page's idle timer ran out: this session ends here even if the server's clock has a moment left
            sessions.end(request);
        } else if (Caller.current().isPresent()) {
            return "redirect:/";
        }
        if (request.getParameter("expired") != null) {
            model.addAttribute("notice", "You were signed out because nothing happened for a while. Sign in again to go on.");
        } else if (request.getParameter("ended") != null) {
            model.addAttribute("notice", "Your session ended (signed out elsewhere, a new password, or a changed account). Sign in again.");
        } else if (request.getParameter("out") != null) {
            model.addAttribute("notice", "You are signed out.");
        }
        return "web/login";
    }

    @PostMapping("/login")
    String password(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String password,
                    HttpServletRequest request, HttpServletResponse response, Model model) {
        SignIn.Outcome outcome;
        try {
            outcome = signIn.password(email, password);
        } catch (HoliException e) {
            response.setStatus(e.kind() == HoliException.Kind.RATE_LIMITED ? 429 : 401);
            model.addAttribute("email", email);
            model.addAttribute("errors", List.of(new PageErrors.Item("password", e.getMessage())));
            return "web/login";
        }
        if (outcome instanceof SignIn.CodeNeeded code) {
            sessions.pending(request, code.userId(), WebSessions.Stage.CODE);
            return "redirect:/login/code";
        }
        if (outcome instanceof SignIn.EnrolmentNeeded enrol) {
            sessions.pending(request, enrol.userId(), WebSessions.Stage.ENROL);
            return "redirect:/login/enrol";
        }
        String target = sessions.returnTo(request);
        sessions.signedIn(request, response, (SignIn.SignedIn) outcome);
        return "redirect:" + target;
    }

    @GetMapping("/login/code")
    String codeForm(HttpServletRequest request) {
        return sessions.pending(request).filter(p -> p.stage() == WebSessions.Stage.CODE).isPresent() ? "web/login-code" : "redirect:/login";
    }

    @PostMapping("/login/code")
    String code(@RequestParam(defaultValue = "") String code, HttpServletRequest request, HttpServletResponse response, Model model) {
        Optional<WebSessions.Pending> pending = sessions.pending(request).filter(p -> p.stage() == WebSessions.Stage.CODE);
        if (pending.isEmpty()) {
            return "redirect:/login";
        }
        try {
            SignIn.SignedIn done = signIn.code(pending.get().userId(), code);
            String target = sessions.returnTo(request);
            sessions.signedIn(request, response, done);
            return "redirect:" + target;
        } catch (HoliException e) {
            response.setStatus(e.kind() == HoliException.Kind.RATE_LIMITED ? 429 : 401);
            model.addAttribute("errors", List.of(new PageErrors.Item("code", e.getMessage())));
            return "web/login-code";
        }
    }

    @GetMapping("/login/enrol")
    String enrolForm(HttpServletRequest request, Model model) {
        Optional<WebSessions.Pending> pending = sessions.pending(request).filter(p -> p.stage() == WebSessions.Stage.ENROL);
        if (pending.isEmpty()) {
            return "redirect:/login";
        }
        model.addAttribute("enrolment", factor.pendingOrBegin(pending.get().userId(), emailOf(pending.get())));
        return "web/login-enrol";
    }

    @PostMapping("/login/enrol")
    String enrol(@RequestParam(defaultValue = "") String code, HttpServletRequest request, HttpServletResponse response, Model model) {
        Optional<WebSessions.Pending> pending = sessions.pending(request).filter(p -> p.stage() == WebSessions.Stage.ENROL);
        if (pending.isEmpty()) {
            return "redirect:/login";
        }
        try {
            List<String> codes = factor.confirm(pending.get().userId(), code);
            SignIn.SignedIn done = signIn.enrolled(pending.get().userId());
            sessions.signedIn(request, response, done);
            model.addAttribute("codes", codes);
            model.addAttribute("next", "/");
            return "web/recovery-codes";
        } catch (HoliException e) {
            response.setStatus(400);
            model.addAttribute("errors", List.of(new PageErrors.Item("code", e.fieldErrors().isEmpty() ? e.getMessage()
                    : "The code " + e.fieldErrors().get(0).message())));
            // the same secret stays pending: the QR code the phone scanned is still the right one
            model.addAttribute("enrolment", factor.pendingOrBegin(pending.get().userId(), emailOf(pending.get())));
            return "web/login-enrol";
        }
    }

    @PostMapping("/logout")
    String logout(HttpServletRequest request) {
        Caller.current().ifPresent(signIn::signOut);
        sessions.end(request);
        return "redirect:/login?out";
    }

    /** The idle warning's "stay signed in": any request keeps the session alive; this one does nothing else. */
    @PostMapping("/session/keepalive")
    @ResponseBody
    String keepAlive() {
        return "ok";
    }

    @org.springframework.web.bind.annotation.RequestMapping("/denied")
    String denied(HttpServletRequest request, Model model) {
        Object reason = request.getAttribute("holi.denied-reason");
        model.addAttribute("reason", reason == null ? "You may not open this page." : reason);
        return "web/denied";
    }

    private String emailOf(WebSessions.Pending pending) {
        return signIn.email(pending.userId());
    }
}
