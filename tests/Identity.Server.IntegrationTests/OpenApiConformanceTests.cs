using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// The documented shapes are the real ones: the walkthrough's requests and the service's answers, checked against the
/// schemas of <c>/openapi/v1.json</c> (OpenAPI 3.1 schemas are JSON Schema 2020-12).
/// </summary>
[TestClass]
public sealed class OpenApiConformanceTests
{
    private const string PatientKey = "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";

    [TestMethod]
    public async Task RealFlows_RequestsAndResponses_MatchTheDocumentedSchemas()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var spec = await OpenApiSpec.LoadAsync(client);
        var admin = IdentityServerFactory.AdminKey;

        // Act and assert: the operator's calls.
        var tenant = await CallAsync(spec, client, "POST", "/admin/tenants", "/admin/tenants", new JsonObject { ["name"] = "St Mary's Hospital", ["id"] = "st-marys" }, admin);
        var apiKey = tenant.Body!["apiKey"]!.GetValue<string>();
        await CallAsync(spec, client, "GET", "/admin/tenants", "/admin/tenants", null, admin);
        await CallAsync(spec, client, "POST", "/admin/tenants/{tenant}/keys", "/admin/tenants/st-marys/keys", new JsonObject { ["keyType"] = "P-256" }, admin);
        await CallAsync(spec, client, "POST", "/admin/tenants/{tenant}/api-keys", "/admin/tenants/st-marys/api-keys", new JsonObject { ["expires"] = "2099-01-31T00:00:00Z" }, admin);
        await CallAsync(spec, client, "GET", "/admin/tenants/{tenant}/api-keys", "/admin/tenants/st-marys/api-keys", null, admin);
        await CallAsync(spec, client, "GET", "/admin/audit/verify", "/admin/audit/verify", null, admin);
        await CallAsync(spec, client, "GET", "/admin/tenants", "/admin/tenants", null, null);

        // The hospital's and the provider's.
        var issued = await CallAsync(spec, client, "POST", "/tenants/{tenant}/credentials/issue", "/tenants/st-marys/credentials/issue",
            new JsonObject { ["credential"] = Scenario.Credential("did:key:" + PatientKey) }, apiKey);
        var credential = issued.Body!["verifiableCredential"]!.AsObject();
        await CallAsync(spec, client, "POST", "/credentials/verify", "/credentials/verify", new JsonObject { ["verifiableCredential"] = credential.DeepClone() });
        await CallAsync(spec, client, "POST", "/tenants/{tenant}/credentials/status", "/tenants/st-marys/credentials/status",
            new JsonObject { ["credentialId"] = credential["id"]!.GetValue<string>(), ["statusPurpose"] = "revocation", ["status"] = true }, apiKey);
        var refused = await CallAsync(spec, client, "POST", "/credentials/verify", "/credentials/verify", new JsonObject { ["verifiableCredential"] = credential.DeepClone() });
        refused.AssertProblem(HttpStatusCode.UnprocessableEntity, "credentialRevoked");
        var list = new Uri(credential["credentialStatus"]![0]!["statusListCredential"]!.GetValue<string>()).AbsolutePath;
        await CallAsync(spec, client, "GET", "/tenants/{tenant}/status/{list}", list, null);
        await CallAsync(spec, client, "POST", "/challenges", "/challenges", new JsonObject { ["domain"] = "clinic.example.org" });
        await CallAsync(spec, client, "GET", "/health", "/health", null);

