using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Credentials.SdJwt;

namespace Identity.Server.IntegrationTests;

/// <summary>The verifier's side and a minimal wallet's side of an OpenID4VP exchange, over the public HTTP surface.</summary>
public static class Oid4Vp
{
    public const string Vct = "https://identity.example/vct/PatientIdentityCredential";

    /// <summary>A created request, its signed request object and that object's payload.</summary>
    public sealed record Request(string Id, JsonObject Created, string RequestObject, JsonObject Header, JsonObject Payload)
    {
        public string Nonce => Payload["nonce"]!.GetValue<string>();

        public string ClientId => Payload["client_id"]!.GetValue<string>();

        public string ResponsePath => new Uri(Payload["response_uri"]!.GetValue<string>()).AbsolutePath;
    }

    /// <summary>A query for one PatientIdentityCredential SD-JWT VC disclosing <paramref name="claims"/>.</summary>
    public static JsonObject SdJwtQuery(string id = "pid", string vct = Vct, params string[] claims) => new()
    {
        ["credentials"] = new JsonArray(new JsonObject
        {
            ["id"] = id,
            ["format"] = "dc+sd-jwt",
            ["meta"] = new JsonObject { ["vct_values"] = new JsonArray(vct) },
            ["claims"] = new JsonArray([.. (claims.Length == 0 ? ["bloodType"] : claims).Select(c => (JsonNode)new JsonObject { ["path"] = new JsonArray(c) })]),
        }),
    };

    public static async Task<Request> CreateAsync(
        HttpClient client, Scenario.Tenant tenant, string mode, JsonObject? query = null, string? prefix = null, JsonObject? options = null)
    {
        var body = new JsonObject { ["dcql_query"] = query ?? SdJwtQuery(), ["response_mode"] = mode };
        if (prefix is not null)
        {
            body["client_id_prefix"] = prefix;
        }

        if (options is not null)
        {
            body["options"] = options;
        }

        var created = (await client.PostJsonAsync($"/tenants/{tenant.Id}/oid4vp/requests", body, tenant.ApiKey)).AssertStatus(HttpStatusCode.Created).Body!;
        using var fetched = await client.GetAsync(new Uri(created["request_uri"]!.GetValue<string>()).AbsolutePath);
        Assert.AreEqual(HttpStatusCode.OK, fetched.StatusCode);
        Assert.AreEqual("application/oauth-authz-req+jwt", fetched.Content.Headers.ContentType?.MediaType);
        string jwt = await fetched.Content.ReadAsStringAsync();
        var jws = CompactJws.Parse(jwt).Value;
        return new Request(created["id"]!.GetValue<string>(), created, jwt, JsonNode.Parse(Decode(jwt.Split('.')[0]))!.AsObject(), jws.PayloadObject()!);
    }

    /// <summary>Issues a PatientIdentityCredential SD-JWT VC about (and, through cnf, bound to the key of) <paramref name="subjectDid"/>.</summary>
    public static async Task<string> IssueSdJwtAsync(HttpClient client, Scenario.Tenant tenant, string subjectDid, string bloodType = "AB-negative")
    {
        var credential = Scenario.Credential(subjectDid);
        credential["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://identity.example/ns/health/v1");
        credential["type"] = new JsonArray("VerifiableCredential", "PatientIdentityCredential");
        credential["credentialSubject"]!["bloodType"] = bloodType;
        credential["credentialSubject"]!["givenName"] = "Ada";
        var envelope = await client.IssueAsync(tenant, credential, new JsonObject { ["format"] = "dc+sd-jwt" });
        Assert.IsTrue(EnvelopedCredentials.TryUnwrap(envelope, EnvelopedCredentials.EnvelopedCredentialType, out _, out var sdJwt));
        return sdJwt;
    }

    /// <summary>The patient's SD-JWT+KB disclosing <paramref name="disclose"/>, bound to the nonce and audience given.</summary>
    public static string Present(string sdJwt, Scenario.Patient patient, string nonce, string audience, params string[] disclose) =>
        SdJwtWallet.Present(sdJwt, disclose.Length == 0 ? ["bloodType"] : disclose, patient.Key, nonce, audience, DateTimeOffset.UtcNow).Value;

    public static JsonObject VpToken(string queryId, params JsonNode[] presentations) => new() { [queryId] = new JsonArray(presentations) };

    /// <summary>Posts a form to the response endpoint, as a wallet does.</summary>
    public static async Task<ApiResponse> PostFormAsync(HttpClient client, string path, params (string Name, string Value)[] fields)
    {
        using var content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        using var response = await client.PostAsync(path, content);
        return await Api.ReadAsync(response);
    }

    public static Task<ApiResponse> RespondAsync(HttpClient client, Request request, JsonObject vpToken) =>
        PostFormAsync(client, request.ResponsePath, ("vp_token", vpToken.ToJsonString()));

    public static async Task<JsonObject> StatusAsync(HttpClient client, Scenario.Tenant tenant, Request request) =>
        (await client.GetJsonAsync($"/tenants/{tenant.Id}/oid4vp/requests/{request.Id}", tenant.ApiKey)).AssertStatus(HttpStatusCode.OK).Body!;

    /// <summary>The codes of the failed checks of a request's outcome.</summary>
    public static string[] FailedCodes(JsonObject status) =>
        [.. status["checks"]!.AsArray().Where(c => c!["status"]!.GetValue<string>() == "failed").Select(c => c!["code"]!.GetValue<string>())];

    public static string Decode(string part) => Encoding.UTF8.GetString(Base64Url.DecodeFromChars(part));
}
