using System.Net;
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Presentations;
using Identity.Cryptography;
using Identity.DidMethods.Key;
using Identity.Dids;

namespace Identity.Server.IntegrationTests.Consent;

/// <summary>
/// A hospital tenant with one registered patient (alice, a did:web over her own key) and a provider's did:key: the
/// consent a patient signs, its registration, presentations over fresh challenges, access decisions and withdrawal.
/// </summary>
internal sealed class ConsentParties : IDisposable
{
    public const string Tenant = "st-marys";
    private static readonly DataIntegrityProofService s_proofs = new(new DidResolver([new DidKeyMethod()]), CryptosuiteRegistry.Default, TimeProvider.System);

    private ConsentParties(HttpClient client, Scenario.Tenant tenant, PrivateKey key, string patientDid, PrivateKey provider)
    {
        Client = client;
        TenantInfo = tenant;
        Key = key;
        PatientDid = patientDid;
        ProviderKey = provider;
        ProviderDid = "did:key:" + Multikey.EncodePublicKey(provider.PublicKey);
    }

    public HttpClient Client { get; }

    public Scenario.Tenant TenantInfo { get; }

    public PrivateKey Key { get; }

    public string PatientDid { get; }

    public PrivateKey ProviderKey { get; }

    public string ProviderDid { get; }

    public string KeyDid => "did:key:" + Multibase(Key);

    public static string Custodian => $"did:web:localhost:tenants:{Tenant}";

    public static async Task<ConsentParties> CreateAsync(HttpClient client)
    {
        var tenant = await client.CreateTenantAsync(Tenant);
        var key = SignatureAlgorithms.Ed25519.GenerateKey();
        var body = new JsonObject { ["id"] = "alice", ["publicKeys"] = new JsonArray(Multibase(key)) };
        var did = (await client.PostJsonAsync($"/tenants/{Tenant}/patients", body, tenant.ApiKey)).AssertStatus(HttpStatusCode.Created).Body!["did"]!.GetValue<string>();
        return new ConsentParties(client, tenant, key, did, SignatureAlgorithms.Ed25519.GenerateKey());
    }

    public static string Multibase(PrivateKey key) => Multikey.EncodePublicKey(key.PublicKey);

    /// <summary>A ConsentCredential for the provider, signed by <paramref name="signer"/> as <paramref name="issuer"/> (default: alice's did:web).</summary>
    public JsonObject Consent(
        string[]? data = null, string[]? purposes = null, DateTimeOffset? until = null, string? provider = null,
        string? issuer = null, PrivateKey? signer = null, DateTimeOffset? now = null, Action<JsonObject>? edit = null)
    {
        var at = now ?? DateTimeOffset.UtcNow;
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://identity.example/ns/consent/v1"),
            ["id"] = $"urn:uuid:{Guid.NewGuid()}",
            ["type"] = new JsonArray("VerifiableCredential", "ConsentCredential"),
            ["issuer"] = issuer ?? PatientDid,
            ["validFrom"] = at.AddMinutes(-1).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["validUntil"] = (until ?? at.AddDays(30)).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = PatientDid,
                ["custodian"] = Custodian,
                ["provider"] = provider ?? ProviderDid,
                ["data"] = new JsonArray([.. (data ?? ["Observation:laboratory", "Immunization"]).Select(d => (JsonNode)d)]),
                ["purpose"] = new JsonArray([.. (purposes ?? ["TREAT"]).Select(p => (JsonNode)p)]),
            },
        };
        edit?.Invoke(credential);
        var key = signer ?? Key;
        return s_proofs.AddProof(credential, "eddsa-jcs-2022", new ProofOptions
        {
            VerificationMethod = $"{issuer ?? PatientDid}#{Multibase(key)}",
            ProofPurpose = "assertionMethod",
            Created = at.AddMinutes(-1),
        }, key).Value;
    }

    public Task<ApiResponse> RegisterAsync(JsonObject consent) =>
        Client.PostJsonAsync($"/tenants/{Tenant}/consents", new JsonObject { ["consent"] = consent.DeepClone() });

    /// <summary>A presentation of <paramref name="credentials"/> by <paramref name="holder"/> (default alice) over a fresh challenge.</summary>
    public async Task<(JsonObject Presentation, string Challenge, string Domain)> PresentAsync(
        IEnumerable<JsonObject> credentials, string? holder = null, PrivateKey? key = null, DateTimeOffset? now = null)
    {
        var challenge = (await Client.PostJsonAsync("/challenges", null)).Body!;
        var (c, d) = (challenge["challenge"]!.GetValue<string>(), challenge["domain"]!.GetValue<string>());
        var signer = key ?? Key;
        var who = holder ?? PatientDid;
        var vp = PresentationBuilder.Sign(s_proofs, PresentationBuilder.Create(who, credentials.Select(x => (JsonObject)x.DeepClone())), signer,
            $"{who}#{Multibase(signer)}", c, d, (now ?? DateTimeOffset.UtcNow).AddSeconds(-1)).Value;
        return (vp, c, d);
    }

    public static JsonObject DecisionBody((JsonObject Presentation, string Challenge, string Domain) vp, string actor, string[] data, string purpose) => new()
    {
        ["request"] = new JsonObject { ["actor"] = actor, ["data"] = new JsonArray([.. data.Select(x => (JsonNode)x)]), ["purpose"] = purpose },
        ["verifiablePresentation"] = vp.Presentation.DeepClone(),
        ["options"] = new JsonObject { ["challenge"] = vp.Challenge, ["domain"] = vp.Domain },
    };

    /// <summary>Presents <paramref name="consent"/> as alice and asks for a decision with the tenant's key.</summary>
    public async Task<ApiResponse> DecideAsync(JsonObject consent, string? actor = null, string[]? data = null, string purpose = "TREAT", DateTimeOffset? now = null)
    {
        var vp = await PresentAsync([consent], now: now);
        return await Client.PostJsonAsync($"/tenants/{Tenant}/access-decisions", DecisionBody(vp, actor ?? ProviderDid, data ?? ["Observation:laboratory"], purpose), TenantInfo.ApiKey);
    }

    public async Task<ApiResponse> WithdrawAsync(string consentId, string? holder = null, PrivateKey? key = null)
    {
        var proof = await PresentAsync([], holder, key);
        return await Client.PostJsonAsync($"/tenants/{Tenant}/consents/withdraw", new JsonObject { ["consentId"] = consentId, ["holderProof"] = proof.Presentation });
    }

    public static string[] ReasonCodes(ApiResponse decision) =>
        [.. decision.Body!["reasons"]!.AsArray().Select(r => r!["code"]!.GetValue<string>())];

    public void Dispose()
    {
        Key.Dispose();
        ProviderKey.Dispose();
    }
}
