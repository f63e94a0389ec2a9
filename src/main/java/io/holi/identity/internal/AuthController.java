package io.holi.identity.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.holi.identity.SecondFactor;
import io.holi.identity.SignIn;
import io.holi.identity.UserService;
import io.holi.platform.Caller;
import io.holi.platform.Role;
import io.holi.platform.TokenGrant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;


@RestController
@ConditionalOnWebApplication
@Tag(name = "Identity")
class AuthController {

    record LoginRequest(@NotBlank(message = "is required") @Size(max = 320, message = "must be at most 320 characters") String email,
                        @NotNull(message = "is required") @Size(max = 128, message = "must be at most 128 characters") String password,
                        @Size(max = 32, message = "must be at most 32 characters") String code,
                        @Size(max = 1000, message = "must be at most 1000 characters")
                        @Pattern(regexp = "^[A-Za-z0-9/*._-]+( [A-Za-z0-9/*._-]+)*$",
                                message = "must be SMART scopes separated by single spaces, e.g. user/Patient.rs user/Appointment.cruds") String scope,
                        UUID patient) {
        @Override
        public String toString() {
            return "LoginRequest[email=" + email + "]";
        }
    }

    record LoginResponse(String accessToken, String tokenType, long expiresIn,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String scope) {
        @Override
        public String toString() {
            return "LoginResponse[tokenType=" + tokenType + "]";
        }
    }

    record Me(String id, String email, String name, Role role, boolean secondFactor) {
    }

    record Enrolment(String secret, String otpauthUri) {
        @Override
        public String toString() {
            return "Enrolment[redacted]";
        }
    }

    record Confirmed(List<String> recoveryCodes, String accessToken, String tokenType, long expiresIn) {
        @Override
        public String toString() {
            return "Confirmed[redacted]";
        }
    }

    record PasswordChange(@NotNull(message = "is required") @Size(max = 128, message = "must be at most 128 characters") String currentPassword,
                          @NotNull(message = "is required") @Size(max = 128, message = "must be at most 128 characters") String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[redacted]";
        }
    }

    private final LoginService login;
    private final UserService users;
    private final SignIn signIn;
    private final SecondFactor factor;
    private final TokenService tokens;

    AuthController(LoginService login, UserService users, SignIn signIn, SecondFactor factor, TokenService tokens) {
        this.login = login;
        this.users = users;
        this.signIn = signIn;
        this.factor = factor;
        this.tokens = tokens;
    }

    @PostMapping("/api/auth/login")
    @Operation(summary = "Sign in; returns a bearer token valid for 15 minutes. An account with a second factor sends its "
            + "current code (or a recovery code) as `code`. 5 failures, wrong codes included, lock the account for 15 minutes. "
            + "`scope` (SMART, e.g. `user/Patient.rs`) narrows the token to those FHIR interactions and to /fhir; `patient/` "
            + "scopes need `patient`, the id of the patient the token is for.")
    LoginResponse login(@Valid @RequestBody LoginRequest request) {
        TokenGrant grant = LoginService.grant(request.scope(), request.patient());
        TokenService.Issued issued = login.login(request.email(), request.password(), request.code(), grant);
        return new LoginResponse(issued.token(), "Bearer", issued.expiresInSeconds(), grant.scope().orElse(null));
    }

    @PostMapping("/api/auth/mfa/enrol")
    @Operation(summary = "Start enrolling a second factor (an account without one): returns the TOTP secret and its otpauth:// "
            + "URI for an authenticator app. Confirm with /api/auth/mfa/confirm.")
    Enrolment enrol(@Valid @RequestBody LoginRequest request) {
        var userId = signIn.passwordForEnrolment(request.email(), request.password());
        var e = factor.begin(userId, request.email().strip().toLowerCase(java.util.Locale.ROOT));
        return new Enrolment(e.secret(), e.uri());
    }

    @PostMapping("/api/auth/mfa/confirm")
    @Operation(summary = "Confirm the second factor with the app's first code: returns ten single-use recovery codes (shown "
            + "once: keep them offline) and a bearer token.")
    Confirmed confirm(@Valid @RequestBody LoginRequest request) {
        if (request.code() == null || request.code().isBlank()) {
            throw io.holi.platform.HoliException.invalid("code", "is required: the six digits your authenticator app shows");
        }
        var userId = signIn.passwordForEnrolment(request.email(), request.password());
        List<String> codes = factor.confirm(userId, request.code());
        Caller caller = signIn.enrolled(userId).caller();
        TokenService.Issued issued = tokens.issue(caller.id(), caller.email(), caller.role());
        return new Confirmed(codes, issued.token(), "Bearer", issued.expiresInSeconds());
    }

    @PostMapping("/api/auth/logout")
    @Operation(summary = "Sign out: every token issued to the caller until now stops working.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> logout() {
        login.logout(Caller.require());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/me/password")
    @Operation(summary = "Change your own password (the current one is required); every token you hold stops working: sign in again.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> changePassword(@Valid @RequestBody PasswordChange body) {
        login.changePassword(Caller.require(), body.currentPassword(), body.newPassword());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/me")
    @Operation(summary = "Who the token belongs to.")
    Me me() {
        Caller caller = Caller.require();
        var account = users.find(caller.id()).orElseThrow();
        return new Me(account.id().toString(), account.email(), account.name(), account.role(), factor.enrolled(account.id()));
    }
}
