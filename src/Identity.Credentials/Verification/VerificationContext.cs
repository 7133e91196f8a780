using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Identity.Credentials.Model;

namespace Identity.Credentials.Verification;

/// <summary>The state one verification run threads through its steps; each step reads it and records checks.</summary>
/// <remarks>Mutable by design and confined to a single run: never shared between threads.</remarks>
internal sealed class VerificationContext
{
    private readonly ImmutableArray<VerificationCheck>.Builder _checks;
    private readonly ImmutableArray<string>.Builder _warnings;

    public VerificationContext(
        JsonObject document,
        string target,
        VerificationOptions options,
        DateTimeOffset now,
        ImmutableArray<VerificationCheck>.Builder checks,
        ImmutableArray<string>.Builder warnings)
        : this(document, target, options, now, checks, warnings, new StatusCheckBudget())
    {
    }

    private VerificationContext(
        JsonObject document,
        string target,
        VerificationOptions options,
        DateTimeOffset now,
        ImmutableArray<VerificationCheck>.Builder checks,
        ImmutableArray<string>.Builder warnings,
        StatusCheckBudget statusBudget)
    {
        StatusBudget = statusBudget;
        Document = document;
        Target = target;
        Options = options;
        Now = now;
        _checks = checks;
        _warnings = warnings;
    }

    /// <summary>The document under check (a private clone: steps may read it freely).</summary>
    public JsonObject Document { get; }

    /// <summary>What the recorded checks are about: <c>credential</c>, <c>presentation</c>, <c>verifiableCredential[i]</c>.</summary>
    public string Target { get; }

    public VerificationOptions Options { get; }

    public DateTimeOffset Now { get; }

    /// <summary>The status fetches this request may still make; one budget for the document and everything embedded in it.</summary>
    public StatusCheckBudget StatusBudget { get; }

    /// <summary>Set by the data-model step when the document parsed as a credential.</summary>
    public VerifiableCredential? Credential { get; set; }

    /// <summary>Set by the data-model step when the document parsed as a presentation.</summary>
    public VerifiablePresentation? Presentation { get; set; }

    /// <summary>
    /// The DID that authenticated as the presenter, set by the proof step: the <c>holder</c> when it made a valid proof,
    /// or, when the presentation names no holder, the controller of the verification method of its valid proof(s).
    /// </summary>
    public string? EffectiveHolder { get; set; }

    /// <summary>Spends the challenges this run is bound to; null when the verifier has no ledger (equality checks only).</summary>
    public IChallengeLedger? Ledger { get; init; }

    /// <summary>What the ledger found for each challenge this run consumed, by value.</summary>
    public Dictionary<string, ChallengeSpend> ChallengeSpends { get; } = new(StringComparer.Ordinal);

    /// <summary>Set when the presentation carried more distinct challenges than are consumed.</summary>
    public bool TooManyChallenges { get; set; }

    /// <summary>The domain an issued challenge was issued for, used when the caller expects none.</summary>
    public string? LedgerDomain { get; set; }

    /// <summary>The domain the presentation must carry: the caller's, else the one its issued challenge was issued for.</summary>
    public string? ExpectedDomain => Options.Domain ?? LedgerDomain;

    /// <summary>The challenge this service issued that this run consumed and every carrier holds; null otherwise.</summary>
    public string? FreshChallenge { get; set; }

    /// <summary>
    /// Set on an embedded credential's context when the presentation's JSON-LD rules already expanded it exactly as a
    /// standalone check would (see <see cref="Steps.ValidateDataModel"/>): its own JSON-LD expansion is then not repeated.
    /// </summary>
    public bool JsonLdChecked { get; init; }

    /// <summary>When set, later steps have nothing meaningful to check (the document is not a credential at all).</summary>
    public bool Halted { get; set; }

    public void Passed(string check, string? detail = null) => _checks.Add(VerificationCheck.Passed(check, Target, detail));

    public void Skipped(string check, string detail) => _checks.Add(VerificationCheck.Skipped(check, Target, detail));

    public void Failed(string check, Primitives.Error error, UncheckedReason? reason = null) =>
        _checks.Add(VerificationCheck.Failed(check, Target, error, reason));

    public void Warn(string warning) => _warnings.Add($"{Target}: {warning}");

    /// <summary>A context for an embedded credential that records into the same result.</summary>
    public VerificationContext ForEmbedded(JsonObject credential, string target) =>
        new(credential, target, Options, Now, _checks, _warnings, StatusBudget) { JsonLdChecked = EmbeddedJsonLdChecked };

    /// <summary>Set by the presentation's data-model step when its JSON-LD expansion covered every embedded credential
    /// as a standalone check would.</summary>
    public bool EmbeddedJsonLdChecked { get; set; }
}
