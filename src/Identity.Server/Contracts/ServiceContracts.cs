using System.ComponentModel;
using Identity.Server.OpenApi;

namespace Identity.Server.Contracts;

/// <summary>The optional body of <c>POST /challenges</c>.</summary>
[Description("The domain the holder's proof must name; the body may be omitted (the service's own authority is used).")]
[Example("""{"domain":"clinic.example.org"}""")]
internal sealed record ChallengeRequest
{
    [Description("1 to 253 characters.")]
    public string? Domain { get; init; }
}

/// <summary>The body of <c>POST /challenges</c>.</summary>
[Description("A single-use challenge, its domain and expiry (IDENTITY_CHALLENGE_SECONDS).")]
[Example("""{"challenge":"u2fIR4hsl0V1DMC2N3gWeqA","domain":"localhost:5080","expires":"2026-12-06T11:05:00Z"}""")]
internal sealed record IssuedChallenge
{
    public required string Challenge { get; init; }

    public required string Domain { get; init; }

    public required DateTimeOffset Expires { get; init; }
}

/// <summary>The body of <c>GET /health</c>.</summary>
[Description("The service answers and its store is reachable.")]
[Example("""{"status":"ok","schemaVersion":7}""")]
internal sealed record HealthReport
{
    [Description("`ok`.")]
    public required string Status { get; init; }

    [Description("The store's migration version.")]
    public required int SchemaVersion { get; init; }
}
