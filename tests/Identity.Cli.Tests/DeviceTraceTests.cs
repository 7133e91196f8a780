using System.Text;
using System.Text.Json.Nodes;
using Identity.Cli.Device;
using Identity.Credentials.Jose;
using Identity.Cryptography;

namespace Identity.Cli.Tests;

/// <summary>The simulated devices' traces: deterministic for a seed, physiological, and signed as the contract says.</summary>
[TestClass]
public sealed class DeviceTraceTests
{
    private static readonly DateTimeOffset s_day = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<TraceReading> Day(string kind, long seed, int dayOffset = 0) =>
        TraceGenerator.Generate(kind, seed, s_day.AddDays(dayOffset), TimeSpan.FromMinutes(5), 288);

    [TestMethod]
    [DataRow("cgm")]
    [DataRow("bp")]
    [DataRow("pulse-ox")]
    public void Generate_SameSeed_SameTrace_OtherSeed_OtherTrace(string kind)
    {
        var first = Day(kind, 42);
        var again = Day(kind, 42);
        var other = Day(kind, 43);

        CollectionAssert.AreEqual(first.ToList(), again.ToList());
        Assert.IsTrue(first.Zip(other).Count(p => p.First != p.Second) > 100, "another seed gives another trace");
        Assert.AreEqual(288, first.Count);
        Assert.AreEqual(s_day.AddMinutes(5 * 287), first[^1].Effective);
    }

    [TestMethod]
    public void Cgm_OverAMonth_StaysPhysiological_WithOccasionalLows()
    {
        var days = Enumerable.Range(0, 30).Select(d => Day("cgm", 7, d)).ToList();
        var all = days.SelectMany(d => d).Select(r => r.Primary).ToList();
        var daysWithLows = days.Count(d => d.Any(r => r.Primary < 70));
        var belowRange = all.Count(v => v < 70) / (double)all.Count;
        var inRange = all.Count(v => v is >= 70 and <= 180) / (double)all.Count;

        var stats = $"mean {all.Average():F0}, in range {inRange:P0}, below 70 {belowRange:P1}, {daysWithLows} of 30 days with a low, max {all.Max()}";
        Assert.IsTrue(all.All(v => v is >= 40 and <= 400 && v == Math.Round(v)), "CGM range, whole mg/dL");
        Assert.IsTrue(all.Average() is > 100 and < 170, stats);
        Assert.IsTrue(inRange > 0.6, stats);
        Assert.IsTrue(belowRange is > 0.002 and < 0.08, stats);
        Assert.IsTrue(daysWithLows is >= 3 and < 30, stats);
    }

    [TestMethod]
    public void Cgm_MealsRaiseGlucose()
    {
        var rises = new List<double>();
        for (var d = 0; d < 10; d++)
        {
            var day = Day("cgm", 11, d);
            foreach (var meal in TraceGenerator.Meals(11, DateOnly.FromDateTime(s_day.AddDays(d).UtcDateTime)))
            {
                double At(double minutes) => day.Where(r => Math.Abs((r.Effective - meal.At.AddMinutes(minutes)).TotalMinutes) < 2.5).Select(r => r.Primary).DefaultIfEmpty(double.NaN).First();
                if (!double.IsNaN(At(-5)) && !double.IsNaN(At(50)))
                {
                    rises.Add(At(50) - At(-5));
                }
            }
        }

        Assert.IsTrue(rises.Count >= 25, $"{rises.Count} meals");
        Assert.IsTrue(rises.Average() > 30, $"mean rise {rises.Average():F0} mg/dL");
        Assert.IsTrue(rises.Count(r => r > 0) >= rises.Count * 0.9, string.Join(", ", rises.Select(r => r.ToString("F0"))));
    }

    [TestMethod]
    public void BloodPressure_HasANocturnalDipAndAMorningSurge()
    {
        var days = Enumerable.Range(0, 14).SelectMany(d => Day("bp", 5, d)).ToList();
        double Mean(int fromHour, int toHour) => days.Where(r => r.Effective.Hour >= fromHour && r.Effective.Hour < toHour).Average(r => r.Primary);

        Assert.IsTrue(days.All(r => r.Primary is >= 85 and <= 200 && r.Secondary is >= 45 and <= 120 && r.Primary - r.Secondary >= 20));
        Assert.IsTrue(Mean(8, 11) - Mean(1, 5) > 8, $"night {Mean(1, 5):F0}, morning {Mean(8, 11):F0}");
    }

