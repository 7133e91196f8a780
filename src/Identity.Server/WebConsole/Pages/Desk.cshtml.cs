using System.Text.Json.Nodes;
using Identity.Credentials.Verification;
using Identity.Primitives;
using Identity.Server.Challenges;
using Identity.Server.Configuration;
using Identity.Server.Credentials;
using Identity.Server.Http;
using Identity.Server.Telemetry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Identity.Server.WebConsole.Pages;

/// <summary>
/// The provider desk: a challenge from <see cref="ChallengeService"/>, then the pasted presentation (or credential)
/// through <see cref="VerificationService"/> under the same limits as <c>POST /presentations/verify</c>, and the verdict check by check.
/// </summary>
[EnableRateLimiting(RateLimits.Verify)]
internal sealed class DeskModel(ChallengeService challenges, VerificationService verification, IdentityMetrics metrics, ServerSettings settings) : ConsolePageModel
{
    protected override ConsoleArea Area => ConsoleArea.Anyone;

    public string? IssuedChallenge { get; private set; }

    public string? Domain { get; private set; }

    public string? Expires { get; private set; }

    public string? Document { get; private set; }

    public VerificationResult? Verdict { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostChallengeAsync(string? domain, CancellationToken cancellationToken)
    {
        domain = string.IsNullOrWhiteSpace(domain) ? null : domain.Trim();
        if (domain is { Length: > 253 })
        {
            return Refused(new Error(ErrorCodes.InvalidRequest, "domain must be at most 253 characters."));
        }

        var issued = await challenges.IssueAsync(domain, cancellationToken);
        (IssuedChallenge, Domain, Expires) = (issued.Value, issued.Domain, ConsoleText.Instant(issued.ExpiresAt));
        return Page();
    }

    public async Task<IActionResult> OnPostVerifyAsync(string? challenge, string? domain, string? document, CancellationToken cancellationToken)
    {
        (IssuedChallenge, Domain, Document) = (Blank(challenge), Blank(domain), document);
        var parsed = ConsoleText.ParseDocument(document, settings);
        if (!parsed.IsSuccess)
        {
            return Refused(parsed.Error!);
        }

        var isPresentation = IsOfType(parsed.Value, "VerifiablePresentation");
        var options = new JsonObject();
        if (isPresentation && IssuedChallenge is not null)
        {
            options["challenge"] = IssuedChallenge;
        }

        if (isPresentation && Domain is not null)
        {
            options["domain"] = Domain;
        }

        var request = new JsonObject { [isPresentation ? "verifiablePresentation" : "verifiableCredential"] = parsed.Value, ["options"] = options };
        var outcome = isPresentation
            ? await verification.VerifyPresentationAsync(request, cancellationToken)
            : await verification.VerifyCredentialAsync(request, cancellationToken);
        metrics.Verified(isPresentation ? "presentation" : "credential", outcome);
        if (!outcome.IsSuccess)
        {
            return Refused(outcome.Error!);
        }

        Verdict = outcome.Value;
        IssuedChallenge = null; // Spent (or refused) by this verification: the next patient needs a new one.
        return Page();
    }

    private static bool IsOfType(JsonObject document, string type) => document["type"] switch
    {
        JsonArray types => types.Any(t => JsonText.String(t) == type),
        var single => JsonText.String(single) == type,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
