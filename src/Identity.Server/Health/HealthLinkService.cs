// References: SMART Health Links (HL7 SMART Health Cards and Links IG v1.0.0), manifest requests, passcodes, files,
//   https://build.fhir.org/ig/HL7/smart-health-cards-and-links/links-specification.html
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Identity.HealthCards.Fhir;
using Identity.HealthCards.HealthLinks;
using Identity.Primitives;
using Identity.Server.Audit;
using Identity.Server.Configuration;
using Identity.Server.Credentials;
using Identity.Server.Http;
using Identity.Server.Security;
using Identity.Storage;

namespace Identity.Server.Health;

/// <summary>
/// SMART Health Links shared by a tenant for a patient: each file is encrypted (JWE dir/A256GCM) under a fresh key that
/// only the link carries, so the service stores ciphertext it cannot read. The link is stored as a credential (sealed,
/// with a revocation position, so it is revoked like one); passcode attempts are counted in the store across replicas.
/// </summary>
internal sealed class HealthLinkService(
    IIdentityStore store, RecordCipher cipher, FhirValidator fhir, PublicUrl publicUrl, SubjectPseudonyms pseudonyms, ServerSettings settings, TimeProvider time)
{
    public const int MaxFiles = 10;
    public const int MaxPasscodeAttempts = 5;
    private const int Pbkdf2Iterations = 100_000;
    private static readonly TimeSpan s_maxLifetime = TimeSpan.FromDays(366);
    private static readonly TimeSpan s_attemptWindow = TimeSpan.FromDays(3660);

    public sealed record Created(string Link, string LinkId, string CredentialId, string ManifestUrl, long? Expires);

    public static string CredentialIdOf(string linkId) => "urn:shl:" + linkId;

    public static bool IsLinkId(string id) => id.Length == 43 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public async Task<Result<Created>> CreateAsync(string tenantId, JsonObject request, CancellationToken cancellationToken)
    {
        var read = HealthLinkRequest.Read(request, time.GetUtcNow(), s_maxLifetime, fhir);
        if (!read.IsSuccess)
        {
            return read.Error!;
        }

        var recordKey = await cipher.ForTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (!recordKey.IsSuccess)
        {
            return recordKey.Error!;
        }

        var plan = read.Value;
        string linkId = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        string credentialId = CredentialIdOf(linkId);
        var key = RandomNumberGenerator.GetBytes(ShlJwe.KeySize);
        var files = new JsonArray([.. plan.Files.Select(f => (JsonNode)new JsonObject
        {
            ["contentType"] = f.ContentType,
            ["jwe"] = ShlJwe.Encrypt(key, Encoding.UTF8.GetBytes(f.Content.ToJsonString()), f.ContentType),
        })]);
        var document = new JsonObject
        {
            ["type"] = new JsonArray("SmartHealthLink"),
            ["label"] = plan.Label,
            ["exp"] = plan.Expires,
            ["passcode"] = plan.Passcode is null ? null : HashPasscode(plan.Passcode),
            ["files"] = files,
        };
        var now = time.GetUtcNow();
        var audit = await pseudonyms.ForAuditAsync(tenantId, credentialId, cancellationToken).ConfigureAwait(false);
        var stored = await store.IssueCredentialAsync(
            tenantId, credentialId, settings.StatusListSize, _ => recordKey.Value.SealText(IssuanceService.CredentialKind, credentialId, document.ToJsonString()),
            new AuditEntry(now, tenantId, "healthlink.created", audit, "ok"), null, cancellationToken).ConfigureAwait(false);
        if (!stored.IsSuccess)
        {
            return stored.Error!;
        }

        string manifestUrl = $"{publicUrl.Origin}/tenants/{tenantId}/health-links/{linkId}/manifest";
        var link = new ShlPayload(manifestUrl, Base64Url.EncodeToString(key), plan.Expires, plan.Passcode is null ? null : "P", plan.Label).ToUri();
        CryptographicOperations.ZeroMemory(key);
        return new Created(link, linkId, credentialId, manifestUrl, plan.Expires);
    }

    /// <summary>The manifest of an active link: its files, embedded as JWE; the passcode checked within the attempt limit.</summary>
    public async Task<Result<JsonObject>> ManifestAsync(string tenantId, string linkId, JsonObject request, CancellationToken cancellationToken)
    {
        if (JsonText.String(request["recipient"]) is not { Length: > 0 and <= 256 })
        {
            return new Error(ErrorCodes.InvalidRequest, "The body must name the recipient: {\"recipient\": \"...\", \"passcode\": \"...\"}.");
        }

        string credentialId = CredentialIdOf(linkId);
        var record = IsLinkId(linkId) ? await store.GetCredentialAsync(tenantId, credentialId, cancellationToken).ConfigureAwait(false) : null;
        if (record is null || record.Revoked || record.Document.Length == 0)
        {
            return Inactive();
        }

        var recordKey = await cipher.ForTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (!recordKey.IsSuccess)
        {
            return Inactive();
        }

        var link = JsonNode.Parse(recordKey.Value.OpenText(IssuanceService.CredentialKind, credentialId, record.Document))!.AsObject();
        if (link["exp"] is { } exp && exp.GetValue<long>() <= time.GetUtcNow().ToUnixTimeSeconds())
        {
            return Inactive();
        }

        if (JsonText.String(link["passcode"]) is { } hash && await CheckPasscodeAsync(tenantId, linkId, hash, JsonText.String(request["passcode"]), cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var files = new JsonArray([.. link["files"]!.AsArray().Select(f => (JsonNode)new JsonObject
        {
            ["contentType"] = f!["contentType"]!.DeepClone(),
            ["embedded"] = f["jwe"]!.DeepClone(),
        })]);
        return new JsonObject { ["files"] = files };
    }

    private async Task<Error?> CheckPasscodeAsync(string tenantId, string linkId, string hash, string? passcode, CancellationToken cancellationToken)
    {
        var attempt = await store.BeginBiometricAttemptAsync(tenantId, "shl:" + linkId, time.GetUtcNow(), s_attemptWindow, MaxPasscodeAttempts, cancellationToken).ConfigureAwait(false);
        if (!attempt.Allowed)
        {
            return new Error(ErrorCodes.PasscodeAttemptsExceeded, $"{MaxPasscodeAttempts} passcode attempts were made on this link; it serves nothing more.");
        }

        if (passcode is null || passcode.Length > 256 || !VerifyPasscode(passcode, hash))
        {
            return new Error(ErrorCodes.InvalidPasscode, $"The link needs its passcode; {MaxPasscodeAttempts - attempt.Attempts} attempts remain.");
        }

        await store.ResetBiometricAttemptsAsync(tenantId, "shl:" + linkId, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static Error Inactive() => new(ErrorCodes.HealthLinkInactive, "There is no active SMART Health Link here (unknown, revoked or expired).");

    // PBKDF2-HMAC-SHA256 with a random salt: the stored record is sealed too, and the attempt limit bounds guessing online.
    private static string HashPasscode(string passcode)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(passcode), salt, Pbkdf2Iterations, HashAlgorithmName.SHA256, 32);
        return Base64Url.EncodeToString(salt) + "." + Base64Url.EncodeToString(hash);
    }

    private static bool VerifyPasscode(string passcode, string stored)
    {
        var parts = stored.Split('.');
        var expected = Base64Url.DecodeFromChars(parts[1]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(passcode), Base64Url.DecodeFromChars(parts[0]), Pbkdf2Iterations, HashAlgorithmName.SHA256, 32);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
