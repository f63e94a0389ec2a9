package io.holi.identity.internal;

import io.holi.identity.SignIn;
import io.holi.platform.Caller;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Service;

/** The API's sign-in: {@link SignIn}'s steps in one request, answered with a bearer token. */
@Service
@ConditionalOnWebApplication
class LoginService {

    private final SignIn signIn;
    private final TokenService tokens;

    LoginService(SignIn signIn, TokenService tokens) {
        this.signIn = signIn;
        this.tokens = tokens;
    }

    TokenService.Issued login(String email, String password, String code) {
        Caller caller = signIn.passwordAndCode(email, password, code).caller();
        return tokens.issue(caller.id(), caller.email(), caller.role());
    }

    void logout(Caller caller) {
        signIn.signOut(caller);
    }

    void changePassword(Caller caller, String current, String next) {
        signIn.changePassword(caller, current, next);
    }
}
