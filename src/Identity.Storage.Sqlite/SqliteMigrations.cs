// References:
//   SQLite CREATE TABLE, partial indexes, WITHOUT ROWID — https://www.sqlite.org/lang_createtable.html
//   Works on SQLite 3.35.5 (the bundled library) and newer: no STRICT tables (3.37), no RETURNING-dependent schema.

using System.Collections.Immutable;

namespace Identity.Storage.Sqlite;

/// <summary>
/// The ordered schema migrations. Each is applied once, in its own <c>BEGIN IMMEDIATE</c> transaction, and recorded
/// in <c>schema_version</c>. Never edit a released migration: append a new one.
/// </summary>
/// <remarks>
/// Invariant: versions are 1, 2, 3, … without gaps. Instants are INTEGER UTC ticks (see
/// <see cref="SqliteCommandExtensions"/>); booleans are 0/1.
/// </remarks>
internal static partial class SqliteMigrations
{
    /// <summary>Creates the version table; idempotent, run before the migrations.</summary>
    internal const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version     INTEGER NOT NULL PRIMARY KEY,
            applied_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        """;

    private const string V1Initial = """
        CREATE TABLE tenants (
            id          TEXT    NOT NULL PRIMARY KEY,
            name        TEXT    NOT NULL,
            created_at  INTEGER NOT NULL
        );

        -- seq keeps insertion order: the newest key is the one issuance uses.
        CREATE TABLE tenant_keys (
            seq                   INTEGER PRIMARY KEY,
            tenant_id             TEXT    NOT NULL REFERENCES tenants (id),
            key_id                TEXT    NOT NULL,
            key_type              TEXT    NOT NULL,
            public_key_multibase  TEXT    NOT NULL,
            wrapped_private_key   BLOB    NOT NULL,
            created_at            INTEGER NOT NULL,
            retired_at            INTEGER,
            UNIQUE (tenant_id, key_id)
        );

        CREATE TABLE api_keys (
            id           TEXT    NOT NULL PRIMARY KEY,
            tenant_id    TEXT    NOT NULL REFERENCES tenants (id),
            secret_hash  BLOB    NOT NULL,
            created_at   INTEGER NOT NULL,
            revoked_at   INTEGER
        );
        CREATE INDEX api_keys_tenant ON api_keys (tenant_id);

        -- Bits are not stored here: a list's set bits are the flagged credentials that point into it.
        CREATE TABLE status_lists (
            tenant_id   TEXT    NOT NULL REFERENCES tenants (id),
            list_id     TEXT    NOT NULL,
            purpose     TEXT    NOT NULL CHECK (purpose IN ('revocation', 'suspension')),
            number      INTEGER NOT NULL CHECK (number >= 1),
            size        INTEGER NOT NULL CHECK (size >= 1),
            allocated   INTEGER NOT NULL DEFAULT 0 CHECK (allocated BETWEEN 0 AND size),
            version     INTEGER NOT NULL DEFAULT 0,
            created_at  INTEGER NOT NULL,
            updated_at  INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, list_id),
            UNIQUE (tenant_id, purpose, number)
        ) WITHOUT ROWID;

        CREATE TABLE credentials (
            tenant_id      TEXT    NOT NULL,
            credential_id  TEXT    NOT NULL,
            document       TEXT    NOT NULL,
            rev_list       TEXT    NOT NULL,
            rev_index      INTEGER NOT NULL CHECK (rev_index >= 0),
            sus_list       TEXT    NOT NULL,
            sus_index      INTEGER NOT NULL CHECK (sus_index >= 0),
            revoked        INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
            suspended      INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
            issued_at      INTEGER NOT NULL,
            UNIQUE (tenant_id, credential_id),
            UNIQUE (tenant_id, rev_list, rev_index),
            UNIQUE (tenant_id, sus_list, sus_index),
            FOREIGN KEY (tenant_id, rev_list) REFERENCES status_lists (tenant_id, list_id),
            FOREIGN KEY (tenant_id, sus_list) REFERENCES status_lists (tenant_id, list_id)
        );
        CREATE INDEX credentials_revoked ON credentials (tenant_id, rev_list, rev_index) WHERE revoked = 1;
        CREATE INDEX credentials_suspended ON credentials (tenant_id, sus_list, sus_index) WHERE suspended = 1;

        CREATE TABLE challenges (
            value        TEXT    NOT NULL PRIMARY KEY,
            domain       TEXT    NOT NULL,
            created_at   INTEGER NOT NULL,
            expires_at   INTEGER NOT NULL,
            consumed_at  INTEGER
        );
        CREATE INDEX challenges_expires ON challenges (expires_at);

        -- No foreign key on tenant_id: the log outlives and precedes the rows it mentions.
        CREATE TABLE audit (
            seq        INTEGER PRIMARY KEY,
            at         INTEGER NOT NULL,
            tenant_id  TEXT,
            action     TEXT    NOT NULL,
            subject    TEXT,
            outcome    TEXT    NOT NULL,
            prev_hash  BLOB    NOT NULL,
            hash       BLOB    NOT NULL
        );

        -- Append-only through SQL. (Whoever can write the file can drop these; the hash chain still tells.)
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN
            SELECT RAISE(ABORT, 'the audit log is append-only');
        END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN
            SELECT RAISE(ABORT, 'the audit log is append-only');
        END;
        """;

    // Biometric records (salt, helper data, tag; never templates) and wrapped per-tenant secrets such as the pepper.
    private const string V3Biometrics = """
        CREATE TABLE biometric_records (
            tenant_id      TEXT    NOT NULL REFERENCES tenants (id),
            record_id      TEXT    NOT NULL,
            credential_id  TEXT    NOT NULL,
            record         BLOB    NOT NULL,
            created_at     INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, record_id)
        ) WITHOUT ROWID;

        CREATE TABLE tenant_secrets (
            tenant_id   TEXT    NOT NULL REFERENCES tenants (id),
            name        TEXT    NOT NULL,
            wrapped     BLOB    NOT NULL,
            created_at  INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, name)
        ) WITHOUT ROWID;
        """;

    /// <summary>Every migration, in version order.</summary>
    internal static ImmutableArray<SqliteMigration> All { get; } = [new(1, V1Initial), new(2, V2PatientDids), new(3, V3Biometrics), new(4, V4ApiKeyExpiry), new(5, V5BiometricAttempts), new(6, V6TransparencyLog), new(7, V7SubjectTags), new(8, V8ChallengePayloads), new(9, V9PresentationRequests), new(10, V10Readings), new(11, V11Alerts)];

    /// <summary>The version a fully migrated database is at.</summary>
    internal static int LatestVersion => All[^1].Version;
}

/// <summary>One schema migration: its version and its script.</summary>
internal sealed record SqliteMigration(int Version, string Script);
