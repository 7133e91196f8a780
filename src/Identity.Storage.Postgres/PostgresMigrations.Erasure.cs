namespace Identity.Storage.Postgres;

internal static partial class PostgresMigrations
{
    // Version 7 (as SQLite's version 7): credentials' subject pseudonyms, and an index for a tenant's audit entries about
    // one pseudonymised subject.
    private const string V7SubjectTags = """
        ALTER TABLE credentials ADD COLUMN subject_tag text;
        CREATE INDEX credentials_subject ON credentials (tenant_id, subject_tag) WHERE subject_tag IS NOT NULL;
        CREATE INDEX audit_subject ON audit (tenant_id, subject, seq) WHERE subject IS NOT NULL;
        """;
}
