using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Credentials.SdJwt;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// A seeded mutation fuzzer at the HTTP edge: real signed documents (a Data Integrity credential, a presentation, a
/// vc+jwt and an SD-JWT VC) with bytes corrupted into invalid UTF-8 and lone-surrogate escapes spliced into names and
/// values (inside the JSON, and inside the base64url segments of the tokens), sent to every endpoint the app maps.
/// Every answer is below 500, every non-2xx answer is a problem with a code, and the log holds no stack trace.
/// </summary>
[TestClass]
public sealed class MutationFuzzTests
{
    private const int Seed = 20_261_206;
    private const int CasesPerEndpoint = 16;

    private static readonly byte[][] s_rawInsertions =
    [
        [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xE2, 0x82],
    ];

    private static readonly string[] s_escapeInsertions = ["\\ud800", "\\udc00", "\\udbff\\u0041", "\\udfff\\ud800", "\\ud83d"];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task MutatedSignedDocuments_AtEveryEndpoint_NeverAnswer5xx_AndLogNoStackTrace()
    {
        // Arrange: a tenant, a patient, and one real document of each kind.
        await using var factory = new IdentityServerFactory(s =>
        {
            s["IDENTITY_DEV_MODE"] = "1";
            s["IDENTITY_BIOMETRIC_ARGON2_KIB"] = "8192";
            s["IDENTITY_BIOMETRIC_ARGON2_OPS"] = "1";
        });
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("fuzz");
        using var patient = new Scenario.Patient();
        var seeds = await SeedsAsync(client, tenant, patient);
        var endpoints = Endpoints(factory);
        var random = new Random(Seed);
        var failures = new List<string>();
        int cases = 0;

        // Act
        foreach (var (method, pattern) in endpoints)
        {
            for (int i = 0; i < CasesPerEndpoint; i++)
            {
                var seed = seeds[random.Next(seeds.Count)];
                var response = method == "GET"
                    ? await client.GetJsonAsync(Path(pattern, tenant, PathValue(random, seed)), Bearer(pattern, tenant))
                    : await JsonBoundaryTests.PostBytesAsync(client, Path(pattern, tenant, null), Body(random, pattern, seed), Bearer(pattern, tenant));
                cases++;
                if (Problem(response, pattern) is { } problem)
                {
                    failures.Add($"{method} {pattern} ({seed.Name}): {problem}");
                }
            }
        }

        // Assert
        TestContext.WriteLine($"{cases} cases over {endpoints.Count} endpoints (seed {Seed}), {failures.Count} failed");
        Assert.IsTrue(endpoints.Count >= 18, $"only {endpoints.Count} endpoints found: {string.Join(", ", endpoints)}");
        Assert.IsTrue(cases >= 280, $"{cases} cases");
        Assert.AreEqual(0, failures.Count, $"{failures.Count} of {cases} cases failed:\n" + string.Join("\n", failures.Take(10)));
        JsonBoundaryTests.AssertNoStackTrace(factory);
    }

    private sealed record SeedDocument(string Name, byte[] Raw, bool IsToken);

    private static async Task<List<SeedDocument>> SeedsAsync(HttpClient client, Scenario.Tenant tenant, Scenario.Patient patient)
    {
        var credential = await client.IssueAsync(tenant, Scenario.Credential(patient.Did));
        var presentation = patient.Present([credential], "fuzz-challenge", "clinic.example");
        var vcJwt = await client.IssueAsync(tenant, Scenario.Credential(patient.Did), new JsonObject { ["format"] = "vc+jwt" });
        var sdJwt = await client.IssueAsync(tenant, Scenario.Credential(patient.Did), new JsonObject { ["format"] = "dc+sd-jwt" });
        Assert.IsTrue(EnvelopedCredentials.TryUnwrap(vcJwt, EnvelopedCredentials.EnvelopedCredentialType, out _, out var jwt));
        Assert.IsTrue(EnvelopedCredentials.TryUnwrap(sdJwt, EnvelopedCredentials.EnvelopedCredentialType, out _, out var sd));
        string presentedSdJwt = SdJwtWallet.Present(sd, ["bloodType"], patient.Key, "n", "clinic.example", DateTimeOffset.UtcNow).Value;
        return
        [
            new("DI credential", Encoding.UTF8.GetBytes(credential.ToJsonString()), false),
            new("DI presentation", Encoding.UTF8.GetBytes(presentation.ToJsonString()), false),
            new("vc+jwt", Encoding.UTF8.GetBytes(jwt), true),
            new("SD-JWT", Encoding.UTF8.GetBytes(presentedSdJwt), true),
            new("did:jwk", "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}"u8.ToArray(), false),
        ];
    }

    // Every endpoint the app maps, read from its endpoint data source so a new endpoint is fuzzed without editing this test.
    private static List<(string Method, string Pattern)> Endpoints(IdentityServerFactory factory) =>
        [.. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .Distinct()
            .OrderBy(e => e.Item2, StringComparer.Ordinal)];

    private static string? Bearer(string pattern, Scenario.Tenant tenant) =>
        pattern.StartsWith("/admin", StringComparison.Ordinal) ? IdentityServerFactory.AdminKey
        : pattern.StartsWith("/tenants", StringComparison.Ordinal) ? tenant.ApiKey
        : null;

