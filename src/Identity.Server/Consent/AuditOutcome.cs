using System.Collections.Immutable;
using System.Text;

namespace Identity.Server.Consent;

/// <summary>
/// The outcome column of a consent audit entry: the verdict, then <c>key=value</c> words separated by spaces, e.g.
/// <c>deny reasons=consentWithdrawn purpose=TREAT data=Observation:laboratory actor=ps1:… consent=ps1:…</c>. Every value is
/// a code, a validated data item or a pseudonym (none holds a space, a comma or a patient identifier), so the text reads back.
/// </summary>
internal sealed record AuditOutcome(string Verdict)
{
    public ImmutableArray<string> Reasons { get; init; } = [];

    public string? Purpose { get; init; }

    public ImmutableArray<string> Data { get; init; } = [];

    /// <summary>The tenant's pseudonym of the provider's DID.</summary>
    public string? Actor { get; init; }

    /// <summary>The tenant's pseudonym of the consent's id.</summary>
    public string? Consent { get; init; }

    public override string ToString()
    {
        var text = new StringBuilder(Verdict);
        Append(text, "reasons", Reasons.IsEmpty ? null : string.Join(',', Reasons));
        Append(text, "purpose", Purpose);
        Append(text, "data", Data.IsEmpty ? null : string.Join(',', Data));
        Append(text, "actor", Actor);
        Append(text, "consent", Consent);
        return text.ToString();
    }

    /// <summary>Reads an outcome back; any other entry's outcome (<c>ok</c>, <c>verified</c>, <c>failed:code</c>) is a bare verdict.</summary>
    public static AuditOutcome Parse(string outcome)
    {
        var words = outcome.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = words.Skip(1).Select(w => w.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        return new AuditOutcome(words.FirstOrDefault() ?? "")
        {
            Reasons = List(values.GetValueOrDefault("reasons")),
            Purpose = values.GetValueOrDefault("purpose"),
            Data = List(values.GetValueOrDefault("data")),
            Actor = values.GetValueOrDefault("actor"),
            Consent = values.GetValueOrDefault("consent"),
        };
    }

    private static ImmutableArray<string> List(string? value) => value is null ? [] : [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries)];

    private static void Append(StringBuilder text, string key, string? value)
    {
        if (value is not null)
        {
            text.Append(' ').Append(key).Append('=').Append(value);
        }
    }
}
