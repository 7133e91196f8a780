using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Credentials.Verification;
using Identity.Primitives;

namespace Identity.Server.Credentials;

/// <summary>
/// The verifier policy of one verify request: the deployment default (<c>IDENTITY_HOLDER_BINDING</c>,
/// <c>IDENTITY_REQUIRE_CHALLENGE</c>, <c>IDENTITY_ACCEPTED_CRYPTOSUITES</c>, <c>IDENTITY_TRUSTED_ISSUERS</c>) with the
/// request's <c>options.holderBinding</c>, <c>options.requireChallenge</c>, <c>options.acceptedCryptosuites</c> and
/// <c>options.trustedIssuers</c> on top. The caller of a verify endpoint is the relying party deciding for itself,
/// so each member it names replaces the default.
/// </summary>
internal static class VerifierPolicyOptions
{
    private const int MaxListEntries = 64;

    public static Result<VerifierPolicy> Read(JsonObject options, VerifierPolicy baseline)
    {
        var policy = baseline;
        if (options["holderBinding"] is { } binding)
        {
            if (VerifierPolicy.ParseHolderBinding(JsonTextOf(binding)) is not { } parsed)
            {
                return Invalid("options.holderBinding must be \"subject\" or \"none\".");
            }

            policy = policy with { HolderBinding = parsed };
        }

        if (options["requireChallenge"] is { } require)
        {
            if (require.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                return Invalid("options.requireChallenge must be true or false.");
            }

            policy = policy with { RequireChallenge = require.GetValue<bool>() };
        }

        foreach (var name in new[] { "acceptedCryptosuites", "trustedIssuers" })
        {
            if (options[name] is not { } node)
            {
                continue;
            }

            if (node is not JsonArray array || array.Count is 0 or > MaxListEntries || array.Any(e => JsonTextOf(e) is not { Length: > 0 and <= 2048 }))
            {
                return Invalid($"options.{name} must be an array of 1 to {MaxListEntries} non-empty strings.");
            }

            ImmutableArray<string> values = [.. array.Select(e => JsonTextOf(e)!)];
            policy = name == "trustedIssuers" ? policy with { TrustedIssuers = values } : policy with { AcceptedCryptosuites = values };
        }

        return policy;
    }

    /// <summary>The deployment default from the settings; a bad value stops the server at start.</summary>
    public static VerifierPolicy FromSettings(IConfiguration configuration)
    {
        var binding = configuration["IDENTITY_HOLDER_BINDING"];
        var require = configuration["IDENTITY_REQUIRE_CHALLENGE"];
        return new VerifierPolicy
        {
            HolderBinding = string.IsNullOrWhiteSpace(binding) ? HolderBindingPolicy.Subject
                : VerifierPolicy.ParseHolderBinding(binding.Trim()) ?? throw new InvalidOperationException($"IDENTITY_HOLDER_BINDING must be 'subject' (the default) or 'none', not '{binding}'."),
            RequireChallenge = require is "1" or "true",
            AcceptedCryptosuites = List(configuration["IDENTITY_ACCEPTED_CRYPTOSUITES"]),
            TrustedIssuers = List(configuration["IDENTITY_TRUSTED_ISSUERS"]),
        };
    }

    private static ImmutableArray<string> List(string? value) =>
        [.. (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string? JsonTextOf(JsonNode? node) => Http.JsonText.String(node);

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidOptions, detail);
}