        // DIDs.
        await CallAsync(spec, client, "GET", "/tenants/{tenant}/did.json", "/tenants/st-marys/did.json", null);
        await CallAsync(spec, client, "GET", "/1.0/identifiers/{did}", "/1.0/identifiers/did:key:" + PatientKey, null);
        await CallAsync(spec, client, "GET", "/1.0/identifiers/{did}", "/1.0/identifiers/did:example:123", null);
        await CallAsync(spec, client, "POST", "/tenants/{tenant}/patients", "/tenants/st-marys/patients", new JsonObject { ["id"] = "p-1042", ["publicKeys"] = new JsonArray(PatientKey) }, apiKey);
        await CallAsync(spec, client, "GET", "/tenants/{tenant}/patients/{patient}/did.json", "/tenants/st-marys/patients/p-1042/did.json", null);
        await CallAsync(spec, client, "POST", "/tenants/{tenant}/patients/{patient}/deactivate", "/tenants/st-marys/patients/p-1042/deactivate", null, apiKey);
        await CallAsync(spec, client, "GET", "/tenants/{tenant}/patients/{patient}/did.json", "/tenants/st-marys/patients/p-1042/did.json", null);
    }

    /// <summary>Sends a request whose body matches its documented schema, and checks the answer against the schema documented for its status.</summary>
    private static async Task<ApiResponse> CallAsync(OpenApiSpec spec, HttpClient client, string method, string template, string url, JsonObject? body, string? bearer = null)
    {
        var operation = spec.Operation(method, template);
        if (body is not null)
        {
            AssertConforms(spec, operation["requestBody"]!["content"]!["application/json"]!["schema"]!.AsObject(), body, $"{method} {template} request");
        }

        var response = await client.SendJsonAsync(new HttpMethod(method), url, body?.ToJsonString(), bearer);
        var documented = operation["responses"]![((int)response.Status).ToString(System.Globalization.CultureInfo.InvariantCulture)];
        Assert.IsNotNull(documented, $"{method} {template} answered {(int)response.Status}, which the document does not list: {response.Text}");
        var content = documented["content"]!.AsObject().FirstOrDefault(c => c.Key.Split(';')[0] == response.MediaType);
        Assert.IsNotNull(content.Value, $"{method} {template} {(int)response.Status} answered {response.MediaType}, which the document does not list");
        AssertConforms(spec, content.Value["schema"]!.AsObject(), JsonNode.Parse(response.Text)!, $"{method} {template} {(int)response.Status}");
        return response;
    }

    private static void AssertConforms(OpenApiSpec spec, JsonObject schema, JsonNode instance, string at)
    {
        var mismatch = Mismatch(spec, schema, instance);
        Assert.IsNull(mismatch, $"{at} does not match its documented schema: {mismatch} in {instance.ToJsonString()[..Math.Min(600, instance.ToJsonString().Length)]}");
    }

    [TestMethod]
    public async Task Examples_MatchTheirOwnSchemas()
    {
        await using var factory = new IdentityServerFactory();
        var spec = await OpenApiSpec.LoadAsync(factory.CreateClient());

        var examples = spec.Schemas.Where(s => s.Value!["examples"] is JsonArray).ToList();
        Assert.IsGreaterThanOrEqualTo(20, examples.Count, "most shapes carry an example");
        foreach (var (name, schema) in examples)
        {
            foreach (var example in schema!["examples"]!.AsArray())
            {
                var reference = new JsonObject { ["$ref"] = "#/components/schemas/" + name };
                Assert.IsNull(Mismatch(spec, reference, example!), $"the example of {name}: {Mismatch(spec, reference, example!)}");
            }
        }
    }

    [TestMethod]
    public async Task Mismatch_FindsAWrongShape()
    {
        await using var factory = new IdentityServerFactory();
        var spec = await OpenApiSpec.LoadAsync(factory.CreateClient());
        var createdTenant = new JsonObject { ["$ref"] = "#/components/schemas/CreatedTenant" };

        Assert.IsNotNull(Mismatch(spec, createdTenant, JsonNode.Parse("""{"id":"st-marys","name":"St Mary's"}""")!), "required members are checked");
        Assert.IsNotNull(Mismatch(spec, createdTenant, JsonNode.Parse("""{"id":1,"name":"a","did":"d","didKey":"k","apiKey":"x"}""")!), "types are checked");
        Assert.IsNull(Mismatch(spec, createdTenant, JsonNode.Parse("""{"id":"a","name":"a","did":"d","didKey":"k","apiKey":"x"}""")!));
    }

    private static string? Mismatch(OpenApiSpec spec, JsonObject schema, JsonNode instance)
    {
        // The component schemas become $defs of one JSON Schema document whose root is the schema at hand.
        var document = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"https://identity.test/openapi/{Guid.NewGuid():N}",
            ["$defs"] = spec.Schemas.DeepClone(),
            ["allOf"] = new JsonArray(schema.DeepClone()),
        };
        var json = document.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        var results = JsonSchema.FromText(json).Evaluate(JsonDocument.Parse(instance.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid ? null : string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}")).Take(8));
    }
}
