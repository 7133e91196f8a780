using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Jose;
using Identity.Credentials.Presentations;
using Identity.Cryptography;
using Identity.DidMethods.Key;
using Identity.Dids;

namespace Identity.Server.IntegrationTests.Monitoring;

/// <summary>
/// A hospital tenant with a patient (alice, a did:web over her own key) and a device with its own did:key (Ed25519 or
/// P-256): the proofs a binding needs, the binding itself, and readings the device signs as compact JWS.
/// </summary>
internal sealed class MonitoringParties : IDisposable
{
    public const string Tenant = "st-marys";
    private static readonly DataIntegrityProofService s_proofs = new(new DidResolver([new DidKeyMethod()]), CryptosuiteRegistry.Default, TimeProvider.System);

    private readonly bool _ownsPatientKey = true;

    private MonitoringParties(HttpClient client, Scenario.Tenant tenant, PrivateKey patientKey, string patientDid, PrivateKey deviceKey, bool ownsPatientKey = true)
    {
        _ownsPatientKey = ownsPatientKey;
        Client = client;
        TenantInfo = tenant;
        PatientKey = patientKey;
        PatientDid = patientDid;
        DeviceKey = deviceKey;
        DeviceDid = "did:key:" + Multikey.EncodePublicKey(deviceKey.PublicKey);
    }

    public HttpClient Client { get; }

    public Scenario.Tenant TenantInfo { get; }

    public PrivateKey PatientKey { get; }

    public string PatientDid { get; }

    public PrivateKey DeviceKey { get; }

    public string DeviceDid { get; }

    public string? BindingId { get; private set; }

    public string Path => $"/tenants/{TenantInfo.Id}/observations";

    public static async Task<MonitoringParties> CreateAsync(HttpClient client, bool p256 = false, string tenant = Tenant)
    {
        var info = await client.CreateTenantAsync(tenant);
        var key = SignatureAlgorithms.Ed25519.GenerateKey();
        var body = new JsonObject { ["id"] = "alice", ["publicKeys"] = new JsonArray(Multikey.EncodePublicKey(key.PublicKey)) };
        var did = (await client.PostJsonAsync($"/tenants/{tenant}/patients", body, info.ApiKey)).AssertStatus(HttpStatusCode.Created).Body!["did"]!.GetValue<string>();
        var device = (p256 ? SignatureAlgorithms.P256 : SignatureAlgorithms.Ed25519).GenerateKey();
        return new MonitoringParties(client, info, key, did, device);
    }

    /// <summary>The device side of <paramref name="consent"/>'s tenant and patient (alice), with a new Ed25519 device key.</summary>
    public static MonitoringParties For(Consent.ConsentParties consent) =>
        new(consent.Client, consent.TenantInfo, consent.Key, consent.PatientDid, SignatureAlgorithms.Ed25519.GenerateKey(), ownsPatientKey: false);

    /// <summary>A presentation without credentials by <paramref name="holder"/> over a fresh challenge.</summary>
    public async Task<JsonObject> ProofAsync(string holder, PrivateKey key)
    {
        var challenge = (await Client.PostJsonAsync("/challenges", null)).Body!;
        var suite = key.KeyType == KeyType.P256 ? "ecdsa-jcs-2019" : "eddsa-jcs-2022";
        return PresentationBuilder.Sign(s_proofs, PresentationBuilder.Create(holder, []), key, $"{holder}#{Multikey.EncodePublicKey(key.PublicKey)}",
            challenge["challenge"]!.GetValue<string>(), challenge["domain"]!.GetValue<string>(), DateTimeOffset.UtcNow.AddSeconds(-1), suite).Value;
    }

    public async Task<JsonObject> BindingRequestAsync(string kind = "cgm", JsonObject? holderProof = null, JsonObject? deviceProof = null) => new()
    {
        ["deviceDid"] = DeviceDid,
        ["patient"] = PatientDid,
        ["kind"] = kind,
        ["device"] = new JsonObject
        {
            ["resourceType"] = "Device",
            ["manufacturer"] = "Acme Sensors",
            ["modelNumber"] = "G7",
            ["serialNumber"] = "SN-0001",
            ["type"] = new JsonObject { ["text"] = kind },
        },
        ["holderProof"] = holderProof ?? await ProofAsync(PatientDid, PatientKey),
        ["deviceProof"] = deviceProof ?? await ProofAsync(DeviceDid, DeviceKey),
    };

    public Task<ApiResponse> PostBindingAsync(JsonObject request, string? apiKey = null) =>
        Client.PostJsonAsync($"/tenants/{TenantInfo.Id}/devices/bindings", request, apiKey ?? TenantInfo.ApiKey);

