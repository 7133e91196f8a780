using System.Text.Json.Nodes;
using Identity.HealthCards.HealthCards;
using Identity.Testing;

namespace Identity.HealthCards.Tests;

[TestClass]
public sealed class BundleMinimizerTests
{
    [TestMethod]
    public void Minimize_ServerBundle_FollowsTheQrRules()
    {
        var bundle = FhirFixtures.ImmunizationBundle(1);
        ((JsonObject)bundle["entry"]![1]!["resource"]!)["meta"] = new JsonObject
        {
            ["lastUpdated"] = "2021-03-01T00:00:00Z",
            ["security"] = new JsonArray(new JsonObject { ["system"] = "https://smarthealth.cards/ial", ["code"] = "IAL1.2" }),
        };

        var minimized = BundleMinimizer.Minimize(bundle);

        var patient = minimized["entry"]![0]!["resource"]!.AsObject();
        var immunization = minimized["entry"]![1]!["resource"]!.AsObject();
        Assert.IsFalse(minimized.ContainsKey("id"));
        Assert.AreEqual("resource:0", minimized["entry"]![0]!["fullUrl"]!.GetValue<string>());
        Assert.AreEqual("resource:1", minimized["entry"]![1]!["fullUrl"]!.GetValue<string>());
        Assert.IsFalse(patient.ContainsKey("id") || patient.ContainsKey("meta") || patient.ContainsKey("text"));
        Assert.IsFalse(immunization.ContainsKey("id"));
        Assert.AreEqual("{\"security\":[{\"system\":\"https://smarthealth.cards/ial\",\"code\":\"IAL1.2\"}]}", immunization["meta"]!.ToJsonString());
        Assert.IsFalse(immunization["vaccineCode"]!.AsObject().ContainsKey("text"), "CodeableConcept.text");
        Assert.IsFalse(immunization["vaccineCode"]!["coding"]![0]!.AsObject().ContainsKey("display"), "Coding.display");
        Assert.AreEqual("resource:0", immunization["patient"]!["reference"]!.GetValue<string>(), "Patient/p1 → resource:0");
        Assert.AreEqual("General Hospital", immunization["performer"]![0]!["actor"]!["display"]!.GetValue<string>(), "Reference.display is not a Coding's");
        Assert.AreEqual("p1", bundle["entry"]![0]!["resource"]!["id"]!.GetValue<string>(), "the input is not changed");
    }

    [TestMethod]
    public void Minimize_ReferenceByFullUrl_Rewritten()
    {
        var bundle = FhirFixtures.ImmunizationBundle(1);
        bundle["entry"]![1]!["resource"]!["patient"]!["reference"] = "https://ehr.example/fhir/Patient/p1";

        var minimized = BundleMinimizer.Minimize(bundle);

        Assert.AreEqual("resource:0", minimized["entry"]![1]!["resource"]!["patient"]!["reference"]!.GetValue<string>());
    }
}