    [TestMethod]
    public void PulseOximeter_MostlyNormal_WithDips()
    {
        var values = Enumerable.Range(0, 14).SelectMany(d => Day("pulse-ox", 3, d)).Select(r => r.Primary).ToList();
        var normal = values.Count(v => v is >= 95 and <= 99) / (double)values.Count;

        Assert.IsTrue(values.All(v => v is >= 85 and <= 100));
        Assert.IsTrue(normal > 0.85, $"{normal:P0} in 95–99");
        Assert.IsTrue(values.Any(v => v <= 93), "some desaturations");
    }

    [TestMethod]
    [DataRow("cgm", "2339-0", "mg/dL")]
    [DataRow("bp", "85354-9", "mm[Hg]")]
    [DataRow("pulse-ox", "59408-5", "%")]
    public void Observation_CarriesTheContractsIdentifiers_AndDependsOnlyOnTheReading(string kind, string loinc, string unit)
    {
        var reading = Day(kind, 1)[10];
        var observation = ObservationBatch.Observation(kind, reading, 11, "did:web:h:patients:p", "did:key:zDevice");
        var again = ObservationBatch.Observation(kind, reading, 11, "did:web:h:patients:p", "did:key:zDevice");

        Assert.AreEqual(observation.ToJsonString(), again.ToJsonString());
        Assert.AreEqual(loinc, observation["code"]!["coding"]![0]!["code"]!.GetValue<string>());
        Assert.AreEqual("http://loinc.org", observation["code"]!["coding"]![0]!["system"]!.GetValue<string>());
        var quantity = (kind == "bp" ? observation["component"]![0]!["valueQuantity"] : observation["valueQuantity"])!;
        Assert.AreEqual(unit, quantity["code"]!.GetValue<string>());
        Assert.AreEqual("http://unitsofmeasure.org", quantity["system"]!.GetValue<string>());
        Assert.AreEqual("urn:identity:device-sequence", observation["identifier"]![0]!["system"]!.GetValue<string>());
        Assert.AreEqual("11", observation["identifier"]![0]!["value"]!.GetValue<string>());
        Assert.AreEqual("urn:ietf:rfc:3986", observation["subject"]!["identifier"]!["system"]!.GetValue<string>());
        Assert.AreEqual("did:web:h:patients:p", observation["subject"]!["identifier"]!["value"]!.GetValue<string>());
        Assert.AreEqual("did:key:zDevice", observation["device"]!["identifier"]!["value"]!.GetValue<string>());
        Assert.AreEqual("final", observation["status"]!.GetValue<string>());
        Assert.AreEqual(reading.Effective, DateTimeOffset.Parse(observation["effectiveDateTime"]!.GetValue<string>()));
    }

    [TestMethod]
    [DataRow("p256", "ES256")]
    [DataRow("ed25519", "EdDSA")]
    public void Sign_ABundle_VerifiesWithTheDeviceKey_KidIsItsDidUrl(string alg, string jwsAlg)
    {
        using var key = (alg == "p256" ? SignatureAlgorithms.P256 : SignatureAlgorithms.Ed25519).GenerateKey(PrivateKeyExport.AllowPlaintextExport);
        var device = DeviceData.CreateNew(key, "key", s_day);
        var bundle = ObservationBatch.Bundle(Day("cgm", 2).Take(3).Select((r, i) => ObservationBatch.Observation("cgm", r, i + 1, "did:key:zPatient", device.Did)));

        var jws = CompactJws.Parse(ObservationBatch.Sign(bundle, key, device.VerificationMethod)).Value;

        Assert.AreEqual(jwsAlg, jws.Algorithm);
        Assert.AreEqual(device.VerificationMethod, jws.KeyId);
        StringAssert.StartsWith(device.VerificationMethod, device.Did + "#");
        Assert.IsTrue(JwsAlgorithms.Verify(jws, key.PublicKey).Value);
        var payload = jws.PayloadObject()!;
        Assert.AreEqual("collection", payload["type"]!.GetValue<string>());
        Assert.AreEqual(3, payload["entry"]!.AsArray().Count);
        Assert.AreEqual(Encoding.UTF8.GetString(jws.Payload), bundle.ToJsonString());
    }
}
