using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Cryptography;

namespace Identity.Cli.Wallet;

/// <summary>
/// A wallet's decrypted content: the patient's keys (secret and public Multikey values), its DIDs (the did:key of the
/// first key, plus did:web DIDs registered with a hospital) and the credentials received, each kept as the exact JSON
/// text it arrived as.
/// </summary>
/// <remarks>Mutable on purpose (a command loads, changes and saves it once); never shared between threads.</remarks>
internal sealed class WalletData
{
    public required string Did { get; init; }

    public List<WalletKey> Keys { get; init; } = [];

    public List<RegisteredDid> Registered { get; init; } = [];

    public List<StoredCredential> Credentials { get; init; } = [];

    /// <summary>Every DID this wallet can present as: its did:key first, then registered ones.</summary>
    public IEnumerable<string> Dids => [Did, .. Registered.Select(r => r.Did)];

    public static WalletData CreateNew(PrivateKey key, DateTimeOffset now)
    {
        var multibase = Multikey.EncodePublicKey(key.PublicKey);
        return new WalletData
        {
            Did = "did:key:" + multibase,
            Keys = [new WalletKey(multibase, Multikey.EncodePrivateKey(key), now)],
        };
    }

    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["did"] = Did,
        ["keys"] = new JsonArray([.. Keys.Select(k => (JsonNode)new JsonObject { ["publicKeyMultibase"] = k.PublicKeyMultibase, ["secretKeyMultibase"] = k.SecretKeyMultibase, ["created"] = k.Created })]),
        ["registered"] = new JsonArray([.. Registered.Select(r => (JsonNode)new JsonObject { ["did"] = r.Did, ["server"] = r.Server, ["tenant"] = r.Tenant, ["patientId"] = r.PatientId, ["publicKeyMultibase"] = r.PublicKeyMultibase })]),
        ["credentials"] = new JsonArray([.. Credentials.Select(StoredCredential.ToJson)]),
    });

    /// <summary>The wallet, or null when the JSON is not a wallet's content.</summary>
    public static WalletData? FromJson(ReadOnlySpan<byte> json)
    {
        try
        {
            if (JsonNode.Parse(json) is not JsonObject root || root["did"]?.GetValue<string>() is not { } did)
            {
                return null;
            }

            return new WalletData
            {
                Did = did,
                Keys = [.. root["keys"]!.AsArray().Select(k => new WalletKey(k!["publicKeyMultibase"]!.GetValue<string>(), k["secretKeyMultibase"]!.GetValue<string>(), k["created"]!.GetValue<DateTimeOffset>()))],
                Registered = [.. root["registered"]!.AsArray().Select(r => new RegisteredDid(r!["did"]!.GetValue<string>(), r["server"]!.GetValue<string>(), r["tenant"]!.GetValue<string>(), r["patientId"]!.GetValue<string>(), r["publicKeyMultibase"]!.GetValue<string>()))],
                Credentials = [.. root["credentials"]!.AsArray().Select(c => StoredCredential.FromJson(c!.AsObject()))],
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The private key whose public Multikey is <paramref name="publicKeyMultibase"/>; the caller disposes it.</summary>
    public PrivateKey OpenKey(string publicKeyMultibase)
    {
        var key = Keys.Single(k => k.PublicKeyMultibase == publicKeyMultibase);
        return Multikey.DecodePrivateKey(key.SecretKeyMultibase).Value;
    }
}

/// <summary>A key pair of the wallet; <see cref="SecretKeyMultibase"/> never leaves the encrypted file.</summary>
internal sealed record WalletKey(string PublicKeyMultibase, string SecretKeyMultibase, DateTimeOffset Created)
{
    public override string ToString() => $"WalletKey {PublicKeyMultibase}";
}

/// <summary>A did:web a hospital registered for this wallet, and which wallet key it lists.</summary>
internal sealed record RegisteredDid(string Did, string Server, string Tenant, string PatientId, string PublicKeyMultibase);

/// <summary>
/// A received credential: a local id, when it arrived, its exact text as it arrived (JSON for Data Integrity, the
/// compact token for SD-JWT VC) and its <see cref="Format"/>.
/// </summary>
/// <remarks>
/// Wallets written before SD-JWT support have no <c>format</c> member: absent means <see cref="DataIntegrity"/>, and
/// that format is still written without the member, so such wallets read and write exactly as before.
/// </remarks>
internal sealed record StoredCredential(string Id, DateTimeOffset Received, string Document, string Format = StoredCredential.DataIntegrity)
{
    /// <summary>A VC Data Model credential secured with a Data Integrity proof, kept as JSON text.</summary>
    public const string DataIntegrity = "ldp_vc";

    /// <summary>True for an SD-JWT VC (<c>dc+sd-jwt</c>, or <c>vc+sd-jwt</c> of earlier drafts), kept as its compact token.</summary>
    public bool IsSdJwt => Format != DataIntegrity;

    /// <summary>The Data Integrity credential's JSON; only for <see cref="DataIntegrity"/> credentials.</summary>
    public JsonObject Parse() => IsSdJwt
        ? throw new InvalidOperationException($"Credential {Id} is an SD-JWT VC, not a JSON document.")
        : (JsonObject)JsonNode.Parse(Document)!;

    public static JsonNode ToJson(StoredCredential c)
    {
        var json = new JsonObject { ["id"] = c.Id, ["received"] = c.Received, ["document"] = c.Document };
        if (c.IsSdJwt)
        {
            json["format"] = c.Format;
        }

        return json;
    }

    public static StoredCredential FromJson(JsonObject c) => new(
        c["id"]!.GetValue<string>(), c["received"]!.GetValue<DateTimeOffset>(), c["document"]!.GetValue<string>(),
        c["format"]?.GetValue<string>() ?? DataIntegrity);
}
