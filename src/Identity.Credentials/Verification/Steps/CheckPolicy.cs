using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Credentials.Verification.Steps;

/// <summary>
/// The verifier's policy on a credential (<see cref="VerifierPolicy"/>): every proof's cryptosuite (or legacy proof
/// type) must be accepted, and the issuer must be trusted, when the policy lists either. Checked whatever the proofs'
/// validity: a policy refusal is reported on its own, under <c>policy</c>.
/// </summary>
internal sealed class CheckPolicy : IVerificationStep
{
    public ValueTask ExecuteAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        var policy = context.Options.Policy;
        if (!policy.AcceptedCryptosuites.IsEmpty)
        {
            var proofs = context.Document["proof"] switch
            {
                JsonObject one => [one],
                JsonArray many => many.OfType<JsonObject>().ToList(),
                _ => [],
            };
            foreach (var proof in proofs)
            {
                string suite = String(proof["cryptosuite"]) ?? String(proof["type"]) ?? "(none)";
                if (policy.AcceptedCryptosuites.Contains(suite, StringComparer.Ordinal))
                {
                    context.Passed(CheckNames.Policy, $"cryptosuite {suite} is accepted.");
                }
                else
                {
                    context.Failed(CheckNames.Policy, new Error(ErrorCodes.CryptosuiteNotAccepted,
                        $"The proof's cryptosuite '{suite}' is not one the verifier's policy accepts ({string.Join(", ", policy.AcceptedCryptosuites)})."));
                }
            }
        }

        CheckIssuer(context, String(context.Document["issuer"]) ?? String((context.Document["issuer"] as JsonObject)?["id"]));
        return ValueTask.CompletedTask;
    }

    /// <summary>Records whether <paramref name="issuer"/> is trusted, when the policy lists trusted issuers.</summary>
    internal static void CheckIssuer(VerificationContext context, string? issuer)
    {
        var trusted = context.Options.Policy.TrustedIssuers;
        if (trusted.IsEmpty)
        {
            return;
        }

        if (issuer is not null && trusted.Contains(issuer, StringComparer.Ordinal))
        {
            context.Passed(CheckNames.Policy, "The issuer is trusted.");
        }
        else
        {
            context.Failed(CheckNames.Policy, new Error(ErrorCodes.UntrustedIssuer, "The issuer is not one the verifier's policy trusts."));
        }
    }

    private static string? String(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
