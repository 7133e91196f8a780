using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Credentials.Verification;

/// <summary>The verdict: verified only when no check failed; every check that ran is listed, in order.</summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record VerificationResult
{
    /// <summary>
    /// The base of the problem <c>type</c> URIs outside the service; each code has a page at <c>docs/errors/{code}.md</c>.
    /// The service replaces it with its own <c>{public URL}/errors/{code}</c>, where it serves those pages.
    /// </summary>
    public const string ProblemTypeBase = "https://identity.example/errors/";

    public VerificationResult(ImmutableArray<VerificationCheck> checks, ImmutableArray<string> warnings)
    {
        Checks = checks;
        Warnings = warnings;
        Errors = [.. checks.Where(c => c.Status == CheckStatus.Failed).Select(c => c.Error!)];
    }

    public bool Verified => Errors.IsEmpty;

    /// <summary>
    /// The challenge this service issued that this very verification consumed and the presentation is bound to (every
    /// authentication proof or Key Binding JWT carries it); null otherwise. Never part of the wire verdict.
    /// </summary>
    public string? FreshChallenge { get; init; }

    public ImmutableArray<VerificationCheck> Checks { get; }

    /// <summary>The verifier policy the verdict was reached under; reported as <c>policy</c> when set.</summary>
    public VerifierPolicy? Policy { get; init; }

    public ImmutableArray<string> Warnings { get; }

    public ImmutableArray<Error> Errors { get; }

    /// <summary>
    /// The VC-API shape: <c>{verified, checks:[{check, target, status, detail}], warnings, errors}</c>, where each error is
    /// an RFC 9457 problem-details object with the stable <c>code</c>.
    /// </summary>
    public JsonObject ToJson()
    {
        var checks = new JsonArray();
        foreach (var check in Checks)
        {
            var json = new JsonObject
            {
                ["check"] = check.Check,
                ["target"] = check.Target,
                ["status"] = check.Status switch
                {
                    CheckStatus.Passed => "passed",
                    CheckStatus.Failed => "failed",
                    _ => "skipped",
                },
            };
            if (check.Detail is not null)
            {
                json["detail"] = check.Detail;
            }

            if (check.Error is not null)
            {
                json["code"] = check.Error.Code;
            }

            checks.Add(json);
        }

        var result = new JsonObject
        {
            ["verified"] = Verified,
            ["checks"] = checks,
            ["warnings"] = new JsonArray([.. Warnings.Select(w => (JsonNode?)JsonValue.Create(w))]),
        };
        if (Policy is not null)
        {
            result["policy"] = Policy.ToJson();
        }

        if (!Verified)
        {
            result["errors"] = new JsonArray([.. Checks.Where(c => c.Error is not null).Select(c => (JsonNode)ToProblem(c))]);
        }

        return result;
    }

    private static JsonObject ToProblem(VerificationCheck check) => new()
    {
        ["type"] = ProblemTypeBase + check.Error!.Code,
        ["title"] = $"The {check.Check} check failed",
        ["detail"] = check.Error.Detail,
        ["code"] = check.Error.Code,
        ["check"] = check.Check,
        ["target"] = check.Target,
    };
}
