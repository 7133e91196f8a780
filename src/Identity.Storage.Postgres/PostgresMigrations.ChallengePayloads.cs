namespace Identity.Storage.Postgres;

internal static partial class PostgresMigrations
{
    // Version 8: a challenge may carry a payload (an OpenID4VCI offer, pre-authorized code or access token, sealed by
    // the server) and counts the attempts made against it (transaction-code guesses), so all single-use state of the
    // service lives in one table with one consume-once rule.
    private const string V8ChallengePayloads = """
        ALTER TABLE challenges ADD COLUMN payload text;
        ALTER TABLE challenges ADD COLUMN attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0);
        """;
}
