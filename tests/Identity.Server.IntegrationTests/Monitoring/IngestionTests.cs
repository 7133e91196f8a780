using System.Net;
using System.Text.Json.Nodes;
using Identity.Cryptography;

namespace Identity.Server.IntegrationTests.Monitoring;

/// <summary>Signed readings from a bound device are accepted; forged, unbound and foreign ones are refused whole.</summary>
[TestClass]
public sealed class IngestionTests
{
    [TestMethod]
    [DataRow(false, DisplayName = "EdDSA")]
    [DataRow(true, DisplayName = "ES256")]
    public async Task Ingest_SingleAndBatch_AreAccepted(bool p256)
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var parties = await MonitoringParties.CreateAsync(client, p256);
        await parties.BindAsync();

        // Act
        var single = await parties.SendAsync(parties.Glucose(1));
        var batch = await parties.SendAsync(MonitoringParties.Bundle(Enumerable.Range(2, 50).Select(i => parties.Glucose(i, 80 + i, minutesAgo: 300 - i))));

        // Assert
        Assert.AreEqual(1, single.AssertStatus(HttpStatusCode.OK).Body!["accepted"]!.GetValue<int>(), single.Text);
        Assert.AreEqual(parties.DeviceDid, single.Body!["device"]!.GetValue<string>());
        Assert.AreEqual(parties.PatientDid, single.Body["patient"]!.GetValue<string>());
        Assert.AreEqual(50, batch.AssertStatus(HttpStatusCode.OK).Body!["accepted"]!.GetValue<int>(), batch.Text);
        Assert.AreEqual(0, batch.Body!["rejected"]!.GetValue<int>());
        Assert.AreEqual(51, batch.Body["highestSequence"]!.GetValue<long>());
        Assert.AreEqual(0, batch.Body["gaps"]!.AsArray().Count);
        Assert.IsTrue(batch.Body["logIndex"]!.GetValue<long>() > single.Body["logIndex"]!.GetValue<long>());
        Assert.AreEqual(50, batch.Body["readings"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).Distinct().Count());
    }

    [TestMethod]
    public async Task Ingest_BloodPressurePanel_AcceptedWithItsComponents()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var parties = await MonitoringParties.CreateAsync(client);
        await parties.BindAsync("bp");

        var answer = await parties.SendAsync(MonitoringParties.Bundle([parties.BloodPressure(1, 128, 84), parties.BloodPressure(2, 70, 90), parties.Glucose(3)]));

        CollectionAssert.AreEqual(new[] { "accepted", "rejected", "rejected" }, MonitoringParties.Statuses(answer.AssertStatus(HttpStatusCode.OK)), answer.Text);
        CollectionAssert.AreEqual(new[] { "valueOutOfRange" }, MonitoringParties.Reasons(answer, 1));
        CollectionAssert.AreEqual(new[] { "codeNotSupported" }, MonitoringParties.Reasons(answer, 2), "a blood-pressure cuff does not report glucose");
    }

    [TestMethod]
    public async Task Ingest_ForgedOrUnsigned_IsRefusedWhole()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var parties = await MonitoringParties.CreateAsync(client);
        using var forger = SignatureAlgorithms.Ed25519.GenerateKey();
        await parties.BindAsync();
        var good = parties.Sign(parties.Glucose(1));
        var parts = good.Split('.');
        var otherPayload = parties.Sign(parties.Glucose(1, 60)).Split('.')[1];

        // Act
        var forged = await parties.PostAsync(parties.Sign(parties.Glucose(1), key: forger));
        var swapped = await parties.PostAsync($"{parts[0]}.{otherPayload}.{parts[2]}");
        var unsigned = await parties.PostAsync($"{parts[0]}.{parts[1]}.");
        var none = await parties.PostAsync("eyJhbGciOiJub25lIn0." + parts[1] + ".");
        var notJws = await parties.PostAsync("hello");
        var json = await client.SendJsonAsync(HttpMethod.Post, parties.Path, parties.Glucose(1).ToJsonString());

        // Assert
        forged.AssertProblem(HttpStatusCode.BadRequest, "invalidSignature");
        swapped.AssertProblem(HttpStatusCode.BadRequest, "invalidSignature");
        unsigned.AssertProblem(HttpStatusCode.BadRequest, "malformedJws");
        Assert.AreEqual(HttpStatusCode.BadRequest, none.Status, none.Text);
        notJws.AssertProblem(HttpStatusCode.BadRequest, "malformedJws");
        json.AssertProblem(HttpStatusCode.UnsupportedMediaType, "unsupportedMediaType");
        Assert.AreEqual(1, (await parties.SendAsync(parties.Glucose(1))).Body!["accepted"]!.GetValue<int>(), "nothing refused was stored");
    }

    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task Ingest_UnboundRevokedOrOtherTenantsDevice_IsRefused(Store store)
    {
        // Arrange
        await using var factory = await IdentityServerFactory.CreateAsync(store);
        var client = factory.CreateClient();
        using var parties = await MonitoringParties.CreateAsync(client);
        var other = await client.CreateTenantAsync("other-hospital");

        // Act
        var unbound = await parties.SendAsync(parties.Glucose(1));
        await parties.BindAsync();
        var bound = await parties.SendAsync(parties.Glucose(1));
        var foreign = await parties.PostAsync(parties.Sign(parties.Glucose(2)), other.Id);
        (await parties.UnbindAsync()).AssertStatus(HttpStatusCode.OK);
        var afterUnbind = await parties.SendAsync(parties.Glucose(3));

        // Assert
        unbound.AssertProblem(HttpStatusCode.Forbidden, "deviceNotBound");
        bound.AssertStatus(HttpStatusCode.OK);
        foreign.AssertProblem(HttpStatusCode.Forbidden, "deviceNotBound");
        afterUnbind.AssertProblem(HttpStatusCode.Forbidden, "bindingRevoked");
    }

    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task Ingest_RepeatReplayGapAndReorder_AreEachReported(Store store)
    {
        // Arrange
        await using var factory = await IdentityServerFactory.CreateAsync(store);
        var client = factory.CreateClient();
        using var parties = await MonitoringParties.CreateAsync(client);
        await parties.BindAsync();
        var first = MonitoringParties.Bundle([parties.Glucose(1), parties.Glucose(2), parties.Glucose(5)]);

        // Act
        var sent = await parties.SendAsync(first);
        var again = await parties.SendAsync(first);
        var mixed = await parties.SendAsync(MonitoringParties.Bundle([parties.Glucose(2, 190), parties.Glucose(4), parties.Glucose(7), parties.Glucose(6), parties.Glucose(7)]));

        // Assert: 3 and 4 were skipped by the first batch; a number never seen but below the mark is out of order.
        CollectionAssert.AreEqual(new[] { "accepted", "accepted", "accepted" }, MonitoringParties.Statuses(sent.AssertStatus(HttpStatusCode.OK)));
        Assert.AreEqual("""[{"from":3,"to":4}]""", sent.Body!["gaps"]!.ToJsonString());
        CollectionAssert.AreEqual(new[] { "duplicate", "duplicate", "duplicate" }, MonitoringParties.Statuses(again.AssertStatus(HttpStatusCode.OK)));
        Assert.AreEqual(3, again.Body!["duplicates"]!.GetValue<int>());
        Assert.IsNull(again.Body["logIndex"], "nothing new, no log leaf");
        CollectionAssert.AreEqual(new[] { "rejected", "rejected", "accepted", "rejected", "duplicate" }, MonitoringParties.Statuses(mixed.AssertStatus(HttpStatusCode.OK)), mixed.Text);
        CollectionAssert.AreEqual(new[] { "sequenceReplay" }, MonitoringParties.Reasons(mixed, 0));
        CollectionAssert.AreEqual(new[] { "sequenceOutOfOrder" }, MonitoringParties.Reasons(mixed, 1));
        CollectionAssert.AreEqual(new[] { "sequenceOutOfOrder" }, MonitoringParties.Reasons(mixed, 3));
        Assert.AreEqual("""[{"from":6,"to":6}]""", mixed.Body!["gaps"]!.ToJsonString());
        Assert.AreEqual(7, mixed.Body["highestSequence"]!.GetValue<long>());
    }

    [TestMethod]
    public async Task Ingest_BadReadings_RejectedWithAReasonEach_TheRestStored()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var parties = await MonitoringParties.CreateAsync(client);
        await parties.BindAsync();
        var noStatus = parties.Glucose(6);
        noStatus.Remove("status");
        var extra = parties.Glucose(7);
        extra["contained"] = new JsonArray();
        var textValue = parties.Glucose(8);
        textValue["valueQuantity"]!["value"] = "105";

        // Act
        var answer = await parties.SendAsync(MonitoringParties.Bundle(
        [
            parties.Glucose(1),
            parties.Glucose(2, minutesAgo: -60),
            parties.Glucose(3, unit: "mg"),
            parties.Glucose(4, value: 5000),
            parties.Glucose(5, subject: "did:web:localhost:tenants:st-marys:patients:bob"),
            noStatus,
            extra,
            textValue,
            parties.Glucose(9, code: "29463-7", unit: "kg", value: 70),
            parties.Glucose(10, value: 7.2m, unit: "mmol/L", code: "15074-8"),
        ]));

        // Assert
        CollectionAssert.AreEqual(
            new[] { "accepted", "rejected", "rejected", "rejected", "rejected", "rejected", "rejected", "rejected", "rejected", "accepted" },
            MonitoringParties.Statuses(answer.AssertStatus(HttpStatusCode.OK)), answer.Text);
        string[][] reasons = [[], ["readingInFuture"], ["unitNotAllowed"], ["valueOutOfRange"], ["subjectMismatch"], ["invalidObservation"], ["invalidObservation"], ["invalidObservation"], ["codeNotSupported"]];
        for (int i = 0; i < reasons.Length; i++)
        {
            CollectionAssert.AreEqual(reasons[i], MonitoringParties.Reasons(answer, i), $"reading {i + 1}: {answer.Text}");
        }

        Assert.AreEqual(10, answer.Body!["highestSequence"]!.GetValue<long>());
    }

    [TestMethod]
    public async Task Ingest_LabelsThatSaySomethingElse_OrPadding_Rejected()
    {
        // Arrange: readings whose unit label, code display, text or category says other than the coded value, padding
        // in the sequence identifier or a category, and a reading dated long before the binding could exist.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var parties = await MonitoringParties.CreateAsync(client);
        await parties.BindAsync();
        var unitLabel = parties.Glucose(2);
        unitLabel["valueQuantity"]!["unit"] = "mmol/L";
        var display = parties.Glucose(3);
        display["code"]!["coding"]![0]!["display"] = "Heart rate";
        var text = parties.Glucose(4);
        text["code"]!["text"] = "Heart rate";
        var category = parties.Glucose(5);
        category["category"] = new JsonArray(new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/observation-category", ["code"] = "laboratory" }), ["text"] = new string('x', 10_000) });
        var vital = parties.Glucose(6);
        vital["category"] = new JsonArray(new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/observation-category", ["code"] = "vital-signs" }) });
        var padded = parties.Glucose(7);
        padded["identifier"]![0]!["padding"] = new string('x', 10_000);
        var ancient = parties.Glucose(8);
        ancient["effectiveDateTime"] = "0001-01-01T00:00:00Z";
        var labelled = parties.Glucose(9);
        labelled["code"]!["coding"]![0]!["display"] = "Glucose [Mass/volume] in Blood";
        labelled["category"] = new JsonArray(new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/observation-category", ["code"] = "laboratory" }) });

        // Act
        var answer = await parties.SendAsync(MonitoringParties.Bundle([parties.Glucose(1), unitLabel, display, text, category, vital, padded, ancient, labelled]));

        // Assert: only the plain reading and the one labelled as LOINC and FHIR spell it are stored.
        CollectionAssert.AreEqual(
            new[] { "accepted", "rejected", "rejected", "rejected", "rejected", "rejected", "rejected", "rejected", "accepted" },
            MonitoringParties.Statuses(answer.AssertStatus(HttpStatusCode.OK)), answer.Text);
        CollectionAssert.AreEqual(new[] { "unitNotAllowed" }, MonitoringParties.Reasons(answer, 1), answer.Text);
        for (int i = 2; i <= 7; i++)
        {
            CollectionAssert.Contains(MonitoringParties.Reasons(answer, i), "invalidObservation", $"reading {i + 1}: {answer.Text}");
        }
    }

    [TestMethod]
    public async Task Ingest_OversizeOrMalformedBatch_IsAProblem()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var parties = await MonitoringParties.CreateAsync(client);
        await parties.BindAsync();

        var oversize = await parties.SendAsync(MonitoringParties.Bundle(Enumerable.Range(1, 1001).Select(i => parties.Glucose(i))));
        var empty = await parties.SendAsync(MonitoringParties.Bundle([]));
        var patient = await parties.SendAsync(new JsonObject { ["resourceType"] = "Patient" });
        var huge = await parties.PostAsync(new string('a', 3 * 1024 * 1024));

        oversize.AssertProblem(HttpStatusCode.RequestEntityTooLarge, "batchTooLarge");
        empty.AssertProblem(HttpStatusCode.BadRequest, "invalidObservation");
        patient.AssertProblem(HttpStatusCode.BadRequest, "invalidObservation");
        huge.AssertProblem(HttpStatusCode.RequestEntityTooLarge, "payloadTooLarge");
    }
}
