package io.holi.platform;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseUrlTest {

    @Test
    void parsesTheManualsForm() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://holi_user:s3cr%40t@db.internal:6432/holi_db");
        assertThat(url.host()).isEqualTo("db.internal");
        assertThat(url.port()).isEqualTo(6432);
        assertThat(url.database()).isEqualTo("holi_db");
        assertThat(url.username()).isEqualTo("holi_user");
        assertThat(url.password()).isEqualTo("s3cr@t");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/holi_db");
    }

    @Test
    void parsesJdbcUrlsWithCredentialsInTheQuery() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://localhost/app?user=me&password=pw&sslmode=require");
        assertThat(url.port()).isEqualTo(5432);
        assertThat(url.username()).isEqualTo("me");
        assertThat(url.password()).isEqualTo("pw");
        assertThat(url.jdbcUrl(Map.of("prepareThreshold", "0")))
                .isEqualTo("jdbc:postgresql://localhost:5432/app?prepareThreshold=0&sslmode=require");
    }

    @Test
    void neverShowsThePasswordWhenPrinted() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://u:topsecret@h:5432/d");
        assertThat(url.toString()).doesNotContain("topsecret").isEqualTo("postgresql://u@h:5432/d");
    }

    @Test
    void roundTripsThroughTheManualsForm() {
        DatabaseUrl url = DatabaseUrl.of("127.0.0.1", 5433, "db", "user", "p@ss:w/rd word");
        assertThat(DatabaseUrl.parse(url.toUriWithPassword())).isEqualTo(url);
    }

    @Test
    void rejectsWhatIsNotAPostgresUrlWithAClearMessage() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:p@h/db")).hasMessageContaining("postgresql://user:password@host");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:p@h:5432/")).hasMessageContaining("no database name");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://h:5432/db")).hasMessageContaining("no user");
        assertThatThrownBy(() -> DatabaseUrl.parse(" ")).hasMessageContaining("empty");
    }
}
