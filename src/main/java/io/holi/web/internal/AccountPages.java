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
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Everyone's own account: change the password, set up the second factor, make new recovery codes. */
@ConditionalOnWebApplication
@Controller
class AccountPages {

    private final SignIn signIn;
    private final SecondFactor factor;
    private final WebSessions sessions;

    AccountPages(SignIn signIn, SecondFactor factor, WebSessions sessions) {
        this.signIn = signIn;
        this.factor = factor;
        this.sessions = sessions;
    }

    @GetMapping("/account")
    String account(Model model) {
        Caller caller = Caller.require();
        model.addAttribute("factor", factor.status(caller.id(), caller.role()));
        return "web/account";
    }

    @PostMapping("/account/password")
    String password(@RequestParam(defaultValue = "") String currentPassword, @RequestParam(defaultValue = "") String newPassword,
                    HttpServletRequest request, HttpServletResponse response, Model model) {
        try {
            signIn.changePassword(Caller.require(), currentPassword, newPassword);
        } catch (HoliException e) {
            response.setStatus(e.kind() == HoliException.Kind.RATE_LIMITED ? 429 : 400);
            model.addAttribute("errors", Forms.of(e));
            return account(model);
        }
        // a new password ends every session, this one included: sign in with it
        sessions.end(request);
        return "redirect:/login?ended";
    }

    @GetMapping("/account/mfa")
    String enrolForm(Model model) {
        Caller caller = Caller.require();
        model.addAttribute("enrolment", factor.pendingOrBegin(caller.id(), caller.email()));
        return "web/account-mfa";
    }

    @PostMapping("/account/mfa")
    String enrol(@RequestParam(defaultValue = "") String code, HttpServletResponse response, Model model) {
        Caller caller = Caller.require();
        try {
            model.addAttribute("codes", factor.confirm(caller.id(), code));
            model.addAttribute("next", "/account");
            return "web/recovery-codes";
        } catch (HoliException e) {
            response.setStatus(400);
            model.addAttribute("errors", Forms.of(e));
            model.addAttribute("enrolment", factor.pendingOrBegin(caller.id(), caller.email()));
            return "web/account-mfa";
        }
    }

    @PostMapping("/account/recovery-codes")
    String newCodes(Model model) {
        Caller caller = Caller.require();
        if (!factor.enrolled(caller.id())) {
            throw HoliException.conflict("Set up the second factor first");
        }
        List<String> codes = factor.newRecoveryCodes(caller.id());
        model.addAttribute("codes", codes);
        model.addAttribute("next", "/account");
        return "web/recovery-codes";
    }
}
