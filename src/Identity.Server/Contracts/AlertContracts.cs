using System.ComponentModel;
using Identity.Server.OpenApi;

namespace Identity.Server.Contracts;

/// <summary>The body of <c>PUT /tenants/{tenant}/patients/{patient}/alert-rules</c>, and what it and GET answer.</summary>
[Description("A patient's alert rules (docs/monitoring.md, \"Alerts\"): at most 32, ids unique. PUT replaces the whole set; an empty list removes them.")]
[Example("""{"rules":[{"id":"low-glucose","code":"2339-0","below":70,"unit":"mg/dL"},{"id":"high-systolic","code":"8480-6","above":180,"unit":"mm[Hg]"}]}""")]
internal sealed record AlertRuleSet
{
    public required IReadOnlyList<AlertRuleContract> Rules { get; init; }
}

/// <summary>One alert rule.</summary>
[Description("Alert when a reading of `code`, restated in `unit`, is strictly below `below` or strictly above `above` (at least one of them).")]
internal sealed record AlertRuleContract
{
    [Description("1 to 64 of A-Z a-z 0-9 - _ . ; unique in the set.")]
    public required string Id { get; init; }

    [Description("LOINC: 2339-0 or 15074-8 (glucose, either watches both), 8867-4 (heart rate), 8480-6 (systolic), 8462-4 (diastolic), 59408-5 (SpO2), 29463-7 (body weight).")]
    public required string Code { get; init; }

    public decimal? Below { get; init; }

    public decimal? Above { get; init; }

    [Description("A UCUM unit of the code: mg/dL or mmol/L, /min, mm[Hg], %, kg, g or [lb_av].")]
    public required string Unit { get; init; }
}

/// <summary>The body of <c>GET /tenants/{tenant}/alerts</c>.</summary>
[Description("The tenant's alerts raised at or after `since`, newest first.")]
internal sealed record AlertList
{
    public required IReadOnlyList<AlertContract> Alerts { get; init; }
}

/// <summary>One raised alert, as the list and each stream event carry it.</summary>
[Description("An alert: the rule a reading crossed, the reading's value restated in the rule's unit, and where it came from.")]
internal sealed record AlertContract
{
    [Description("urn:uuid: derived from tenant, observation, rule and code (one reading raises a rule's alert once).")]
    public required string Id { get; init; }

    [Description("The patient's DID.")]
    public required string Patient { get; init; }

    public required string Rule { get; init; }

    public required string Code { get; init; }

    public required decimal Value { get; init; }

    public required string Unit { get; init; }

    public required DateTimeOffset Effective { get; init; }

    public required string ObservationId { get; init; }

    [Description("The device's DID.")]
    public required string Device { get; init; }

    [Description("When the service raised it.")]
    public required DateTimeOffset Raised { get; init; }
}
