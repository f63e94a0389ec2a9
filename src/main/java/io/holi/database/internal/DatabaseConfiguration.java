package io.holi.database.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.holi.platform.DatabaseUrl;
import io.holi.database.HoliDatabase;
import io.holi.platform.HoliProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    HoliDatabase holiDatabase(HoliProperties properties) {
        String url = properties.database().url();
        if (url != null && !url.isBlank()) {
            return HoliDatabase.external(DatabaseUrl.parse(url));
        }
        try {
            return HoliDatabase.embedded(properties.dataDir(), properties.serving());
        } catch (IOException e) {
            throw new UncheckedIOException("The embedded PostgreSQL could not be started: " + e.getMessage(), e);
        }
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(HoliDatabase database, HoliProperties properties) {
        DatabaseUrl url = database.url();
        boolean external = database.mode() == HoliDatabase.Mode.EXTERNAL;
        Boolean prepared = properties.database().serverPreparedStatements();
        Map<String, String> driver = new LinkedHashMap<>();
        driver.put("ApplicationName", "holi");
        driver.put("reWriteBatchedInserts", "true");
        driver.put("connectTimeout", "5");
        driver.put("tcpKeepAlive", "true");
        if (prepared == null ? external : !prepared) {
            // PgBouncer in transaction pooling mode hands each transaction to any server connection
            driver.put("prepareThreshold", "0");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("holi");
        config.setJdbcUrl(url.jdbcUrl(driver));
        config.setUsername(url.username());
        config.setPassword(url.password());
        config.setMaximumPoolSize(properties.database().poolSize());
        // a server keeps a few sign-ins ready; a command works through one connection, and each sign-in it does not
        // use is a SCRAM exchange (4,096 rounds of PBKDF2) in a JVM that has barely started
        config.setMinimumIdle(properties.serving() ? Math.min(4, properties.database().poolSize()) : 1);
        // a request waits at most this long for a connection before it fails with 503
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        config.setMaxLifetime(30 * 60_000);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}
