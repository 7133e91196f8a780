// References: RFC 8785 (JCS), https://www.rfc-editor.org/rfc/rfc8785 ; RFC 9562 §5.8 (UUIDv8), https://www.rfc-editor.org/rfc/rfc9562
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Primitives;
using Identity.Primitives.Canonicalization;
using Identity.Server.Http;
using Identity.Server.Security;
using Identity.Storage;

namespace Identity.Server.Consent;

/// <summary>
/// The tenant's register of consents: each registered consent is the tenant's <c>ConsentRegistrationCredential</c> (its
/// countersignature), stored like every issued credential with a revocation entry the patient sets to withdraw. The
/// registration's id is derived from the tenant and the consent's id, so a consent is found without an index of its own.
/// </summary>
/// <remarks><threadsafety>Thread-safe.</threadsafety></remarks>
internal sealed class ConsentRegistry(IIdentityStore store, RecordCipher cipher)
{
    public const string RegistrationType = "ConsentRegistrationCredential";

    /// <summary>A registration as stored: its record (status bits) and its opened document.</summary>
    public sealed record Registration(CredentialRecord Record, JsonObject Document)
    {
        public string? Patient => JsonText.String(Document["credentialSubject"]?["id"]);

        public string? Digest => JsonText.String(Document["credentialSubject"]?["consent"]?["digestMultibase"]);

        public bool Withdrawn => Record.Revoked || Record.Suspended;
    }

    /// <summary>The registration credential's id: a UUIDv8 over SHA-256 of the tenant and the consent id.</summary>
    public static string RegistrationId(string tenantId, string consentId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"identity/consent-registration/v1\n{tenantId}\n{consentId}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return "urn:uuid:" + new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }

    /// <summary>The consent document's digest: <c>u</c> + base64url(SHA-256(JCS(document))), proof included.</summary>
    public static Result<string> Digest(JsonObject consent)
    {
        var canonical = Jcs.Canonicalize(consent);
        return canonical.IsSuccess
            ? "u" + Base64Url.EncodeToString(SHA256.HashData(canonical.Value))
            : new Error(ErrorCodes.InvalidConsent, "The consent credential has no canonical JSON form: " + canonical.Error!.Detail);
    }

    /// <summary>The registration of <paramref name="consentId"/>, or null when the tenant has none (or erased it).</summary>
    public async Task<Registration?> FindAsync(string tenantId, string consentId, CancellationToken cancellationToken)
    {
        var record = await store.GetCredentialAsync(tenantId, RegistrationId(tenantId, consentId), cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        var opened = (await cipher.OpenAsync(tenantId, [record], cancellationToken).ConfigureAwait(false)).SingleOrDefault();
        return opened is { Document.Length: > 0 } && JsonNode.Parse(opened.Document) is JsonObject document ? new Registration(opened, document) : null;
    }
}
