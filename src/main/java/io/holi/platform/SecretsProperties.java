package io.holi.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the database password lives, for {@code holi secrets rotate-db-password} and for the running service that
 * follows it.
 *
 * @param envFile     HOLI_SECRETS_ENV_FILE: the env file the service is started with (systemd EnvironmentFile,
 *                    docker env_file); rotation rewrites its DATABASE_URL, the running service watches it
 * @param command     HOLI_SECRETS_COMMAND: a command that stores the new DATABASE_URL (given on stdin and as
 *                    HOLI_NEW_DATABASE_URL), e.g. {@code doppler secrets set DATABASE_URL}; then also keep envFile
 *                    for the running service, or restart it
 * @param watchEvery  how often the service rereads the env file
 */
@ConfigurationProperties("holi.secrets")
public record SecretsProperties(Path envFile, String command, @DefaultValue("2s") Duration watchEvery) {
}
