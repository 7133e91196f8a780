using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Primitives;
using Identity.Testing;

namespace Identity.Cli.Tests;

/// <summary>SMART Health Cards in the wallet: receive a card file or its QR text, list it, show its FHIR content.</summary>
public sealed partial class ServerCommandTests
{
    [TestMethod]
    public async Task HealthCard_ReceiveFileThenQr_ListedAndFhirShownReadably()
    {
        // Arrange: a hospital issues a card over HTTP; the patient has it as a file and as QR text.
        var apiKey = await CreateTenantAsync("shc-wallet");
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Server}/tenants/shc-wallet/health-cards")
        {
            Content = new StringContent(new JsonObject { ["fhirBundle"] = FhirFixtures.ImmunizationBundle(1), ["types"] = new JsonArray("https://smarthealth.cards#immunization") }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await http.SendAsync(request);
        var issued = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var directory = Directory.CreateTempSubdirectory("identity-cli-").FullName;
        var wallet = Path.Combine(directory, "wallet.json");
        var card = Path.Combine(directory, "jane.smart-health-card");
        var qr = Path.Combine(directory, "jane.qr.txt");
        await File.WriteAllTextAsync(card, issued["file"]!.ToJsonString());
        await File.WriteAllTextAsync(qr, issued["qr"]![0]!.GetValue<string>() + "\n");
        var env = Cli.Env(loopback: true);
        (await Cli.RunAsync(env, null, "wallet", "init", "--wallet", wallet)).AssertSuccess();

        // Act
        var offline = await Cli.RunAsync(env, null, "wallet", "receive", card, "--wallet", wallet);
        var received = (await Cli.RunAsync(env, null, "wallet", "receive", card, "--server", Server, "--wallet", wallet, "--json")).AssertSuccess().Json;
        var again = await Cli.RunAsync(env, null, "wallet", "receive", qr, "--server", Server, "--wallet", wallet);
        var listed = (await Cli.RunAsync(env, null, "wallet", "list", "--wallet", wallet, "--json")).AssertSuccess().Json["credentials"]![0]!;
        string id = received["ids"]![0]!.GetValue<string>();
        var fhir = (await Cli.RunAsync(env, null, "wallet", "fhir", id, "--wallet", wallet)).AssertSuccess().Output;

        // Assert
        offline.AssertFailure(ErrorCodes.ServerRequired);
        again.AssertFailure(ErrorCodes.CredentialExists);
        Assert.AreEqual("shc", listed["format"]!.GetValue<string>());
        Assert.AreEqual("SMART Health Card (immunization)", listed["type"]!.GetValue<string>());
        Assert.AreEqual($"{Server}/tenants/shc-wallet", listed["issuer"]!.GetValue<string>());
        StringAssert.Contains(fhir, "Patient: Jane Q. Doe, female, born 1980-04-02");
        StringAssert.Contains(fhir, "Immunization: CVX 208, 2021-01-10, completed, lot LOT-2021-01-10");
    }

    [TestMethod]
    public async Task HealthCard_ReceiveFromQrPng_VerifiedAndStored_AndFileWithQrIsRefused()
    {
        // Arrange: the card's shc:/ text printed as a QR code in a PNG (QRCoder), as a phone would photograph it.
        var apiKey = await CreateTenantAsync("shc-qr");
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Server}/tenants/shc-qr/health-cards")
        {
            Content = new StringContent(new JsonObject { ["fhirBundle"] = FhirFixtures.ImmunizationBundle(1), ["types"] = new JsonArray("https://smarthealth.cards#immunization") }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await http.SendAsync(request);
        var issued = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var png = QrPng.Write(issued["qr"]![0]!.GetValue<string>());
        var wallet = Path.Combine(Directory.CreateTempSubdirectory("identity-cli-").FullName, "wallet.json");
        var env = Cli.Env(loopback: true);
        (await Cli.RunAsync(env, null, "wallet", "init", "--wallet", wallet)).AssertSuccess();

        // Act
        var both = await Cli.RunAsync(env, null, "wallet", "receive", png, "--qr", png, "--server", Server, "--wallet", wallet);
        var received = (await Cli.RunAsync(env, null, "wallet", "receive", "--qr", png, "--server", Server, "--wallet", wallet, "--json")).AssertSuccess().Json;
        var listed = (await Cli.RunAsync(env, null, "wallet", "list", "--wallet", wallet, "--json")).AssertSuccess().Json["credentials"]!.AsArray();

        // Assert
        both.AssertFailure(ErrorCodes.InvalidRequest);
        Assert.HasCount(1, received["ids"]!.AsArray());
        Assert.HasCount(1, listed);
        Assert.AreEqual("shc", listed[0]!["format"]!.GetValue<string>());
        Assert.AreEqual($"{Server}/tenants/shc-qr", listed[0]!["issuer"]!.GetValue<string>());
    }
}
