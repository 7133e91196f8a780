namespace Identity.HealthCards.Fhir;

/// <summary>One problem the FHIR validator found: where (a FHIRPath-like location such as <c>Bundle.entry[0].resource.status</c>), how bad, and why.</summary>
public sealed record FhirIssue(string Path, string Severity, string Message);
