package io.holi.notes.internal;

import io.holi.crypto.EncryptedColumn;
import io.holi.crypto.FieldCipher;
import io.holi.notes.Note;
import io.holi.notes.NoteVersion;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Repository
public class NoteRepository {

    static final EncryptedColumn TEXT = new EncryptedColumn("note_versions", "text_enc");

    private static final String CURRENT = """
            SELECT n.id, n.patient_id, n.author_id, n.current_version, n.created_at, n.updated_at,
                   v.id AS version_id, v.text_enc, v.author_id AS edited_by
            FROM notes n JOIN note_versions v ON v.note_id = n.id AND v.version = n.current_version""";

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final RowMapper<Note> note = this::mapNote;

    NoteRepository(JdbcClient jdbc, FieldCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    private Note mapNote(ResultSet rs, int i) throws SQLException {
        return new Note(rs.getObject("id", UUID.class), rs.getObject("patient_id", UUID.class),
                rs.getObject("author_id", UUID.class), rs.getInt("current_version"),
                cipher.decrypt(rs.getBytes("text_enc"), TEXT, rs.getObject("version_id", UUID.class)),
                rs.getObject("edited_by", UUID.class), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    public void insert(UUID id, UUID patientId, UUID authorId, String text) {
        jdbc.sql("INSERT INTO notes (id, patient_id, author_id) VALUES (?, ?, ?)").params(id, patientId, authorId).update();
        insertVersion(id, 1, authorId, text);
    }

    private void insertVersion(UUID noteId, int version, UUID authorId, String text) {
        UUID versionId = UUID.randomUUID();
        jdbc.sql("INSERT INTO note_versions (id, note_id, version, text_enc, author_id) VALUES (?, ?, ?, ?, ?)")
                .params(versionId, noteId, version, cipher.encrypt(text, TEXT, versionId), authorId).update();
    }

    /** Locks the note against concurrent revisions; returns its patient. */
    public Optional<UUID> lockForRevision(UUID noteId) {
        return jdbc.sql("SELECT patient_id FROM notes WHERE id = ? FOR UPDATE").param(noteId).query(UUID.class).optional();
    }

    public int addVersion(UUID noteId, UUID authorId, String text) {
        int next = jdbc.sql("UPDATE notes SET current_version = current_version + 1, updated_at = now() WHERE id = ? "
                + "RETURNING current_version").param(noteId).query(Integer.class).single();
        insertVersion(noteId, next, authorId, text);
        return next;
    }

    public Optional<UUID> patientOf(UUID id) {
        return jdbc.sql("SELECT patient_id FROM notes WHERE id = ?").param(id).query(UUID.class).optional();
    }

    public Optional<Note> find(UUID id) {
        return jdbc.sql(CURRENT + " WHERE n.id = ?").param(id).query(note).optional();
    }

    public List<Note> forPatient(UUID patientId) {
        return jdbc.sql(CURRENT + " WHERE n.patient_id = ? ORDER BY n.created_at").param(patientId).query(note).list();
    }

    public List<NoteVersion> versions(UUID noteId) {
        return jdbc.sql("SELECT id, note_id, version, text_enc, author_id, created_at FROM note_versions WHERE note_id = ? ORDER BY version")
                .param(noteId)
                .query((rs, i) -> new NoteVersion(rs.getObject("note_id", UUID.class), rs.getInt("version"),
                        cipher.decrypt(rs.getBytes("text_enc"), TEXT, rs.getObject("id", UUID.class)),
                        rs.getObject("author_id", UUID.class), rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    @Configuration(proxyBeanMethods = false)
    static class Columns {
        @Bean
        EncryptedColumn noteText() {
            return TEXT;
        }
    }
}
