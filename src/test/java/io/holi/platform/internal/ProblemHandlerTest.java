package io.holi.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;

/** A commit cut by a lost connection (drills 4 and 5 of bench/drills.sh) is a 503 that says the outcome is unknown. */
class ProblemHandlerTest {

    private final ProblemHandler handler = new ProblemHandler(new ErrorReporting(""));

    @Test
    void aCommitWhoseConnectionWasLostIsUnavailableWithAnUnknownOutcome() throws Exception {
        var e = new TransactionSystemException("Could not commit JDBC transaction",
                new SQLException("An I/O error occurred while sending to the backend.", "08006"));
        var answer = handler.commitFailed(e);
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(answer.getBody().getDetail()).contains("may or may not have been saved");
    }

    @Test
    void onlyConnectionExceptionsCount() {
        assertThat(ProblemHandler.connectionLost(new TransactionSystemException("x", new SQLException("gone", "08003")))).isTrue();
        assertThat(ProblemHandler.connectionLost(new TransactionSystemException("x", new SQLException("serialization", "40001")))).isFalse();
        assertThat(ProblemHandler.connectionLost(new TransactionSystemException("x"))).isFalse();
    }
}
