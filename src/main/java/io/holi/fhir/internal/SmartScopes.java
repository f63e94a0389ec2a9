package io.holi.fhir.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A token's SMART scopes (App Launch 2.0 {@code user/Patient.rs}, and 1.0's {@code user/Patient.read}) and what they
 * allow. Plain Java: scopes only ever narrow what the role and the grants already allow, so the question here is
 * just "does some scope name this resource type and interaction in a context this token has?".
 */
record SmartScopes(List<Scope> scopes) {

    enum Context { PATIENT, USER, SYSTEM }

    /** SMART v2's permissions: create, read, update, delete, search. */
    enum Permission { C, R, U, D, S }

    record Scope(Context context, String resourceType, Set<Permission> permissions) {
        boolean covers(String type, Permission p) {
            return (resourceType.equals("*") || resourceType.equals(type)) && permissions.contains(p);
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(context.name().toLowerCase(Locale.ROOT)).append('/').append(resourceType).append('.');
            permissions.forEach(p -> b.append(p.name().toLowerCase(Locale.ROOT)));
            return b.toString();
        }
    }

    /** The clinical scopes this server understands; anything else (openid, launch, offline_access…) grants nothing here. */
    static SmartScopes parse(String scope) {
        List<Scope> out = new ArrayList<>();
        for (String token : scope.trim().split("\\s+")) {
            parseOne(token).ifPresent(out::add);
        }
        return new SmartScopes(List.copyOf(out));
    }

    static Optional<Scope> parseOne(String token) {
        int slash = token.indexOf('/');
        int dot = token.lastIndexOf('.');
        if (slash < 1 || dot < slash + 2 || dot == token.length() - 1) {
            return Optional.empty();
        }
        Context context;
        switch (token.substring(0, slash)) {
            case "patient" -> context = Context.PATIENT;
            case "user" -> context = Context.USER;
            case "system" -> context = Context.SYSTEM;
            default -> {
                return Optional.empty();
            }
        }
        String type = token.substring(slash + 1, dot);
        if (!type.equals("*") && !type.chars().allMatch(Character::isLetter)) {
            return Optional.empty();
        }
        String perms = token.substring(dot + 1);
        int query = perms.indexOf('?');
        if (query >= 0) {
            return Optional.empty(); // v2 fine-grained constraints (?category=…) are not honoured: grant nothing rather than too much
        }
        Set<Permission> set = switch (perms) {
            case "read" -> EnumSet.of(Permission.R, Permission.S);
            case "write" -> EnumSet.of(Permission.C, Permission.U, Permission.D);
            case "*" -> EnumSet.allOf(Permission.class);
            default -> v2(perms);
        };
        return set.isEmpty() ? Optional.empty() : Optional.of(new Scope(context, type, set));
    }

    /** "cruds" in that order, each letter at most once (SMART 2.0); anything else is not a scope. */
    private static Set<Permission> v2(String perms) {
        Set<Permission> set = EnumSet.noneOf(Permission.class);
        int last = -1;
        for (char c : perms.toCharArray()) {
            int i = "cruds".indexOf(c);
            if (i <= last) {
                return EnumSet.noneOf(Permission.class);
            }
            last = i;
            set.add(Permission.values()[i]);
        }
        return set;
    }

    /** Whether a scope of one of these contexts allows the interaction on the resource type. */
    boolean allows(String resourceType, Permission permission, Set<Context> contexts) {
        return scopes.stream().anyMatch(s -> contexts.contains(s.context()) && s.covers(resourceType, permission));
    }

    /** Whether the only scopes that allow this are patient/ scopes (the token then sees its one patient only). */
    boolean onlyPatientContext(String resourceType, Permission permission) {
        return allows(resourceType, permission, EnumSet.of(Context.PATIENT))
                && !allows(resourceType, permission, EnumSet.of(Context.USER, Context.SYSTEM));
    }

    String granted() {
        return String.join(" ", scopes.stream().map(Scope::toString).toList());
    }
}
