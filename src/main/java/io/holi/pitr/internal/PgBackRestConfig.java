package io.holi.pitr.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The pgBackRest configuration holi writes, as a value: the repository (a directory, or {@code s3://bucket/prefix}
 * always over https), its aes-256-cbc passphrase, the time-based retention, and the cluster it archives. Rendering it
 * is plain Java, tested for each kind of repository.
 *
 * @param awsEndpoint an S3-compatible store's endpoint (AWS_ENDPOINT_URL): path-style addressing then
 * @param awsCaBundle a PEM file of the CA that signed an S3-compatible store's certificate (AWS_CA_BUNDLE)
 * @param awsKey      AWS_ACCESS_KEY_ID; without it pgBackRest takes the instance's role (key-type auto)
 * @param pgSocket    the embedded cluster's socket directory; empty for a database on another host
 */
public record PgBackRestConfig(String repository, String cipherPass, int retentionDays, Path logAndLockDir, String stanza,
                               Path pgPath, int pgPort, Optional<Path> pgSocket, Optional<String> awsEndpoint, String awsRegion,
                               Optional<String> awsCaBundle, Optional<String> awsKey, Optional<String> awsSecret) {

    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("# written by holi pitr setup; holds the repository passphrase: mode 0600, owner postgres\n");
        sb.append("[global]\n");
        if (repository.startsWith("s3://")) {
            URI uri = URI.create(repository);
            String prefix = uri.getPath() == null || uri.getPath().isBlank() ? "/" : uri.getPath();
            Optional<String> endpoint = awsEndpoint.map(s -> URI.create(s).getAuthority());
            sb.append("repo1-type=s3\n");
            sb.append("repo1-path=").append(prefix).append('\n');
            sb.append("repo1-s3-bucket=").append(uri.getHost()).append('\n');
            sb.append("repo1-s3-region=").append(awsRegion).append('\n');
            sb.append("repo1-s3-endpoint=").append(endpoint.orElse("s3." + awsRegion + ".amazonaws.com")).append('\n');
            if (endpoint.isPresent()) {
                sb.append("repo1-s3-uri-style=path\n");
            }
            // an S3-compatible store whose certificate comes from a private CA (pgBackRest always uses https)
            awsCaBundle.ifPresent(ca -> sb.append("repo1-storage-ca-file=").append(ca).append('\n'));
            if (awsKey.isPresent()) {
                sb.append("repo1-s3-key=").append(awsKey.get()).append('\n');
                sb.append("repo1-s3-key-secret=").append(awsSecret.orElse("")).append('\n');
            } else {
                sb.append("repo1-s3-key-type=auto\n");
            }
        } else {
            sb.append("repo1-type=posix\n");
            sb.append("repo1-path=").append(repository).append('\n');
        }
        sb.append("repo1-cipher-type=aes-256-cbc\n");
        sb.append("repo1-cipher-pass=").append(cipherPass).append('\n');
        sb.append("repo1-retention-full-type=time\n");
        sb.append("repo1-retention-full=").append(retentionDays).append('\n');
        sb.append("start-fast=y\n");
        sb.append("log-path=").append(logAndLockDir.resolve("log")).append('\n');
        sb.append("lock-path=").append(logAndLockDir.resolve("lock")).append('\n');
        sb.append("log-level-console=warn\n");
        sb.append("log-level-file=info\n\n");
        sb.append('[').append(stanza).append("]\n");
        sb.append("pg1-path=").append(pgPath != null ? pgPath : "/var/lib/postgresql/15/main").append('\n');
        sb.append("pg1-port=").append(pgPort).append('\n');
        pgSocket.ifPresent(s -> sb.append("pg1-socket-path=").append(s).append('\n'));
        sb.append("pg1-user=postgres\n");
        return sb.toString();
    }
}
