// References: HL7 FHIR R4 Observation and Bundle (https://hl7.org/fhir/R4/); LOINC; UCUM; RFC 7515 (JWS compact
// serialization); /work contract of issue 21 (device-sequence identifier, subject and device by DID).
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Cryptography;

namespace Identity.Cli.Device;

/// <summary>
/// Turns generated readings into FHIR R4 Observations (LOINC codes, UCUM units, the patient and device by DID, the
/// per-device sequence number as identifier) and signs a batch of them as one compact JWS over a <c>collection</c>
/// Bundle, with the device's DID URL as <c>kid</c>.
/// </summary>
/// <remarks>
/// Invariant: an Observation depends only on the reading, its sequence number and the DIDs — no clock, no random id —
/// so a batch re-sent after a restart carries the same content and the service answers "duplicate", not "replay".
/// </remarks>
internal static class ObservationBatch
{
    public const string SequenceSystem = "urn:identity:device-sequence";
    public const string JwsType = "fhir+jws";
    private const string Loinc = "http://loinc.org";
    private const string Ucum = "http://unitsofmeasure.org";
    private const string DidSystem = "urn:ietf:rfc:3986";

    /// <summary>The FHIR Observation of reading <paramref name="reading"/> with sequence number <paramref name="sequence"/>.</summary>
    public static JsonObject Observation(string kind, TraceReading reading, long sequence, string patientDid, string deviceDid)
    {
        var observation = new JsonObject
        {
            ["resourceType"] = "Observation",
            ["identifier"] = new JsonArray(new JsonObject { ["system"] = SequenceSystem, ["value"] = sequence.ToString(CultureInfo.InvariantCulture) }),
            ["status"] = "final",
            ["category"] = new JsonArray(Category(kind == TraceGenerator.Cgm ? "laboratory" : "vital-signs")),
        };
        switch (kind)
        {
            case TraceGenerator.Cgm:
                observation["code"] = Code("2339-0", "Glucose [Mass/volume] in Blood");
                observation["valueQuantity"] = Quantity(reading.Primary, "mg/dL");
                break;
            case TraceGenerator.BloodPressure:
                observation["code"] = Code("85354-9", "Blood pressure panel with all children optional");
                observation["component"] = new JsonArray(
                    new JsonObject { ["code"] = Code("8480-6", "Systolic blood pressure"), ["valueQuantity"] = Quantity(reading.Primary, "mm[Hg]") },
                    new JsonObject { ["code"] = Code("8462-4", "Diastolic blood pressure"), ["valueQuantity"] = Quantity(reading.Secondary!.Value, "mm[Hg]") });
                break;
            case TraceGenerator.PulseOximeter:
                observation["code"] = Code("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry");
                observation["valueQuantity"] = Quantity(reading.Primary, "%");
                break;
            default:
                throw new ArgumentException($"Unknown device kind {kind}.", nameof(kind));
        }

        observation["subject"] = ByDid(patientDid);
        observation["device"] = ByDid(deviceDid);
        observation["effectiveDateTime"] = reading.Effective.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return observation;
    }

    /// <summary>A <c>collection</c> Bundle of <paramref name="observations"/> (in ascending sequence order).</summary>
    public static JsonObject Bundle(IEnumerable<JsonObject> observations) => new()
    {
        ["resourceType"] = "Bundle",
        ["type"] = "collection",
        ["entry"] = new JsonArray([.. observations.Select(o => (JsonNode)new JsonObject { ["resource"] = o })]),
    };

    /// <summary>The compact JWS (ES256 for P-256, EdDSA for Ed25519) of <paramref name="payload"/>, <c>kid</c> the device's DID URL.</summary>
    public static string Sign(JsonObject payload, PrivateKey key, string verificationMethod) =>
        CompactJws.Sign(new JsonObject { ["kid"] = verificationMethod, ["typ"] = JwsType }, Encoding.UTF8.GetBytes(payload.ToJsonString()), key);

    private static JsonObject Category(string code) => new()
    {
        ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/observation-category", ["code"] = code }),
    };

    private static JsonObject Code(string loinc, string display) => new()
    {
        ["coding"] = new JsonArray(new JsonObject { ["system"] = Loinc, ["code"] = loinc, ["display"] = display }),
    };

    private static JsonObject Quantity(double value, string unit) => new()
    {
        ["value"] = (decimal)value,
        ["unit"] = unit,
        ["system"] = Ucum,
        ["code"] = unit,
    };

    private static JsonObject ByDid(string did) => new() { ["identifier"] = new JsonObject { ["system"] = DidSystem, ["value"] = did } };
}
