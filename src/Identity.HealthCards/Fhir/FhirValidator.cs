// References: HL7 FHIR R4 (4.0.1) §Validation, https://hl7.org/fhir/R4/validation.html ; Firely .NET SDK 6 and
//   Firely.Fhir.Validation 3 (https://docs.fire.ly/projects/Firely-NET-SDK/) — the parser and the profile validator.
using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using Hl7.Fhir.Utility;
using Identity.Primitives;
using Error = Identity.Primitives.Error;

namespace Identity.HealthCards.Fhir;

/// <summary>
/// Parses and validates FHIR R4 JSON against the base R4 profiles (structure, cardinality, types, invariants and the
/// value sets the core specification defines), offline, from the <c>specification.zip</c> shipped beside the binary.
/// The bounds in <see cref="FhirLimits"/> are checked first, on the JSON, so no oversized payload reaches the SDK.
/// </summary>
/// <remarks>
/// Loading the specification and compiling the first profiles costs seconds, so the Firely validator is built once per
/// process, lazily, on first use (or by <see cref="Warm"/> at start), and shared: it holds only the immutable base
/// specification and its caches, whatever the limits of the instance that asks. <threadsafety>Thread-safe.</threadsafety>
/// </remarks>
public sealed class FhirValidator(FhirLimits limits)
{
    // Invariant: the one process-wide instance; the R4 specification it loads never changes while the process runs.
    private static readonly Lazy<Validator> s_validator = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly FhirJsonDeserializer s_parser = new(new DeserializerSettings());

    public FhirLimits Limits => limits;

    /// <summary>Whether the specification is loaded (the first validation in this process is then no slower than later ones).</summary>
    public static bool IsWarm => s_warm.IsValueCreated;

    /// <summary>
    /// Builds the validator and compiles the profiles health data uses (Bundle, Patient, Immunization, Observation,
    /// DiagnosticReport) now, at start, off the request path; returns how long that took, once per process.
    /// </summary>
    public static TimeSpan Warm() => s_warm.Value;

    private static readonly Lazy<TimeSpan> s_warm = new(() =>
    {
        long start = Stopwatch.GetTimestamp();
        Resource[] samples = [new Bundle { Type = Bundle.BundleType.Collection }, new Patient(), new Immunization(), new Observation(), new DiagnosticReport()];
        foreach (var sample in samples)
        {
            // The verdicts do not matter: validating compiles and caches each type's profile.
            _ = s_validator.Value.Validate(sample, "http://hl7.org/fhir/StructureDefinition/" + sample.TypeName);
        }

        return Stopwatch.GetElapsedTime(start);
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Checks <paramref name="resource"/> (a resource or a Bundle) against its base R4 profile.</summary>
    /// <returns>The report: no <see cref="FhirReport.Error"/> when it conforms; <c>fhirTooLarge</c> past the bounds;
    /// <c>invalidFhir</c> naming each failing path (also listed in <see cref="FhirReport.Errors"/>).</returns>
    public FhirReport Validate(JsonObject resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var bounds = CheckBounds(resource);
        if (bounds is not null)
        {
            return new FhirReport(null, bounds, [], []);
        }

        if (resource["resourceType"] is not JsonValue type || type.GetValueKind() != JsonValueKind.String)
        {
            return Invalid([new FhirIssue("resourceType", "error", "A FHIR resource names its resourceType.")]);
        }

        var bytes = Encoding.UTF8.GetBytes(resource.ToJsonString());
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = limits.MaxDepth + 2 });
        if (!s_parser.TryDeserializeResource(ref reader, out var poco, out var parseIssues) || poco is null)
        {
            return Invalid([.. parseIssues.Take(limits.MaxIssues).Select(ToIssue)]);
        }

        var outcome = s_validator.Value.Validate(poco, "http://hl7.org/fhir/StructureDefinition/" + poco.TypeName);
        var issues = outcome.Issue.Select(ToIssue).ToList();
        var errors = issues.Where(i => i.Severity is "error" or "fatal").Take(limits.MaxIssues).ToImmutableArray();
        return errors.Length > 0
            ? Invalid(errors)
            : new FhirReport(poco.TypeName, null, [], [.. issues.Where(i => i.Severity == "warning").Take(limits.MaxIssues)]);
    }

    private Error? CheckBounds(JsonObject resource)
    {
        int bytes = Encoding.UTF8.GetByteCount(resource.ToJsonString());
        if (bytes > limits.MaxBytes)
        {
            return new Error(ErrorCodes.FhirTooLarge, $"The FHIR payload has {bytes} bytes; the limit is {limits.MaxBytes}.");
        }

        int entries = (resource["entry"] as JsonArray)?.Count ?? 0;
        int contained = (resource["contained"] as JsonArray)?.Count ?? 0;
        if (entries > limits.MaxEntries || contained > limits.MaxEntries)
        {
            return new Error(ErrorCodes.FhirTooLarge, $"The FHIR payload has {Math.Max(entries, contained)} entries; the limit is {limits.MaxEntries}.");
        }

        int depth = Depth(resource, 0);
        return depth > limits.MaxDepth
            ? new Error(ErrorCodes.FhirTooLarge, $"The FHIR payload nests deeper than {limits.MaxDepth} levels.")
            : null;
    }

    // Stops descending once past the bound, so the walk itself is bounded.
    private int Depth(JsonNode? node, int level)
    {
        if (level > limits.MaxDepth)
        {
            return level;
        }

        return node switch
        {
            JsonObject obj => obj.Select(p => Depth(p.Value, level + 1)).DefaultIfEmpty(level).Max(),
            JsonArray array => array.Select(e => Depth(e, level + 1)).DefaultIfEmpty(level).Max(),
            _ => level,
        };
    }

    private static FhirReport Invalid(ImmutableArray<FhirIssue> issues) => new(
        null,
        new Error(ErrorCodes.InvalidFhir, "The FHIR payload does not conform to FHIR R4: " + string.Join("; ", issues.Select(i => $"{i.Path}: {i.Message}"))),
        issues,
        []);

    private static FhirIssue ToIssue(CodedException issue) => issue is ExtendedCodedException extended
        ? new FhirIssue(extended.InstancePath ?? "(root)", "error", extended.BaseErrorMessage ?? extended.Message)
        : new FhirIssue("(root)", "error", issue.Message);

    private static FhirIssue ToIssue(OperationOutcome.IssueComponent issue) => new(
        issue.Expression.FirstOrDefault() ?? issue.Location.FirstOrDefault() ?? "(root)",
        issue.Severity?.ToString().ToLowerInvariant() ?? "error",
        issue.Details?.Text ?? issue.Diagnostics ?? issue.Code?.ToString() ?? "invalid");

    private static Validator Create()
    {
        var resolver = new CachedResolver(ZipSource.CreateValidationSource());
        var terminology = LocalTerminologyService.CreateDefaultForCore(resolver);
        return new Validator(resolver, terminology);
    }
}

/// <summary>The validator's verdict: the resource type and warnings when it conforms, else the error and the failing issues.</summary>
public sealed record FhirReport(string? ResourceType, Error? Error, ImmutableArray<FhirIssue> Errors, ImmutableArray<FhirIssue> Warnings)
{
    public bool IsValid => Error is null;
}
