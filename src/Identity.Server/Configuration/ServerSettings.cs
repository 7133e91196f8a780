using System.Globalization;

namespace Identity.Server.Configuration;

/// <summary>
/// The service's settings, read once at start from configuration (appsettings, then environment variables, then the
/// command line). Every key is the environment-variable name, so <c>IDENTITY_DATA_DIR=/srv/identity</c> and
/// <c>"IDENTITY_DATA_DIR": "/srv/identity"</c> in appsettings.json mean the same thing.
/// </summary>
internal sealed record ServerSettings
{
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>Where the SQLite database and generated key files live (<c>IDENTITY_DATA_DIR</c>, default <c>./data</c>).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The operator's bearer key (<c>IDENTITY_ADMIN_KEY</c>); null means "read or create <c>admin.key</c> in the data directory".</summary>
    public string? AdminKey { get; init; }

    /// <summary>The master key wrapping tenant private keys (<c>IDENTITY_MASTER_KEY</c>, 32 bytes in base64 or hex); null means "read or create <c>master.key</c>".</summary>
    public string? MasterKey { get; init; }

    /// <summary>The public base URL (<c>IDENTITY_PUBLIC_URL</c>) used in did:web ids and status list URLs; null means "the listening address".</summary>
    public Uri? PublicUrl { get; init; }

    /// <summary>Local mode (<c>IDENTITY_DEV_MODE=1</c>): <c>POST /credentials/issue</c> needs no key and did:web may resolve loopback hosts.</summary>
    public bool DevMode { get; init; }

    /// <summary>Largest accepted request body in bytes (<c>IDENTITY_MAX_REQUEST_BYTES</c>, default 1 MiB).</summary>
    public int MaxRequestBytes { get; init; } = 1024 * 1024;

    /// <summary>Deepest accepted JSON nesting (<c>IDENTITY_MAX_JSON_DEPTH</c>, default 64).</summary>
    public int MaxJsonDepth { get; init; } = 64;

    /// <summary>Requests per second per client on the public verify and challenge endpoints (<c>IDENTITY_VERIFY_RATE_LIMIT</c>, default 1000; 0 turns the limit off).</summary>
    public int VerifyRateLimitPerSecond { get; init; } = 1000;

    /// <summary>
    /// The work one request may spend on JSON-LD expansion, context processing, canonicalization and proofs, in
    /// <see cref="Identity.Primitives.WorkBudget"/> units (<c>IDENTITY_MAX_WORK_UNITS</c>, default 2,000,000: the costliest
    /// input spends it in well under a second of CPU; an ordinary credential needs a few thousand).
    /// </summary>
    public long MaxWorkUnits { get; init; } = Identity.Primitives.WorkBudget.DefaultLimit;

    /// <summary>A fresh work budget for one request.</summary>
    public Identity.Primitives.WorkBudget NewWorkBudget() => new(MaxWorkUnits);

    /// <summary>Most credentials one presentation may carry (<c>IDENTITY_MAX_PRESENTATION_CREDENTIALS</c>, default 32).</summary>
    public int MaxPresentationCredentials { get; init; } = 32;

    /// <summary>How long a challenge from <c>POST /challenges</c> stays usable (<c>IDENTITY_CHALLENGE_SECONDS</c>, default 300).</summary>
    public TimeSpan ChallengeLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often expired single-use state is deleted (<c>IDENTITY_SWEEP_SECONDS</c>, default 300; 0: never).</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Entries per status list (<c>IDENTITY_STATUS_LIST_SIZE</c>, default 131,072: the Bitstring Status List herd-privacy minimum).</summary>
    public int StatusListSize { get; init; } = 131_072;

