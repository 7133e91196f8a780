using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Cryptography;
using Identity.DidMethods.Jwk;
using Identity.DidMethods.Key;
using Identity.Dids;

namespace Identity.Cli.Device;

/// <summary>
/// A device file's decrypted content: the device's key and DID, its binding to a patient (once bound), the simulation
/// run in progress, and the highest sequence number the service acknowledged — what a restart resumes from.
/// </summary>
/// <remarks>Mutable on purpose (a command loads, changes and saves it); never shared between threads.</remarks>
internal sealed class DeviceData
{
    public required string Did { get; init; }

    /// <summary>The DID URL of the device's verification method: the JWS <c>kid</c> and the device proof's method.</summary>
    public required string VerificationMethod { get; init; }

    public required string SecretKeyMultibase { get; init; }

    public required DateTimeOffset Created { get; init; }

    public DeviceBinding? Binding { get; set; }

    public SimulationRun? Run { get; set; }

    /// <summary>The highest sequence number the service answered for (0: none yet); the next reading is this plus one.</summary>
    public long LastAcknowledged { get; set; }

    /// <summary>A new device with <paramref name="key"/>, as did:key (default) or did:jwk.</summary>
    public static DeviceData CreateNew(PrivateKey key, string method, DateTimeOffset now)
    {
        var did = method == "jwk" ? DidJwkMethod.CreateDid(key.PublicKey) : DidKeyMethod.CreateDid(key.PublicKey);
        Dids.DidDocument document = (method == "jwk" ? DidJwkMethod.Expand(did) : DidKeyMethod.Expand(did)).Value;
        return new DeviceData
        {
            Did = did.Value,
            VerificationMethod = document.VerificationMethod[0].Id,
            SecretKeyMultibase = Multikey.EncodePrivateKey(key),
            Created = now,
        };
    }

    /// <summary>The device's private key; the caller disposes it.</summary>
    public PrivateKey OpenKey() => Multikey.DecodePrivateKey(SecretKeyMultibase).Value;

    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["did"] = Did,
        ["verificationMethod"] = VerificationMethod,
        ["secretKeyMultibase"] = SecretKeyMultibase,
        ["created"] = Created,
        ["binding"] = Binding?.ToJson(),
        ["run"] = Run?.ToJson(),
        ["lastAcknowledged"] = LastAcknowledged,
    });

    /// <summary>The device, or null when the JSON is not a device file's content.</summary>
    public static DeviceData? FromJson(ReadOnlySpan<byte> json)
    {
        try
        {
            if (JsonNode.Parse(json) is not JsonObject root)
            {
                return null;
            }

            return new DeviceData
            {
                Did = root["did"]!.GetValue<string>(),
                VerificationMethod = root["verificationMethod"]!.GetValue<string>(),
                SecretKeyMultibase = root["secretKeyMultibase"]!.GetValue<string>(),
                Created = root["created"]!.GetValue<DateTimeOffset>(),
                Binding = root["binding"] is JsonObject binding ? DeviceBinding.FromJson(binding) : null,
                Run = root["run"] is JsonObject run ? SimulationRun.FromJson(run) : null,
                LastAcknowledged = root["lastAcknowledged"]!.GetValue<long>(),
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            return null;
        }
    }
}

/// <summary>The binding the hospital issued: where, to whom, for what kind of device, and the credential as it arrived.</summary>
internal sealed record DeviceBinding(string Server, string Tenant, string BindingId, string Patient, string Kind, DateTimeOffset ValidUntil, string Credential)
{
    public JsonObject ToJson() => new()
    {
        ["server"] = Server, ["tenant"] = Tenant, ["bindingId"] = BindingId, ["patient"] = Patient, ["kind"] = Kind,
        ["validUntil"] = ValidUntil, ["credential"] = Credential,
    };

    public static DeviceBinding FromJson(JsonObject b) => new(
        b["server"]!.GetValue<string>(), b["tenant"]!.GetValue<string>(), b["bindingId"]!.GetValue<string>(), b["patient"]!.GetValue<string>(),
        b["kind"]!.GetValue<string>(), b["validUntil"]!.GetValue<DateTimeOffset>(), b["credential"]!.GetValue<string>());
}

/// <summary>
/// A simulation run: readings <see cref="FirstSequence"/> … + <see cref="Count"/> − 1, the i-th effective at
/// <see cref="Start"/> + i × <see cref="Interval"/>, values from the <see cref="Seed"/>ed trace. Kept so that a restart
/// regenerates exactly the readings not yet acknowledged (a re-sent one is then a duplicate, not a replay).
/// </summary>
internal sealed record SimulationRun(string Kind, long Seed, DateTimeOffset Start, TimeSpan Interval, int Count, long FirstSequence)
{
    public long LastSequence => FirstSequence + Count - 1;

    public DateTimeOffset LastEffective => Start + (Interval * (Count - 1));

    public JsonObject ToJson() => new()
    {
        ["kind"] = Kind, ["seed"] = Seed, ["start"] = Start, ["intervalSeconds"] = (long)Interval.TotalSeconds, ["count"] = Count, ["firstSequence"] = FirstSequence,
    };

    public static SimulationRun FromJson(JsonObject r) => new(
        r["kind"]!.GetValue<string>(), r["seed"]!.GetValue<long>(), r["start"]!.GetValue<DateTimeOffset>(),
        TimeSpan.FromSeconds(r["intervalSeconds"]!.GetValue<long>()), r["count"]!.GetValue<int>(), r["firstSequence"]!.GetValue<long>());
}