    // Fills route parameters; a GET's last parameter carries the mutated bytes, percent-encoded.
    private static string Path(string pattern, Scenario.Tenant tenant, byte[]? mutated)
    {
        var segments = pattern.Split('/');
        int last = Array.FindLastIndex(segments, s => s.StartsWith('{'));
        for (int i = 0; i < segments.Length; i++)
        {
            if (!segments[i].StartsWith('{'))
            {
                continue;
            }

            string name = segments[i].Trim('{', '}', '*');
            segments[i] = i == last && mutated is not null ? PercentEncode(mutated) : name switch
                {
                    "tenant" => tenant.Id,
                    "keyId" => "key-1",
                    "list" => "revocation-1",
                    "did" => tenant.Did,
                    _ => "p1",
                };
        }

        return string.Join('/', segments);
    }

    private static string PercentEncode(byte[] bytes)
    {
        var text = new StringBuilder(bytes.Length * 3);
        // NUL never reaches a server: the client refuses a path holding it.
        foreach (byte b in bytes.Where(b => b != 0))
        {
            text.Append(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)':' ? ((char)b).ToString() : $"%{b:X2}");
        }

        return text.ToString();
    }

    // A GET's path value: a did:jwk whose decoded JWK is corrupted, or the corrupted bytes of a document itself.
    private static byte[] PathValue(Random random, SeedDocument seed) =>
        seed.Name == "did:jwk" ? Encoding.ASCII.GetBytes("did:jwk:" + Base64Url.EncodeToString(Mutate(random, seed.Raw))) : Mutate(random, seed.Raw);

    private static byte[] Body(Random random, string pattern, SeedDocument seed)
    {
        string member = pattern.Contains("presentations", StringComparison.Ordinal) ? "verifiablePresentation"
            : pattern.Contains("issue", StringComparison.Ordinal) ? "credential"
            : "verifiableCredential";
        if (seed.IsToken)
        {
            string token = Encoding.UTF8.GetString(MutateToken(random, seed.Raw));
            return Encoding.UTF8.GetBytes(new JsonObject { [member] = token, ["credentialId"] = "urn:x", ["options"] = new JsonObject() }.ToJsonString());
        }

        byte[] envelope = Encoding.UTF8.GetBytes($"{{\"{member}\": {Encoding.UTF8.GetString(seed.Raw)}, \"options\": {{\"challenge\": \"fuzz-challenge\"}}}}");
        return Mutate(random, envelope);
    }

    // One to three corruptions: a raw invalid UTF-8 sequence, an escaped lone surrogate spliced after a quote (so it
    // lands in a member name or a string value), a random byte overwritten, or a truncation.
    private static byte[] Mutate(Random random, byte[] input)
    {
        var bytes = new List<byte>(input);
        int rounds = random.Next(1, 4);
        for (int r = 0; r < rounds && bytes.Count > 0; r++)
        {
            switch (random.Next(5))
            {
                case 0:
                    bytes.InsertRange(random.Next(bytes.Count), s_rawInsertions[random.Next(s_rawInsertions.Length)]);
                    break;
                case 1 or 2:
                    int quote = QuotePosition(random, bytes);
                    bytes.InsertRange(quote + 1, Encoding.ASCII.GetBytes(s_escapeInsertions[random.Next(s_escapeInsertions.Length)]));
                    break;
                case 3:
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    break;
                default:
                    bytes.RemoveRange(random.Next(bytes.Count), 1);
                    break;
            }
        }

        return [.. bytes];
    }

    // A JWS or SD-JWT: decode one base64url segment (header, payload or a disclosure), corrupt its JSON, re-encode.
    private static byte[] MutateToken(Random random, byte[] token)
    {
        string text = Encoding.ASCII.GetString(token);
        var parts = text.Split('~');
        int part = random.Next(parts.Length);
        var segments = parts[part].Split('.');
        int segment = random.Next(segments.Length);
        if (segments[segment].Length == 0 || !TryDecode(segments[segment], out byte[] decoded) || random.Next(4) == 0)
        {
            return Mutate(random, token);
        }

        segments[segment] = Base64Url.EncodeToString(Mutate(random, decoded));
        parts[part] = string.Join('.', segments);
        return Encoding.ASCII.GetBytes(string.Join('~', parts));
    }

    private static bool TryDecode(string segment, out byte[] bytes)
    {
        try
        {
            bytes = Base64Url.DecodeFromChars(segment);
            return bytes.Length > 0 && (bytes[0] == (byte)'{' || bytes[0] == (byte)'[');
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }

    private static int QuotePosition(Random random, List<byte> bytes)
    {
        var quotes = Enumerable.Range(0, bytes.Count).Where(i => bytes[i] == (byte)'"').ToArray();
        return quotes.Length == 0 ? random.Next(bytes.Count) : quotes[random.Next(quotes.Length)];
    }

    // Why this answer breaks the contract, or null when it keeps it. The OpenID4VCI token and credential endpoints answer
    // their problems as application/json with the OAuth `error` too (RFC 6749 §5.2; docs/oid4vc.md#errors).
    private static string? Problem(ApiResponse response, string pattern)
    {
        int status = (int)response.Status;
        if (status >= 500)
        {
            return $"{status} {response.Text[..Math.Min(300, response.Text.Length)]}";
        }

        if (status is >= 200 and < 400)
        {
            return null;
        }

        bool oauth = pattern.EndsWith("/oid4vci/token", StringComparison.Ordinal) || pattern.EndsWith("/oid4vci/credential", StringComparison.Ordinal);
        string expected = oauth ? "application/json" : "application/problem+json";
        return response.MediaType != expected || string.IsNullOrEmpty(response.Code) || (oauth && response.Body?["error"] is null)
            ? $"{status} {response.MediaType} without a problem code: {response.Text[..Math.Min(300, response.Text.Length)]}"
            : null;
    }
}
