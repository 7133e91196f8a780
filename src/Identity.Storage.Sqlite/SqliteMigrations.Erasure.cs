namespace Identity.Storage.Sqlite;

internal static partial class SqliteMigrations
{
    // Version 7: the tenant's pseudonym of each credential's subject (a keyed hash, never the DID), so that erasure finds
    // a patient's credentials; and an index for a tenant's audit entries about one pseudonymised subject.
    private const string V7SubjectTags = """
        ALTER TABLE credentials ADD COLUMN subject_tag TEXT;
        CREATE INDEX credentials_subject ON credentials (tenant_id, subject_tag) WHERE subject_tag IS NOT NULL;
        CREATE INDEX audit_subject ON audit (tenant_id, subject, seq) WHERE subject IS NOT NULL;
        """;
}
