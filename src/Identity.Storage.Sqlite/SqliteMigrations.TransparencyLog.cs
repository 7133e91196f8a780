namespace Identity.Storage.Sqlite;

internal static partial class SqliteMigrations
{
    // Version 6: the audit log becomes an RFC 9162 Merkle tree. log_nodes keeps every complete subtree hash (level 0:
    // the leaf hashes of audit entries, seq − 1 = idx), so tiles and proofs are reads. Existing audit rows become leaves
    // at the next append. From now on audit.prev_hash holds the tree's root before the entry and audit.hash its leaf
    // hash (older rows keep their hash-chain values there).
    private const string V6TransparencyLog = """
        CREATE TABLE log_nodes (
            level  INTEGER NOT NULL CHECK (level BETWEEN 0 AND 63),
            idx    INTEGER NOT NULL CHECK (idx >= 0),
            hash   BLOB    NOT NULL CHECK (length(hash) = 32),
            PRIMARY KEY (level, idx)
        ) WITHOUT ROWID;

        CREATE TRIGGER log_nodes_no_update BEFORE UPDATE ON log_nodes
        BEGIN
            SELECT RAISE(ABORT, 'the log is append-only');
        END;
        CREATE TRIGGER log_nodes_no_delete BEFORE DELETE ON log_nodes
        BEGIN
            SELECT RAISE(ABORT, 'the log is append-only');
        END;
        """;
}
