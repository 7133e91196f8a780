// References: W3C Verifiable Credential Data Integrity 1.0 (2025), §2.1 Proofs (challenge, domain), https://www.w3.org/TR/vc-data-integrity/#proofs
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Credentials.Verification.Steps;

/// <summary>
/// Checks that every <c>authentication</c> proof of a presentation carries exactly the verifier's challenge (or domain).
/// Replay protection — a challenge usable once — is the service's job; this step checks equality.
/// </summary>
internal sealed class CheckChallengeAndDomain(bool domain) : IVerificationStep
{
    private string Name => domain ? CheckNames.Domain : CheckNames.Challenge;

    public ValueTask ExecuteAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        var expected = domain ? context.Options.Domain : context.Options.Challenge;
        if (expected is null)
        {
            context.Skipped(Name, $"The verifier expects no {Name}.");
            return ValueTask.CompletedTask;
        }

        var proofs = AuthenticationProofs(context.Document).ToList();
        if (proofs.Count == 0)
        {
            context.Failed(Name, new Error(ErrorCodes.ChallengeRequired, $"The presentation has no authentication proof to carry a {Name}."));
            return ValueTask.CompletedTask;
        }

        foreach (var proof in proofs)
        {
            var values = Values(proof[Name]);
            if (values.Count == 0)
            {
                context.Failed(Name, new Error(ErrorCodes.ChallengeRequired, $"The proof carries no {Name}; the verifier expects one."));
            }
            else if (!values.Contains(expected, StringComparer.Ordinal))
            {
                context.Failed(Name, new Error(
                    domain ? ErrorCodes.DomainMismatch : ErrorCodes.ChallengeMismatch,
                    $"The proof's {Name} does not match the one the verifier expects."));
            }
            else
            {
                context.Passed(Name);
            }
        }

        return ValueTask.CompletedTask;
    }

    private static IEnumerable<JsonObject> AuthenticationProofs(JsonObject document)
    {
        var proofs = document["proof"] switch
        {
            JsonObject single => [single],
            JsonArray many => many.OfType<JsonObject>(),
            _ => [],
        };
        return proofs.Where(p => p["proofPurpose"] is JsonValue v && v.GetValueKind() == JsonValueKind.String
            && v.GetValue<string>() == "authentication");
    }

    // The domain may be one string or a set of strings (Data Integrity §2.1); the challenge is one string.
    private static List<string> Values(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.GetValue<string>()],
        JsonArray a => [.. a.OfType<JsonValue>().Where(x => x.GetValueKind() == JsonValueKind.String).Select(x => x.GetValue<string>())],
        _ => [],
    };
}
