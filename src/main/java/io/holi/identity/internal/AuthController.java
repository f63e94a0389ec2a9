package io.holi.identity.internal;

import io.holi.identity.UserService;
import io.holi.platform.Caller;
import io.holi.platform.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;


@RestController
@ConditionalOnWebApplication
@Tag(name = "Identity")
class AuthController {

    record LoginRequest(@NotBlank(message = "is required") @Size(max = 320, message = "must be at most 320 characters") String email,
                        @NotNull(message = "is required") @Size(max = 128, message = "must be at most 128 characters") String password) {
        @Override
        public String toString() {
            return "LoginRequest[email=" + email + "]";
        }
    }

    record LoginResponse(String accessToken, String tokenType, long expiresIn) {
        @Override
        public String toString() {
            return "LoginResponse[tokenType=" + tokenType + "]";
        }
    }

    record Me(String id, String email, String name, Role role) {
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

    AuthController(LoginService login, UserService users) {
        this.login = login;
        this.users = users;
    }

    @PostMapping("/api/auth/login")
    @Operation(summary = "Sign in; returns a bearer token valid for 15 minutes. 5 failures lock the account for 15 minutes.")
    LoginResponse login(@Valid @RequestBody LoginRequest request) {
        TokenService.Issued issued = login.login(request.email(), request.password());
        return new LoginResponse(issued.token(), "Bearer", issued.expiresInSeconds());
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
        return new Me(account.id().toString(), account.email(), account.name(), account.role());
    }
}
