// References: W3C Verifiable Credentials Data Model v2.0, §4.13 Verifiable Presentations (a presentation may carry
//   credentials about others) and §8.2 Holder, https://www.w3.org/TR/vc-data-model-2.0/ ; W3C Verifiable Credential
//   Data Integrity 1.0, §5.3 Replay Attacks (challenge), https://www.w3.org/TR/vc-data-integrity/#replay-attacks
using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Identity.Credentials.Verification;

/// <summary>How a presentation's credentials must relate to its holder.</summary>
public enum HolderBindingPolicy
{
    /// <summary>Every credential with a subject id must be about the (authenticated) holder; a deliberate healthcare rule.</summary>
    Subject,

    /// <summary>No binding is required, as the data model allows (a presentation may carry credentials about others).</summary>
    None,
}

/// <summary>
/// The verifier's own decisions, beyond what the documents say about themselves: holder binding, whether a
/// presentation must answer a challenge, which cryptosuites and which issuers it accepts. A deployment sets a default;
/// a request's <c>options</c> may set each member; the result reports the policy it was judged under.
/// </summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record VerifierPolicy
{
    /// <summary>The shipped default: strict holder binding, challenges checked when given (not required), any
    /// supported cryptosuite, any issuer.</summary>
    public static VerifierPolicy Default { get; } = new();

    public HolderBindingPolicy HolderBinding { get; init; } = HolderBindingPolicy.Subject;

    /// <summary>A presentation must carry a challenge: the one the caller names, or one this service issued.</summary>
    public bool RequireChallenge { get; init; }

    /// <summary>The Data Integrity cryptosuites (or legacy proof types) accepted; empty accepts every supported one.</summary>
    public ImmutableArray<string> AcceptedCryptosuites { get; init; } = [];

    /// <summary>The issuer ids accepted; empty accepts any issuer whose proof verifies.</summary>
    public ImmutableArray<string> TrustedIssuers { get; init; } = [];

    /// <summary>The policy as the verify responses report it.</summary>
    public JsonObject ToJson() => new()
    {
        ["holderBinding"] = HolderBinding == HolderBindingPolicy.Subject ? "subject" : "none",
        ["requireChallenge"] = RequireChallenge,
        ["acceptedCryptosuites"] = new JsonArray([.. AcceptedCryptosuites.Select(s => (JsonNode?)JsonValue.Create(s))]),
        ["trustedIssuers"] = new JsonArray([.. TrustedIssuers.Select(s => (JsonNode?)JsonValue.Create(s))]),
    };

    /// <summary>Parses <c>subject</c> or <c>none</c>.</summary>
    public static HolderBindingPolicy? ParseHolderBinding(string? value) => value switch
    {
        "subject" => HolderBindingPolicy.Subject,
        "none" => HolderBindingPolicy.None,
        _ => null,
    };
}
