using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Server.Monitoring;

/// <summary>
/// One alert rule a hospital set for a patient: raise an alert when a reading of <see cref="Code"/>, restated in
/// <see cref="Unit"/>, is strictly below <see cref="Below"/> or strictly above <see cref="Above"/>.
/// </summary>
/// <remarks>Invariant (once parsed): the code is known, the unit is one of its units, at least one threshold is set, and
/// <see cref="Below"/> &lt; <see cref="Above"/> when both are.</remarks>
internal sealed record AlertRule(string Id, string Code, decimal? Below, decimal? Above, string Unit)
{
    public const int MaxRules = 32;
    public const int MaxIdLength = 64;
    public const decimal MaxMagnitude = 1_000_000m;

    private static readonly string[] s_ruleMembers = ["id", "code", "below", "above", "unit"];

    /// <summary>The threshold <paramref name="value"/> (in <see cref="Unit"/>) crosses, or null when it crosses none.</summary>
    public decimal? Crossed(decimal value) =>
        Below is { } below && value < below ? below : Above is { } above && value > above ? above : null;

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["id"] = Id, ["code"] = Code };
        if (Below is { } below)
        {
            json["below"] = below;
        }

        if (Above is { } above)
        {
            json["above"] = above;
        }

        json["unit"] = Unit;
        return json;
    }

    public static JsonObject ToJson(IEnumerable<AlertRule> rules) => new() { ["rules"] = new JsonArray([.. rules.Select(r => (JsonNode)r.ToJson())]) };

    /// <summary>Reads <c>{"rules": [...]}</c>: at most <see cref="MaxRules"/> rules with unique ids; anything else is refused.</summary>
    public static Result<ImmutableArray<AlertRule>> ParseSet(JsonObject body)
    {
        if (body.Count != 1 || body["rules"] is not JsonArray rules)
        {
            return Invalid("The body must be {\"rules\": [...]} and nothing else.");
        }

        if (rules.Count > MaxRules)
        {
            return Invalid($"A patient has at most {MaxRules} rules; {rules.Count} were sent.");
        }

        var parsed = ImmutableArray.CreateBuilder<AlertRule>(rules.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < rules.Count; i++)
        {
            var rule = Parse(rules[i]);
            if (!rule.IsSuccess)
            {
                return Invalid($"rules[{i}]: {rule.Error!.Detail}");
            }

            if (!ids.Add(rule.Value.Id))
            {
                return Invalid($"rules[{i}]: the id '{rule.Value.Id}' is used twice.");
            }

            parsed.Add(rule.Value);
        }

        return parsed.MoveToImmutable();
    }

    private static Result<AlertRule> Parse(JsonNode? node)
    {
        if (node is not JsonObject rule)
        {
            return Invalid("each rule is a JSON object.");
        }

        if (rule.Select(m => m.Key).FirstOrDefault(k => !s_ruleMembers.Contains(k)) is { } unknown)
        {
            return Invalid($"'{unknown}' is not a member of a rule (id, code, below, above, unit).");
        }

        if (Text(rule["id"]) is not { Length: >= 1 and <= MaxIdLength } id || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return Invalid($"id must be 1 to {MaxIdLength} of A-Z a-z 0-9 - _ .");
        }

        if (Text(rule["code"]) is not { } code || !MonitoredQuantities.IsKnown(code))
        {
            return Invalid($"code must be one of the LOINC codes {string.Join(", ", MonitoredQuantities.Codes)}.");
        }

        if (Text(rule["unit"]) is not { } unit || !MonitoredQuantities.UnitsOf(code).Contains(unit))
        {
            return Invalid($"unit must be a UCUM unit of {code}: {string.Join(", ", MonitoredQuantities.UnitsOf(code))}.");
        }

        var below = Threshold(rule, "below");
        var above = Threshold(rule, "above");
        if (!below.IsSuccess || !above.IsSuccess)
        {
            return (below.Error ?? above.Error)!;
        }

        if (below.Value is null && above.Value is null)
        {
            return Invalid("a rule needs a threshold: below, above, or both.");
        }

        if (below.Value is { } b && above.Value is { } a && b >= a)
        {
            return Invalid("below must be less than above (a rule with both alerts outside that range).");
        }

        return new AlertRule(id, code, below.Value, above.Value, unit);
    }

    private static Result<decimal?> Threshold(JsonObject rule, string name)
    {
        if (!rule.TryGetPropertyValue(name, out var node))
        {
            return (decimal?)null;
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<decimal>(out var number)
            && Math.Abs(number) <= MaxMagnitude
            ? number
            : Invalid($"{name} must be a number from -{MaxMagnitude.ToString(CultureInfo.InvariantCulture)} to {MaxMagnitude.ToString(CultureInfo.InvariantCulture)}.");
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidAlertRules, detail);
}
