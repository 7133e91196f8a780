namespace Identity.Storage.Postgres;

internal static partial class PostgresMigrations
{
    // Version 6: the audit log becomes an RFC 9162 Merkle tree (as SQLite's version 6). log_nodes keeps every complete
    // subtree hash (level 0: the leaf hashes of audit entries, seq − 1 = idx), so tiles and proofs are reads. Existing
    // audit rows become leaves at the next append. From now on audit.prev_hash holds the tree's root before the entry
    // and audit.hash its leaf hash (older rows keep their hash-chain values there).
    private const string V6TransparencyLog = """
        CREATE TABLE log_nodes (
            level  integer NOT NULL CHECK (level BETWEEN 0 AND 63),
            idx    bigint  NOT NULL CHECK (idx >= 0),
            hash   bytea   NOT NULL CHECK (length(hash) = 32),
            PRIMARY KEY (level, idx)
        );

        CREATE TRIGGER log_nodes_no_update BEFORE UPDATE OR DELETE ON log_nodes
            FOR EACH ROW EXECUTE FUNCTION audit_append_only();
        CREATE TRIGGER log_nodes_no_truncate BEFORE TRUNCATE ON log_nodes
            FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
        """;
}
