package io.holi.identity.internal;

import io.holi.platform.DatabaseUrl;
import io.holi.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web session's row, written by holi's statement: a request that began before the row was last written (it
 * holds a stale copy) cannot put an old session id back, and the throttled touch still moves the last access.
 */
class SessionRowWritesTest {

    private static SessionRepository<Session> sessions;

    @BeforeAll
    static void repository() {
        DatabaseUrl db = TestPostgres.newDatabase("sessions");
        DriverManagerDataSource data = new DriverManagerDataSource(db.jdbcUrl(), db.username(), db.password());
        var repository = new JdbcIndexedSessionRepository(new JdbcTemplate(data), new TransactionTemplate(new DataSourceTransactionManager(data)));
        repository.setUpdateSessionQuery(WebSecurityConfiguration.UPDATE_SESSION);
        sessions = sessionsOf(repository);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static SessionRepository<Session> sessionsOf(JdbcIndexedSessionRepository repository) {
        return (SessionRepository) repository; // its session class is not public: used as the Session it is
    }

    @Test
    void aSlowRequestThatBeganBeforeTheSignInCannotPutTheOldSessionIdBack() {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        var created = sessions.createSession();
        created.setLastAccessedTime(t0);
        created.setAttribute("csrf", "token-1");
        sessions.save(created);
        String before = created.getId();

        var favicon = sessions.findById(before); // a request that began first and is still running
        favicon.setLastAccessedTime(t0.plusMillis(100));
        var signIn = sessions.findById(before);  // the sign-in, which began after it
        signIn.setLastAccessedTime(t0.plusMillis(700));
        String after = signIn.changeSessionId();
        signIn.setAttribute("pending", "user");
        sessions.save(signIn);
        sessions.save(favicon);                   // the slow request ends last

        var next = sessions.findById(after);      // the browser's next request carries the new id
        assertThat(next).as("the session under the id the browser was given").isNotNull();
        assertThat((String) next.getAttribute("csrf")).isEqualTo("token-1");
        assertThat((String) next.getAttribute("pending")).isEqualTo("user");
        assertThat(sessions.findById(before)).isNull();
    }

    @Test
    void aLaterRequestStillMovesTheLastAccessOnceTheTouchIsDue() {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(120);
        var created = sessions.createSession();
        created.setLastAccessedTime(t0);
        sessions.save(created);

        var soon = sessions.findById(created.getId());
        soon.setLastAccessedTime(t0.plusSeconds(3)); // within the touch interval: not written
        sessions.save(soon);
        assertThat(sessions.findById(created.getId()).getLastAccessedTime()).isEqualTo(t0);

        var later = sessions.findById(created.getId());
        later.setLastAccessedTime(t0.plusSeconds(30)); // due: written
        sessions.save(later);
        assertThat(sessions.findById(created.getId()).getLastAccessedTime()).isEqualTo(t0.plusSeconds(30));
    }
}
