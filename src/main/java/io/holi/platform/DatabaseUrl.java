package io.holi.platform;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A PostgreSQL connection target, parsed from the manual's {@code postgresql://user:pass@host:5432/db}
 * form or from a {@code jdbc:postgresql://…} URL.
 *
 * <p>{@link #toString()} never shows the password.
 */
public record DatabaseUrl(String host, int port, String database, String username, String password,
                          Map<String, String> parameters) {

    public DatabaseUrl {
        parameters = Map.copyOf(parameters);
    }

    public static DatabaseUrl of(String host, int port, String database, String username, String password) {
        return new DatabaseUrl(host, port, database, username, password, Map.of());
    }

    /**
     * Parses {@code postgresql://}, {@code postgres://} and {@code jdbc:postgresql://} URLs.
     *
     * @throws IllegalArgumentException with a message that says what is wrong (never echoing the password)
     */
    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("DATABASE_URL is empty");
        }
        String text = url.trim();
        if (text.startsWith("jdbc:")) {
            text = text.substring("jdbc:".length());
        }
        if (!text.startsWith("postgresql://") && !text.startsWith("postgres://")) {
            throw new IllegalArgumentException(
                    "DATABASE_URL must look like postgresql://user:password@host:5432/database "
                            + "(or jdbc:postgresql://host:5432/database?user=…&password=…)");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("DATABASE_URL is not a valid URL (check that special characters "
                    + "in the password are percent-encoded)");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("DATABASE_URL has no host");
        }
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String database = decode(path.startsWith("/") ? path.substring(1) : path);
        if (database.isBlank()) {
            throw new IllegalArgumentException("DATABASE_URL has no database name (…/database at the end)");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                params.put(key, value);
            }
        }
        String user = params.remove("user");
        String password = params.remove("password");
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? password : decode(info.substring(colon + 1));
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("DATABASE_URL has no user name");
        }
        return new DatabaseUrl(host, port, database, user, password == null ? "" : password, params);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The JDBC URL without credentials, with the given extra driver parameters added. */
    public String jdbcUrl(Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(extra);
        all.putAll(parameters);
        StringBuilder sb = new StringBuilder("jdbc:postgresql://");
        sb.append(host.contains(":") ? "[" + host + "]" : host).append(':').append(port).append('/').append(database);
        String sep = "?";
        for (var e : all.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = "&";
        }
        return sb.toString();
    }

    public String jdbcUrl() {
        return jdbcUrl(Map.of());
    }

    /** The same server and credentials, another database. */
    public DatabaseUrl withDatabase(String otherDatabase) {
        return new DatabaseUrl(host, port, otherDatabase, username, password, parameters);
    }

    public DatabaseUrl withCredentials(String otherUser, String otherPassword) {
        return new DatabaseUrl(host, port, database, otherUser, otherPassword, parameters);
    }

    /** The manual's form, password included: only for handing to a child process's environment. */
    public String toUriWithPassword() {
        return "postgresql://" + enc(username) + (password.isEmpty() ? "" : ":" + enc(password)) + "@"
                + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + enc(database);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    @Override
    public String toString() {
        return "postgresql://" + username + "@" + host + ":" + port + "/" + database;
    }

    /** Whether two URLs name the same database (localhost, 127.0.0.1 and ::1 are one host). */
    public static boolean sameDatabase(DatabaseUrl a, DatabaseUrl b) {
        return a.port() == b.port() && a.database().equals(b.database()) && (a.host().equalsIgnoreCase(b.host())
                || (isLoopback(a.host()) && isLoopback(b.host())));
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1");
    }
}