    public async Task<ApiResponse> BindAsync(string kind = "cgm")
    {
        var response = (await PostBindingAsync(await BindingRequestAsync(kind))).AssertStatus(HttpStatusCode.Created);
        BindingId = response.Body!["bindingId"]!.GetValue<string>();
        return response;
    }

    public Task<ApiResponse> UnbindAsync(string? bindingId = null) =>
        Client.SendJsonAsync(HttpMethod.Delete, $"/tenants/{TenantInfo.Id}/devices/bindings/{Uri.EscapeDataString(bindingId ?? BindingId!)}", null, TenantInfo.ApiKey);

    /// <summary>A glucose reading (LOINC 2339-0) with sequence number <paramref name="sequence"/>, taken <paramref name="minutesAgo"/> ago.</summary>
    public JsonObject Glucose(long sequence, decimal value = 105m, string unit = "mg/dL", double minutesAgo = 10, string code = "2339-0", string? subject = null)
    {
        var observation = Observation(sequence, code, minutesAgo, subject);
        observation["valueQuantity"] = Quantity(value, unit);
        return observation;
    }

    public JsonObject BloodPressure(long sequence, decimal systolic, decimal diastolic)
    {
        var observation = Observation(sequence, "85354-9", 5, null);
        observation["component"] = new JsonArray(
            new JsonObject { ["code"] = Loinc("8480-6"), ["valueQuantity"] = Quantity(systolic, "mm[Hg]") },
            new JsonObject { ["code"] = Loinc("8462-4"), ["valueQuantity"] = Quantity(diastolic, "mm[Hg]") });
        return observation;
    }

    public static JsonObject Bundle(IEnumerable<JsonObject> observations) => new()
    {
        ["resourceType"] = "Bundle",
        ["type"] = "collection",
        ["entry"] = new JsonArray([.. observations.Select(o => (JsonNode)new JsonObject { ["resource"] = o })]),
    };

    /// <summary>The compact JWS of <paramref name="payload"/> signed by <paramref name="key"/> (default the device's) with kid <paramref name="kidDid"/>.</summary>
    public string Sign(JsonObject payload, PrivateKey? key = null, string? kidDid = null)
    {
        var signer = key ?? DeviceKey;
        var did = kidDid ?? DeviceDid;
        var header = new JsonObject { ["kid"] = $"{did}#{did["did:key:".Length..]}", ["typ"] = "fhir+jws" };
        return CompactJws.Sign(header, Encoding.UTF8.GetBytes(payload.ToJsonString()), signer);
    }

    public Task<ApiResponse> PostAsync(string jws, string? tenant = null) =>
        Client.SendJsonAsync(HttpMethod.Post, tenant is null ? Path : $"/tenants/{tenant}/observations", jws, contentType: "application/jose");

    public Task<ApiResponse> SendAsync(JsonObject payload) => PostAsync(Sign(payload));

    public static string[] Statuses(ApiResponse answer) => [.. answer.Body!["readings"]!.AsArray().Select(r => r!["status"]!.GetValue<string>())];

    public static string[] Reasons(ApiResponse answer, int index) =>
        [.. (answer.Body!["readings"]![index]!["reasons"]?.AsArray() ?? []).Select(r => r!["code"]!.GetValue<string>())];

    private JsonObject Observation(long sequence, string code, double minutesAgo, string? subject) => new()
    {
        ["resourceType"] = "Observation",
        ["status"] = "final",
        ["identifier"] = new JsonArray(new JsonObject { ["system"] = "urn:identity:device-sequence", ["value"] = sequence.ToString(CultureInfo.InvariantCulture) }),
        ["category"] = new JsonArray(new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/observation-category", ["code"] = code is "2339-0" or "15074-8" ? "laboratory" : "vital-signs" }) }),
        ["code"] = Loinc(code),
        ["subject"] = Reference(subject ?? PatientDid),
        ["device"] = Reference(DeviceDid),
        ["effectiveDateTime"] = DateTimeOffset.UtcNow.AddMinutes(-minutesAgo).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+00:00'", CultureInfo.InvariantCulture),
    };

    private static JsonObject Loinc(string code) => new() { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://loinc.org", ["code"] = code }) };

    private static JsonObject Quantity(decimal value, string unit) => new() { ["value"] = value, ["unit"] = unit, ["system"] = "http://unitsofmeasure.org", ["code"] = unit };

    private static JsonObject Reference(string did) => new() { ["identifier"] = new JsonObject { ["system"] = "urn:ietf:rfc:3986", ["value"] = did } };

    public void Dispose()
    {
        if (_ownsPatientKey)
        {
            PatientKey.Dispose();
        }

        DeviceKey.Dispose();
    }
}
