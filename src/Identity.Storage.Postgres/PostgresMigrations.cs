// References:
//   PostgreSQL 15 CREATE TABLE — https://www.postgresql.org/docs/15/sql-createtable.html
//   PostgreSQL 15 CREATE TRIGGER and PL/pgSQL trigger functions — https://www.postgresql.org/docs/15/plpgsql-trigger.html
//   PostgreSQL 15 advisory locks — https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS

using System.Collections.Immutable;

namespace Identity.Storage.Postgres;

/// <summary>
/// The ordered schema migrations. <see cref="PostgresIdentityStore.MigrateAsync"/> applies each once, in its own
/// transaction, while holding the session advisory lock <see cref="MigrationLockKey"/>, and records it in
/// <c>schema_version</c>. Never edit a released migration: append a new one (<c>new(2, V2...)</c>).
/// </summary>
/// <remarks>
/// Invariant: versions are 1, 2, 3, … without gaps. Instants are <c>bigint</c> UTC ticks (100 ns, as in the SQLite
/// adapter), because <c>timestamptz</c> keeps only microseconds and the port promises an exact round trip.
/// </remarks>
internal static partial class PostgresMigrations
{
    /// <summary>The advisory-lock key every replica takes before migrating ("identity" in ASCII, as a bigint).</summary>
    internal const long MigrationLockKey = 0x6964656e74697479;

    /// <summary>The transaction-level advisory-lock key that serialises appends to the audit hash chain.</summary>
    internal const long AuditLockKey = 0x6964656e74697475;

    /// <summary>Creates the version table; idempotent, run under the migration lock before the migrations.</summary>
    internal const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version     integer     NOT NULL PRIMARY KEY,
            applied_at  timestamptz NOT NULL DEFAULT now()
        );
        """;

    private const string V1Initial = """
        CREATE TABLE tenants (
            id          text   NOT NULL PRIMARY KEY,
            name        text   NOT NULL,
            created_at  bigint NOT NULL
        );

        -- seq keeps insertion order: the newest key is the one issuance uses.
        CREATE TABLE tenant_keys (
            seq                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            tenant_id             text   NOT NULL REFERENCES tenants (id),
            key_id                text   NOT NULL,
            key_type              text   NOT NULL,
            public_key_multibase  text   NOT NULL,
            wrapped_private_key   bytea  NOT NULL,
            created_at            bigint NOT NULL,
            retired_at            bigint,
            UNIQUE (tenant_id, key_id)
        );

        CREATE TABLE api_keys (
            id           text   NOT NULL PRIMARY KEY,
            tenant_id    text   NOT NULL REFERENCES tenants (id),
            secret_hash  bytea  NOT NULL,
            created_at   bigint NOT NULL,
            revoked_at   bigint
        );
        CREATE INDEX api_keys_tenant ON api_keys (tenant_id);

        -- Bits are not stored here: a list's set bits are the flagged credentials that point into it, one row each, so
        -- concurrent changes to different credentials touch different rows and never overwrite each other.
        CREATE TABLE status_lists (
            tenant_id   text    NOT NULL REFERENCES tenants (id),
            list_id     text    NOT NULL,
            purpose     text    NOT NULL CHECK (purpose IN ('revocation', 'suspension')),
            number      bigint  NOT NULL CHECK (number >= 1),
            size        integer NOT NULL CHECK (size >= 1),
            allocated   integer NOT NULL DEFAULT 0 CHECK (allocated BETWEEN 0 AND size),
            version     bigint  NOT NULL DEFAULT 0,
            created_at  bigint  NOT NULL,
            updated_at  bigint  NOT NULL,
            PRIMARY KEY (tenant_id, list_id),
            UNIQUE (tenant_id, purpose, number)
        );

        CREATE TABLE credentials (
            tenant_id      text    NOT NULL,
            credential_id  text    NOT NULL,
            document       text    NOT NULL,
            rev_list       text    NOT NULL,
            rev_index      integer NOT NULL CHECK (rev_index >= 0),
            sus_list       text    NOT NULL,
            sus_index      integer NOT NULL CHECK (sus_index >= 0),
            revoked        boolean NOT NULL DEFAULT false,
            suspended      boolean NOT NULL DEFAULT false,
            issued_at      bigint  NOT NULL,
            CONSTRAINT credentials_id_unique UNIQUE (tenant_id, credential_id),
            CONSTRAINT credentials_rev_unique UNIQUE (tenant_id, rev_list, rev_index),
            CONSTRAINT credentials_sus_unique UNIQUE (tenant_id, sus_list, sus_index),
            FOREIGN KEY (tenant_id, rev_list) REFERENCES status_lists (tenant_id, list_id),
            FOREIGN KEY (tenant_id, sus_list) REFERENCES status_lists (tenant_id, list_id)
        );
        CREATE INDEX credentials_revoked ON credentials (tenant_id, rev_list, rev_index) WHERE revoked;
        CREATE INDEX credentials_suspended ON credentials (tenant_id, sus_list, sus_index) WHERE suspended;

        CREATE TABLE challenges (
            value        text   NOT NULL PRIMARY KEY,
            domain       text   NOT NULL,
            created_at   bigint NOT NULL,
            expires_at   bigint NOT NULL,
            consumed_at  bigint
        );
        CREATE INDEX challenges_expires ON challenges (expires_at);

        -- No foreign key on tenant_id: the log outlives and precedes the rows it mentions.
        CREATE TABLE audit (
            seq        bigint NOT NULL PRIMARY KEY,
            at         bigint NOT NULL,
            tenant_id  text,
            action     text   NOT NULL,
            subject    text,
            outcome    text   NOT NULL,
            prev_hash  bytea  NOT NULL CHECK (length(prev_hash) = 32),
            hash       bytea  NOT NULL CHECK (length(hash) = 32)
        );

        -- Append-only through SQL. (A superuser can drop these; the hash chain still tells.)
        CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'restrict_violation';
        END;
        $$;
        CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit
            FOR EACH ROW EXECUTE FUNCTION audit_append_only();
        CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
            FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
        """;

    /// <summary>Every migration, in version order.</summary>
    internal static ImmutableArray<PostgresMigration> All { get; } = [new(1, V1Initial), new(2, V2PatientDids), new(3, V3Biometrics), new(4, V4ApiKeyExpiry), new(5, V5BiometricAttempts), new(6, V6TransparencyLog), new(7, V7SubjectTags), new(8, V8ChallengePayloads), new(9, V9PresentationRequests), new(10, V10Readings), new(11, V11Alerts)];

    /// <summary>The version a fully migrated database is at.</summary>
    internal static int LatestVersion => All[^1].Version;
}

/// <summary>One schema migration: its version and its script.</summary>
internal sealed record PostgresMigration(int Version, string Script);
