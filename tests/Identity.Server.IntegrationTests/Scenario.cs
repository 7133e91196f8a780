using System.Net;
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Presentations;
using Identity.Cryptography;
using Identity.DidMethods.Key;
using Identity.Dids;

namespace Identity.Server.IntegrationTests;

/// <summary>The steps most tests share: create a tenant, issue, revoke, build a patient's presentation.</summary>
public static class Scenario
{
    public sealed record Tenant(string Id, string Did, string DidKey, string ApiKey);

    public static async Task<Tenant> CreateTenantAsync(this HttpClient client, string id, string? keyType = null)
    {
        var body = new JsonObject { ["name"] = $"Hospital {id}", ["id"] = id };
        if (keyType is not null)
        {
            body["keyType"] = keyType;
        }

        var response = (await client.PostJsonAsync("/admin/tenants", body, IdentityServerFactory.AdminKey)).AssertStatus(HttpStatusCode.Created);
        var json = response.Body!;
        return new Tenant(json["id"]!.GetValue<string>(), json["did"]!.GetValue<string>(), json["didKey"]!.GetValue<string>(), json["apiKey"]!.GetValue<string>());
    }

    public static JsonObject Credential(string subject, string? issuer = null)
    {
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["type"] = new JsonArray("VerifiableCredential"),
            ["credentialSubject"] = new JsonObject { ["id"] = subject, ["bloodType"] = "AB-negative" },
        };
        if (issuer is not null)
        {
            credential["issuer"] = issuer;
        }

        return credential;
    }

    public static async Task<JsonObject> IssueAsync(this HttpClient client, Tenant tenant, JsonObject? credential = null, JsonObject? options = null)
    {
        var body = new JsonObject { ["credential"] = credential ?? Credential("did:example:patient") };
        if (options is not null)
        {
            body["options"] = options;
        }

        var response = (await client.PostJsonAsync($"/tenants/{tenant.Id}/credentials/issue", body, tenant.ApiKey)).AssertStatus(HttpStatusCode.Created);
        return response.Body!["verifiableCredential"]!.AsObject();
    }

    public static Task<ApiResponse> VerifyAsync(this HttpClient client, JsonObject credential) =>
        client.PostJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = credential.DeepClone() });

    public static Task<ApiResponse> SetStatusAsync(this HttpClient client, Tenant tenant, JsonObject credential, string purpose, bool status) =>
        client.PostJsonAsync($"/tenants/{tenant.Id}/credentials/status", new JsonObject
        {
            ["credentialId"] = credential["id"]!.GetValue<string>(),
            ["statusPurpose"] = purpose,
            ["status"] = status,
        }, tenant.ApiKey);

    /// <summary>A patient with a did:key wallet key, able to present credentials.</summary>
    public sealed class Patient : IDisposable
    {
        private static readonly DataIntegrityProofService s_proofs = new(
            new DidResolver([new DidKeyMethod()]), CryptosuiteRegistry.Default, TimeProvider.System);

        public Patient()
        {
            Key = SignatureAlgorithms.Ed25519.GenerateKey();
            var multibase = Multikey.EncodePublicKey(Key.PublicKey);
            Did = "did:key:" + multibase;
            VerificationMethod = $"{Did}#{multibase}";
        }

        public PrivateKey Key { get; }

        public string Did { get; }

        public string VerificationMethod { get; }

        public JsonObject Present(IEnumerable<JsonObject> credentials, string? challenge, string? domain)
        {
            var presentation = PresentationBuilder.Create(Did, credentials);
            return PresentationBuilder.Sign(s_proofs, presentation, Key, VerificationMethod, challenge, domain, DateTimeOffset.UtcNow.AddSeconds(-1)).Value;
        }

        public void Dispose() => Key.Dispose();
    }
}
