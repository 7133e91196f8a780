using System.Diagnostics;
using System.Text.Json.Nodes;
using Identity.HealthCards.Fhir;
using Identity.Primitives;
using Identity.Testing;

namespace Identity.HealthCards.Tests;

[TestClass]
public sealed class FhirValidatorTests
{
    // One validator for the class: building it is the expensive part (measured in Validate_FirstAndLaterCalls_Timed).
    private static readonly FhirValidator s_validator = new(new FhirLimits());

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Validate_ImmunizationBundle_Conforms()
    {
        var report = s_validator.Validate(FhirFixtures.ImmunizationBundle());

        Assert.IsTrue(report.IsValid, report.Error?.Detail);
        Assert.AreEqual("Bundle", report.ResourceType);
    }

    [TestMethod]
    public void Validate_PatientAndObservation_Conform()
    {
        Assert.IsTrue(s_validator.Validate(FhirFixtures.Patient()).IsValid, s_validator.Validate(FhirFixtures.Patient()).Error?.Detail);
        Assert.IsTrue(s_validator.Validate(FhirFixtures.Observation()).IsValid, s_validator.Validate(FhirFixtures.Observation()).Error?.Detail);
    }

    [TestMethod]
    public void Validate_CodeOutsideRequiredValueSet_InvalidFhirNamingThePath()
    {
        var immunization = FhirFixtures.Immunization();
        immunization["status"] = "done";

        var report = s_validator.Validate(immunization);

        Assert.AreEqual(ErrorCodes.InvalidFhir, report.Error?.Code);
        Assert.IsTrue(report.Errors.Any(i => i.Path.Contains("status", StringComparison.Ordinal)), report.Error!.Detail);
    }

    [TestMethod]
    public void Validate_MissingRequiredElement_InvalidFhirNamingThePath()
    {
        var immunization = FhirFixtures.Immunization();
        immunization.Remove("vaccineCode");

        var report = s_validator.Validate(immunization);

        Assert.AreEqual(ErrorCodes.InvalidFhir, report.Error?.Code);
        StringAssert.Contains(report.Error!.Detail, "vaccineCode");
    }

    [TestMethod]
    public void Validate_WrongPrimitiveType_InvalidFhirNamingThePath()
    {
        var patient = FhirFixtures.Patient();
        patient["birthDate"] = 1980;

        var report = s_validator.Validate(patient);

        Assert.AreEqual(ErrorCodes.InvalidFhir, report.Error?.Code);
        TestContext.WriteLine(report.Error!.Detail);
        StringAssert.Contains(report.Error!.Detail, "birthDate");
    }

    [TestMethod]
    public void Validate_ErrorInsideABundle_PathLeadsIntoTheEntry()
    {
        var bundle = FhirFixtures.ImmunizationBundle();
        bundle["entry"]![1]!["resource"]!["status"] = "done";

        var report = s_validator.Validate(bundle);

        Assert.AreEqual(ErrorCodes.InvalidFhir, report.Error?.Code);
        TestContext.WriteLine(report.Error!.Detail);
        StringAssert.Contains(report.Error!.Detail, "entry[1]");
    }

    [TestMethod]
    [DataRow("Spaceship")]
    [DataRow("")]
    public void Validate_UnknownResourceType_InvalidFhir(string type)
    {
        var report = s_validator.Validate(new JsonObject { ["resourceType"] = type });

        Assert.AreEqual(ErrorCodes.InvalidFhir, report.Error?.Code);
    }

    [TestMethod]
    public void Validate_TooManyEntries_FhirTooLargeBeforeParsing()
    {
        var report = s_validator.Validate(FhirFixtures.ImmunizationBundle(101));

        Assert.AreEqual(ErrorCodes.FhirTooLarge, report.Error?.Code);
    }

    [TestMethod]
    public void Validate_DeepNesting_FhirTooLarge()
    {
        var patient = FhirFixtures.Patient();
        JsonObject inner = new() { ["url"] = "http://example.org/x", ["valueString"] = "v" };
        for (int i = 0; i < 40; i++)
        {
            inner = new JsonObject { ["url"] = "http://example.org/x", ["extension"] = new JsonArray(inner) };
        }

        patient["extension"] = new JsonArray(inner);

        Assert.AreEqual(ErrorCodes.FhirTooLarge, s_validator.Validate(patient).Error?.Code);
    }

    [TestMethod]
    public void Validate_TooManyBytes_FhirTooLarge()
    {
        var validator = new FhirValidator(new FhirLimits { MaxBytes = 2048 });
        var patient = FhirFixtures.Patient(new string('x', 4096));

        Assert.AreEqual(ErrorCodes.FhirTooLarge, validator.Validate(patient).Error?.Code);
    }

    [TestMethod]
    public void Validate_FirstAndLaterCalls_Timed()
    {
        // Measured, not asserted tightly: the report quotes this line from the test log (run this test alone for the
        // start-up figure: the specification loads once per process, and another test may have paid for it).
        var startup = FhirValidator.Warm();
        var bundle = FhirFixtures.ImmunizationBundle();
        var watch = Stopwatch.StartNew();
        Assert.IsTrue(s_validator.Validate(bundle).IsValid);
        var first = watch.Elapsed;
        watch.Restart();
        const int runs = 20;
        for (int i = 0; i < runs; i++)
        {
            Assert.IsTrue(s_validator.Validate(bundle).IsValid);
        }

        var steady = watch.Elapsed / runs;
        TestContext.WriteLine($"FHIR validator warm-up {startup.TotalMilliseconds:F0} ms; 3-entry Bundle: first validation {first.TotalMilliseconds:F0} ms, then {steady.TotalMilliseconds:F1} ms per call");
        Assert.IsTrue(FhirValidator.IsWarm);
    }
}
