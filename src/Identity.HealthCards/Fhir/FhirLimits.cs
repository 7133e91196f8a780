namespace Identity.HealthCards.Fhir;

/// <summary>The bounds a FHIR payload is held to before the Firely SDK sees it.</summary>
public sealed record FhirLimits
{
    /// <summary>The most UTF-8 bytes of one resource or Bundle as compact JSON.</summary>
    public int MaxBytes { get; init; } = 256 * 1024;

    /// <summary>The most <c>Bundle.entry</c> items (and <c>contained</c> resources) in one payload.</summary>
    public int MaxEntries { get; init; } = 100;

    /// <summary>The deepest JSON nesting inside the payload.</summary>
    public int MaxDepth { get; init; } = 24;

    /// <summary>The most issues reported back (the first ones found).</summary>
    public int MaxIssues { get; init; } = 20;
}
