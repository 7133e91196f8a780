using Identity.HealthCards.Fhir;
using Identity.Testing;

namespace Identity.HealthCards.Tests;

[TestClass]
public sealed class FhirSummaryTests
{
    [TestMethod]
    public void Lines_ImmunizationBundle_OneReadableLinePerResource()
    {
        var lines = FhirSummary.Lines(FhirFixtures.ImmunizationBundle(1));

        CollectionAssert.AreEqual(
            new[]
            {
                "Patient: Jane Q. Doe, female, born 1980-04-02",
                "Immunization: CVX 208 (COVID-19 vaccine), 2021-01-10, completed, lot LOT-2021-01-10, General Hospital",
            },
            lines.ToArray());
    }

    [TestMethod]
    public void Lines_Observation_CodeValueAndDate()
    {
        Assert.AreEqual("Observation: LOINC 94558-4 (SARS-CoV-2 Ag), = SNOMED CT 260385009, 2021-02-17, final", FhirSummary.Lines(FhirFixtures.Observation()).Single());
    }
}
