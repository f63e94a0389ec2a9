package io.holi.identity.internal;

import io.holi.identity.SignIn;
import io.holi.platform.Caller;
import io.holi.platform.HoliException;
import io.holi.platform.TokenGrant;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Service;

import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

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

    TokenService.Issued login(String email, String password, String code, TokenGrant grant) {
        Caller caller = signIn.passwordAndCode(email, password, code).caller();
        return tokens.issue(caller.id(), caller.email(), caller.role(), grant);
    }

    /**
     * What a sign-in asked its token to be limited to. {@code system/} scopes belong to backend clients; {@code patient/}
     * scopes mean nothing without the patient they are for, and a patient without them would be ignored: both refused.
     */
    static TokenGrant grant(String scope, UUID patient) {
        Optional<String> s = Optional.ofNullable(scope).map(String::strip).filter(v -> !v.isEmpty());
        boolean patientScopes = s.map(v -> Arrays.stream(v.split(" ")).anyMatch(t -> t.startsWith("patient/"))).orElse(false);
        if (s.isPresent() && Arrays.stream(s.get().split(" ")).anyMatch(t -> t.startsWith("system/"))) {
            throw HoliException.invalid("scope", "system/ scopes are for registered backend clients (holi fhir clients add)");
        }
        if (patientScopes && patient == null) {
            throw HoliException.invalid("patient", "is required with patient/ scopes: the id of the patient the token is for");
        }
        if (patient != null && !patientScopes) {
            throw HoliException.invalid("patient", "is only meaningful with patient/ scopes");
        }
        return new TokenGrant(s, Optional.ofNullable(patient), Optional.empty(), Optional.empty());
    }

    void logout(Caller caller) {
        signIn.signOut(caller);
    }

    void changePassword(Caller caller, String current, String next) {
        signIn.changePassword(caller, current, next);
    }
}
