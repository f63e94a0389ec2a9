package io.holi.crypto;

/**
 * A bytea column holding field ciphertext, in a table whose primary key is a uuid {@code id}. Modules declare
 * theirs as beans so that {@code holi keys status|rotate} cover every encrypted value without knowing the
 * modules.
 */
public record EncryptedColumn(String table, String column) {

    public EncryptedColumn {
        if (!table.matches("[a-z_]+") || !column.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a plain identifier: " + table + "." + column);
        }
    }

    @Override
    public String toString() {
        return table + "." + column;
    }
}