    /// <summary>
    /// How long a CDN or verifier may serve a status list without asking again (<c>IDENTITY_STATUS_LIST_MAX_AGE</c>,
    /// seconds, default 60; 0 means store but revalidate every time). The trade-off: a revocation or suspension reaches
    /// relying parties behind a cache up to this long after it is made; a shorter age costs more (cheap, 304) revalidations.
    /// </summary>
    public TimeSpan StatusListMaxAge { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a CDN may serve a did:web document without asking again (<c>IDENTITY_DID_MAX_AGE</c>, seconds,
    /// default 300; 0: revalidate every time). A key rotation or deactivation reaches resolvers up to this long later.</summary>
    public TimeSpan DidDocumentMaxAge { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>did:web may resolve loopback and private addresses (<c>IDENTITY_DID_WEB_ALLOW_LOOPBACK=1</c>, on in dev mode).</summary>
    public bool DidWebAllowLoopback { get; init; }

    /// <summary>Argon2id passes for new biometric records (<c>IDENTITY_BIOMETRIC_ARGON2_OPS</c>, default 3).</summary>
    public int BiometricArgon2Ops { get; init; } = 3;

    /// <summary>Argon2id memory in KiB for new biometric records (<c>IDENTITY_BIOMETRIC_ARGON2_KIB</c>, default 65,536 = 64 MiB).</summary>
    public int BiometricArgon2KiB { get; init; } = 65_536;

    /// <summary>Biometric match attempts allowed per record within <see cref="BiometricAttemptWindow"/> before it locks
    /// (<c>IDENTITY_BIOMETRIC_MAX_ATTEMPTS</c>, default 5; a successful match resets the count).</summary>
    public int BiometricMaxAttempts { get; init; } = 5;

    /// <summary>The window over which biometric attempts are counted, and how long a locked record stays locked
    /// (<c>IDENTITY_BIOMETRIC_ATTEMPT_WINDOW_SECONDS</c>, default 900).</summary>
    public TimeSpan BiometricAttemptWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Most issuances stored in one transaction under load (<c>IDENTITY_GROUP_COMMIT_MAX_BATCH</c>, 1–1024,
    /// default 32; 1 stores each alone): the group shares one commit (fsync) and one take of the list and audit locks.</summary>
    public int GroupCommitMaxBatch { get; init; } = 32;

    /// <summary>How long a group waits to fill once its first issuance is queued (<c>IDENTITY_GROUP_COMMIT_MAX_WAIT_MS</c>,
    /// 0–100 ms, default 0: the group is whatever queued during the previous commit, so an idle server adds no latency).</summary>
    public TimeSpan GroupCommitMaxWait { get; init; } = TimeSpan.Zero;

    /// <summary>PEM certificate (chain) for https:// addresses (<c>IDENTITY_TLS_CERT</c>); local mode makes a self-signed one when absent.</summary>
    public string? TlsCertificatePath { get; init; }

    /// <summary>PEM private key for <see cref="TlsCertificatePath"/> when it is in its own file (<c>IDENTITY_TLS_KEY</c>).</summary>
    public string? TlsKeyPath { get; init; }
    /// <summary>Which store holds the data (<c>IDENTITY_STORAGE</c>: <c>sqlite</c>, the default, or <c>postgres</c>).</summary>
    public StorageKind Storage { get; init; } = StorageKind.Sqlite;

    /// <summary>The Npgsql connection string (<c>IDENTITY_POSTGRES</c>); required when <see cref="Storage"/> is
    /// <see cref="StorageKind.Postgres"/>. It may hold a password: never log it.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>The operator's own JSON-LD contexts (<c>IDENTITY_CONTEXTS_DIR</c>): a directory with a <c>manifest.json</c>
    /// pinning each file by SHA-256, exactly like the shipped <c>schemas/contexts</c>; null means "the shipped ones only".</summary>
    public string? ContextsDirectory { get; init; }

    /// <summary>The verifiers' deployment default policy (<see cref="Credentials.VerifierPolicyOptions"/>): strict holder
    /// binding unless <c>IDENTITY_HOLDER_BINDING=none</c>.</summary>
    public Identity.Credentials.Verification.VerifierPolicy VerifierPolicy { get; init; } = Identity.Credentials.Verification.VerifierPolicy.Default;

    /// <summary>How the console log is written (<c>IDENTITY_LOG_FORMAT</c>: <c>text</c>, the default, or <c>json</c>).</summary>
    public LogFormat LogFormat { get; init; } = LogFormat.Text;

    /// <summary>The transparency log's origin line and key name (<c>IDENTITY_LOG_ORIGIN</c>); null means "the public URL's
    /// authority + <c>/log</c>". Keep it stable: checkpoints under another origin are another log.</summary>
    public string? LogOrigin { get; init; }

    public string DatabasePath => Path.Combine(DataDirectory, "identity.db");

    public static ServerSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var devMode = Flag(configuration["IDENTITY_DEV_MODE"]);
        var publicUrl = configuration["IDENTITY_PUBLIC_URL"];
        var storage = ParseStorage(NonEmpty(configuration["IDENTITY_STORAGE"]));
        OpenId4Vc.Presentation.RequestSigningKeys.LoadCa(configuration)?.Dispose();
        var postgres = NonEmpty(configuration["IDENTITY_POSTGRES"]);
        if (storage == StorageKind.Postgres && postgres is null)
        {
            throw new SettingsException(
                "IDENTITY_STORAGE=postgres needs IDENTITY_POSTGRES, an Npgsql connection string such as " +
                "'Host=db.example;Database=identity;Username=identity;Password=...'.");
        }

        return new ServerSettings
        {
            Storage = storage,
            LogFormat = ParseLogFormat(NonEmpty(configuration["IDENTITY_LOG_FORMAT"])),
            PostgresConnectionString = postgres,
            DataDirectory = Path.GetFullPath(NonEmpty(configuration["IDENTITY_DATA_DIR"]) ?? "data"),
            AdminKey = NonEmpty(configuration["IDENTITY_ADMIN_KEY"]),
            MasterKey = NonEmpty(configuration["IDENTITY_MASTER_KEY"]),
            PublicUrl = NonEmpty(publicUrl) is { } url ? ParseBaseUrl(url) : null,
            DevMode = devMode,
            MaxRequestBytes = Int(configuration, "IDENTITY_MAX_REQUEST_BYTES", 1024 * 1024, min: 1024),
            MaxJsonDepth = MaxDepth(Int(configuration, "IDENTITY_MAX_JSON_DEPTH", 64, min: 8)),
            MaxWorkUnits = Int(configuration, "IDENTITY_MAX_WORK_UNITS", (int)Identity.Primitives.WorkBudget.DefaultLimit, min: 10_000),
            VerifyRateLimitPerSecond = Int(configuration, "IDENTITY_VERIFY_RATE_LIMIT", 1000, min: 0),
            MaxPresentationCredentials = Int(configuration, "IDENTITY_MAX_PRESENTATION_CREDENTIALS", 32, min: 1),
            ChallengeLifetime = TimeSpan.FromSeconds(Int(configuration, "IDENTITY_CHALLENGE_SECONDS", 300, min: 1)),
            SweepInterval = TimeSpan.FromSeconds(Int(configuration, "IDENTITY_SWEEP_SECONDS", 300, min: 0)),
            StatusListSize = Int(configuration, "IDENTITY_STATUS_LIST_SIZE", 131_072, min: 8),
            StatusListMaxAge = TimeSpan.FromSeconds(Int(configuration, "IDENTITY_STATUS_LIST_MAX_AGE", 60, min: 0)),
            DidDocumentMaxAge = TimeSpan.FromSeconds(Int(configuration, "IDENTITY_DID_MAX_AGE", 300, min: 0)),
            BiometricArgon2Ops = Int(configuration, "IDENTITY_BIOMETRIC_ARGON2_OPS", 3, min: 1),
            BiometricArgon2KiB = Int(configuration, "IDENTITY_BIOMETRIC_ARGON2_KIB", 65_536, min: 8),
            BiometricMaxAttempts = Int(configuration, "IDENTITY_BIOMETRIC_MAX_ATTEMPTS", 5, min: 1),
            BiometricAttemptWindow = TimeSpan.FromSeconds(Int(configuration, "IDENTITY_BIOMETRIC_ATTEMPT_WINDOW_SECONDS", 900, min: 1)),
            GroupCommitMaxBatch = Int(configuration, "IDENTITY_GROUP_COMMIT_MAX_BATCH", 32, min: 1, max: 1024),
            GroupCommitMaxWait = TimeSpan.FromMilliseconds(Int(configuration, "IDENTITY_GROUP_COMMIT_MAX_WAIT_MS", 0, min: 0, max: 100)),
            TlsCertificatePath = NonEmpty(configuration["IDENTITY_TLS_CERT"]),
            TlsKeyPath = NonEmpty(configuration["IDENTITY_TLS_KEY"]),
            VerifierPolicy = Credentials.VerifierPolicyOptions.FromSettings(configuration),
            ContextsDirectory = NonEmpty(configuration["IDENTITY_CONTEXTS_DIR"]) is { } contexts ? Path.GetFullPath(contexts) : null,
            DidWebAllowLoopback = devMode || Flag(configuration["IDENTITY_DID_WEB_ALLOW_LOOPBACK"]),
            LogOrigin = NonEmpty(configuration["IDENTITY_LOG_ORIGIN"]) is { } origin ? ParseLogOrigin(origin) : null,
        };
    }

    private static string ParseLogOrigin(string value) => Identity.Primitives.TransparencyLog.Checkpoint.IsValidOrigin(value) && value.Length <= 255
        ? value
        : throw new SettingsException($"IDENTITY_LOG_ORIGIN must be a schema-less URL such as identity.example.org/log (no spaces or '+'), not '{value}'.");

    private static StorageKind ParseStorage(string? value) => value?.ToLowerInvariant() switch
    {
        null or "sqlite" => StorageKind.Sqlite,
        "postgres" or "postgresql" => StorageKind.Postgres,
        _ => throw new SettingsException($"IDENTITY_STORAGE must be 'sqlite' (the default) or 'postgres', not '{value}'."),
    };

    private static LogFormat ParseLogFormat(string? value) => value?.ToLowerInvariant() switch
    {
        null or "text" => LogFormat.Text,
        "json" => LogFormat.Json,
        _ => throw new SettingsException($"IDENTITY_LOG_FORMAT must be 'text' (the default) or 'json', not '{value}'."),
    };

    private static Uri ParseBaseUrl(string value)
    {
        if (!Uri.TryCreate(value.TrimEnd('/'), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.AbsolutePath.Length > 1 || !string.IsNullOrEmpty(uri.Query))
        {
            throw new SettingsException($"IDENTITY_PUBLIC_URL must be an http(s) origin such as https://identity.example.org, not '{value}'.");
        }

        return uri;
    }

    private static int Int(IConfiguration configuration, string key, int fallback, int min, int max = int.MaxValue)
    {
        var text = NonEmpty(configuration[key]);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new SettingsException(max == int.MaxValue
                ? $"{key} must be a whole number of at least {min}, not '{text}'."
                : $"{key} must be a whole number from {min} to {max}, not '{text}'.");
        }

        return value;
    }

    // Every algorithm that walks a JSON tree recursively (cloning, JCS, expansion) relies on this bound.
    private static int MaxDepth(int value) => value <= 512
        ? value
        : throw new SettingsException($"IDENTITY_MAX_JSON_DEPTH must be at most 512, not {value}: deeper documents would risk the stack of recursive JSON processing.");

    private static bool Flag(string? value) => value is "1" or "true" or "True" or "TRUE" or "yes";

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The storage adapters the server can run on.</summary>
internal enum StorageKind
{
    /// <summary>One SQLite file in the data directory: one process, or several on one machine.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database: any number of replicas.</summary>
    Postgres,
}
