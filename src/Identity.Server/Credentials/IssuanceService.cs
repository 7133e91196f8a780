// References: W3C VC-API (Issuing, POST /credentials/issue), https://w3c-ccg.github.io/vc-api/#issue-credential;
//   W3C Bitstring Status List v1.0 §2.1 BitstringStatusListEntry, https://www.w3.org/TR/vc-bitstring-status-list/ ;
//   draft-ietf-oauth-status-list §6.1 (status claim), https://datatracker.ietf.org/doc/draft-ietf-oauth-status-list/
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Model;
using Identity.Credentials.Status;
using Identity.Credentials.Validation;
using Identity.JsonLd;
using Identity.Primitives;
using Identity.Server.Audit;
using Identity.Server.Http;
using Identity.Server.Security;
using Identity.Server.Status;
using Identity.Server.Tenants;
using Identity.Storage;

namespace Identity.Server.Credentials;

/// <summary>
/// Issues a credential for a tenant: forces the issuer to the tenant's DID, gives the credential an id when it has
/// none, adds the Data Integrity context when the credential's contexts do not define the proof's terms (VC 1.1),
/// checks the data model, and hands the signing to the store's issuance transaction so that the status entries,
/// the signed document and the audit entry are written together or not at all.
/// </summary>
internal sealed class IssuanceService(
    IIdentityStore store,
    TenantDirectory directory,
    DataIntegrityProofService proofs,
    CryptosuiteRegistry suites,
    JsonLdProcessor jsonLd,
    StatusUrls statusUrls,
    Configuration.ServerSettings settings,
    TimeProvider time,
    JoseIssuance jose,
    StatusListService statusLists,
    Identity.Credentials.Contexts.ContextStore contexts,
    RecordCipher cipher,
    SubjectPseudonyms pseudonyms,
    Health.FhirCredentials fhirCredentials)
{
    public const string DefaultEd25519Suite = "eddsa-jcs-2022";
    public const string DefaultEcdsaSuite = "ecdsa-jcs-2019";

    /// <summary>The record kinds bound into the associated data of sealed rows.</summary>
    public const string CredentialKind = "credential";
    public const string BiometricKind = "biometric";

    /// <summary>Issues <c>request.credential</c>; with <paramref name="biometricRecord"/>, stores that record in the same transaction.</summary>
    /// <param name="requireIssuer">True at the bare VC-API path (<c>POST /credentials/issue</c>): a credential without
    /// <c>issuer</c> is refused there, as VC DM 2.0 §4.7 makes it required; tenant paths fill in the tenant's did:web.</param>
    public async Task<Result<JsonObject>> IssueAsync(
        string tenantId, JsonObject request, CancellationToken cancellationToken, StoredBiometricRecord? biometricRecord = null, bool requireIssuer = false)
    {
        if (request["credential"] is not JsonObject requested)
        {
            return new Error(ErrorCodes.InvalidRequest, "The body must be {\"credential\": {...}, \"options\": {...}} with the credential as a JSON object.");
        }

        if (request["options"] is { } optionsNode && optionsNode is not JsonObject)
        {
            return new Error(ErrorCodes.InvalidOptions, "options must be a JSON object.");
        }

        var options = request["options"] as JsonObject;
        var keys = await directory.GetKeysAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (keys is null)
        {
            return new Error(ErrorCodes.NotFound, $"There is no tenant '{tenantId}'.");
        }

        var credential = (JsonObject)requested.DeepClone();
        if (requireIssuer && !credential.ContainsKey("issuer"))
        {
            return new Error(ErrorCodes.DataModelViolation,
                $"The credential has no issuer, which VC Data Model 2.0 §4.7 requires; POST /credentials/issue (VC-API) issues only what it is sent. Set issuer to the default tenant's DID ({keys.DidWeb} or {keys.DidKey}), or use POST /tenants/{{t}}/credentials/issue, which fills in the tenant's did:web.");
        }

        var issuer = ResolveIssuer(credential, keys);
        if (!issuer.IsSuccess)
        {
            return issuer.Error!;
        }

        if (keys.RetiredIssuer(issuer.Value) is { } retired)
        {
            return retired;
        }

        var format = JoseIssuance.ReadFormat(options);
        if (!format.IsSuccess)
        {
            return format.Error!;
        }

        var suiteName = StringOption(options, "cryptosuite");
        if (options?["type"] is JsonValue type && (type.GetValueKind() != JsonValueKind.String || type.GetValue<string>() != "DataIntegrityProof"))
        {
            return new Error(ErrorCodes.InvalidOptions, "options.type must be DataIntegrityProof.");
        }

        var messageStatus = ReadMessageStatus(options, credential);
        if (!messageStatus.IsSuccess)
        {
            return messageStatus.Error!;
        }

        SigningKey? key;
        if (format.Value is not null)
        {
            key = keys.SigningKeyFor(issuer.Value, _ => true);
            suiteName = format.Value;
        }
        else if (suiteName is null)
        {
            key = keys.SigningKeyFor(issuer.Value, _ => true);
            suiteName = key?.PrivateKey.KeyType == Cryptography.KeyType.Ed25519 ? DefaultEd25519Suite : DefaultEcdsaSuite;
        }
        else
        {
            var suite = suites.Get(suiteName);
            if (!suite.IsSuccess)
            {
                return suite.Error!;
            }

            key = keys.SigningKeyFor(issuer.Value, suite.Value.SupportsKey);
        }

        if (key is null)
        {
            return new Error(ErrorCodes.KeyMismatch, $"Tenant '{tenantId}' has no active key that {suiteName} can sign with for issuer {issuer.Value}.");
        }

        var credentialId = JsonText.String(credential["id"]);
        if (credentialId is null)
        {
            if (credential.ContainsKey("id"))
            {
                return new Error(ErrorCodes.DataModelViolation, "The credential's id must be a URL string.");
            }

            credentialId = $"urn:uuid:{Guid.NewGuid()}";
            credential = Reordered(credential, credentialId);
        }

        // FHIR content is FHIR R4 (invalidFhir names the paths); a FHIR credential type conforms to its schema.
        if (fhirCredentials.Check(credential) is { } fhirError)
        {
            return fhirError;
        }

        credential.Remove("proof");
        credential = DataIntegrityContext.WithProofTerms(credential);
        var budget = settings.NewWorkBudget();
        if (CompactedForm.IsRdfcSuite(suiteName) && CompactedForm.Check(credential, jsonLd, budget) is { } notCompacted)
        {
            return notCompacted; // What the checks will read must be what the RDFC proof signs (jsonLdNotCompacted).
        }

        if (CheckSuppliedStatusEntries(credential) is { } malformedEntry)
        {
            return malformedEntry;
        }

        // VC DM 2.0 §5.3: a relatedResource digest that does not match a resource held here (a pinned context) is refused.
        if (RelatedResourceIntegrity.Check(credential, contexts).Mismatch is { } mismatch)
        {
            return mismatch;
        }

        var violations = DataModelValidator.ValidateCredential(credential, jsonLd, budget);
        if (violations.Count > 0)
        {
            return violations.FirstOrDefault(v => v.Code == ErrorCodes.WorkLimitExceeded) ?? violations[0];
        }

        var plan = format.Value is null ? Result<SdJwtPlan?>.Success(null) : await jose.PlanAsync(format.Value, credential, options, cancellationToken).ConfigureAwait(false);
        if (!plan.IsSuccess)
        {
            return plan.Error!;
        }

        // At rest the document and any biometric record are sealed under the tenant's data key; the credential row keeps
        // only the tenant's pseudonym of its subject (for erasure), and the audit entry names that pseudonym, never the DID.
        var recordKey = await cipher.ForTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (!recordKey.IsSuccess)
        {
            return recordKey.Error!;
        }

        var subjectDid = SubjectId(credential);
        var subjectTag = subjectDid is null ? null : await pseudonyms.ForAuditAsync(tenantId, subjectDid, cancellationToken).ConfigureAwait(false);
        var auditSubject = subjectTag ?? await pseudonyms.ForAuditAsync(tenantId, credentialId, cancellationToken).ConfigureAwait(false);

        var now = time.GetUtcNow();
        string? document = null;
        Func<StatusAllocation, Result<string>> sign = allocation => (format.Value is null
            ? Sign(WithStatusEntries(credential, allocation, tenantId, messageStatus.Value), suiteName, key, now, budget)
            : jose.Sign(format.Value, WithStatusEntries(credential, allocation, tenantId, messageStatus.Value), plan.Value, key, now, TokenStatus(allocation, tenantId)))
            .Map(signed => recordKey.Value.SealText(CredentialKind, credentialId, document = signed));
        var issued = biometricRecord is null
            ? await store.IssueCredentialAsync(
                tenantId, credentialId, settings.StatusListSize, sign, new AuditEntry(now, tenantId, "credential.issued", auditSubject, "ok"),
                subjectTag, cancellationToken).ConfigureAwait(false)
            : await store.EnrollBiometricAsync(
                biometricRecord with
                {
                    CredentialId = credentialId,
                    Record = recordKey.Value.Seal(BiometricKind, biometricRecord.RecordId, biometricRecord.Record),
                },
                settings.StatusListSize, sign, new AuditEntry(now, tenantId, "biometric.enrolled", auditSubject, "ok"), subjectTag, cancellationToken).ConfigureAwait(false);
        if (!issued.IsSuccess)
        {
            return issued.Error!;
        }

        if (await RetiredSinceLookupAsync(tenantId, credentialId, key, cancellationToken).ConfigureAwait(false) is { } retiredMeanwhile)
        {
            return retiredMeanwhile;
        }

        return JsonNode.Parse(document!)!.AsObject();
    }

    // The first credentialSubject's id, when it is a string: the patient the credential is about.
    internal static string? SubjectId(JsonObject credential) => credential["credentialSubject"] switch
    {
        JsonObject one => JsonText.String(one["id"]),
        JsonArray many when many.Count > 0 && many[0] is JsonObject first => JsonText.String(first["id"]),
        _ => null,
    };

    // A retirement may commit between the key lookup and the signing. Reading the key again after the credential is
    // stored closes that window: a retirement this read does not see committed after the signature was made. When it
    // sees one, the stored credential is revoked at once and not returned, so no signature by a retired key leaves.
    private async Task<Error?> RetiredSinceLookupAsync(string tenantId, string credentialId, SigningKey key, CancellationToken cancellationToken)
    {
        var keys = await directory.GetKeysAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (keys?.Records.FirstOrDefault(r => r.KeyId == key.KeyId) is not { IsRetired: true })
        {
            return null;
        }

        var revoked = await statusLists.SetStatusAsync(tenantId, credentialId, StatusPurpose.Revocation, true, CancellationToken.None).ConfigureAwait(false);
        if (!revoked.IsSuccess)
        {
            throw new InvalidOperationException($"A credential signed by a key retired meanwhile could not be revoked: {revoked.Error!.Code}.");
        }

        return new Error(
            ErrorCodes.KeyRetired,
            $"The key '{key.KeyId}' was retired while this credential was being signed; the credential was revoked at once and is not returned. Issue it again.");
    }

    private Result<string> Sign(JsonObject credential, string suite, SigningKey key, DateTimeOffset now, WorkBudget budget)
    {
        var signed = proofs.AddProof(credential, suite, new ProofOptions
        {
            VerificationMethod = key.VerificationMethod,
            ProofPurpose = "assertionMethod",
            Created = now,
            Budget = budget,
        }, key.PrivateKey);
        return signed.IsSuccess ? signed.Value.ToJsonString() : signed.Error!;
    }

    // Bitstring Status List §3 (MALFORMED_VALUE_ERROR): an entry the caller supplies is signed as sent, so each
    // BitstringStatusListEntry must be well formed (invalidStatusEntry names the field, e.g. statusListIndex).
    private static Error? CheckSuppliedStatusEntries(JsonObject credential)
    {
        var entries = credential["credentialStatus"] is JsonArray many ? many.OfType<JsonObject>() : credential["credentialStatus"] is JsonObject one ? [one] : [];
        foreach (var entry in entries)
        {
            var types = entry["type"] is JsonArray list ? list.Select(JsonText.String) : [JsonText.String(entry["type"])];
            if (types.Contains(BitstringStatusListCredential.EntryType) && StatusListEntry.Parse(entry) is { IsSuccess: false } malformed)
            {
                return malformed.Error;
            }
        }

        return null;
    }

    // options.messageStatus: true adds a third, two-bit "message" entry (a VC 2.0 context defines its terms).
    private static Result<bool> ReadMessageStatus(JsonObject? options, JsonObject credential)
    {
        switch (options?["messageStatus"])
        {
            case null:
                return false;
            case JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                var wanted = v.GetValue<bool>();
                return !wanted || (credential["@context"] is JsonArray contexts ? contexts.Any(c => JsonText.String(c) == VcContexts.V2) : JsonText.String(credential["@context"]) == VcContexts.V2)
                    ? wanted
                    : new Error(ErrorCodes.InvalidOptions, $"options.messageStatus needs a VC 2.0 credential (@context {VcContexts.V2}), whose context defines statusSize and statusMessage.");
            default:
                return new Error(ErrorCodes.InvalidOptions, "options.messageStatus must be true or false.");
        }
    }

    private JsonObject WithStatusEntries(JsonObject credential, StatusAllocation allocation, string tenantId, bool messageStatus)
    {
        var document = (JsonObject)credential.DeepClone();
        var entries = new JsonArray();
        switch (document["credentialStatus"])
        {
            case JsonObject single:
                entries.Add(single.DeepClone());
                break;
            case JsonArray many:
                foreach (var entry in many)
                {
                    entries.Add(entry?.DeepClone());
                }

                break;
        }

        entries.Add(BitstringStatusListCredential.BuildEntry(statusUrls.ListUrl(tenantId, allocation.RevocationListId), allocation.RevocationIndex, "revocation"));
        entries.Add(BitstringStatusListCredential.BuildEntry(statusUrls.ListUrl(tenantId, allocation.SuspensionListId), allocation.SuspensionIndex, "suspension"));
        if (messageStatus)
        {
            // The revocation index in the revocation list's two-bit view: 0x0 valid, 0x1 revoked, 0x2 suspended.
            var entry = BitstringStatusListCredential.BuildEntry(statusUrls.MessageListUrl(tenantId, allocation.RevocationListId), allocation.RevocationIndex, "message");
            entry["statusSize"] = StatusListService.MessageStatusSize;
            entry["statusMessage"] = StatusMessages.TokenStatusTypes();
            entry["statusReference"] = StatusMessages.TokenStatusTypesReference;
            entries.Add(entry);
        }

        document["credentialStatus"] = entries;
        return BitstringStatusListCredential.WithEntryTerms(document);
    }

    // A JOSE credential's Token Status List entry is its revocation index, in the two-bit view of its revocation list.
    private JsonObject TokenStatus(StatusAllocation allocation, string tenantId) =>
        TokenStatusReference.ToClaim(allocation.RevocationIndex, statusUrls.TokenListUrl(tenantId, allocation.RevocationListId));

    /// <summary>
    /// The issuer is forced to the tenant: absent → its did:web; its did:web or did:key → kept; anything else (including
    /// an explicit <c>null</c>, which is a malformed issuer, not a missing one) → refused.
    /// </summary>
    private static Result<string> ResolveIssuer(JsonObject credential, TenantKeys keys)
    {
        var node = credential["issuer"];
        string? id = node switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonObject o when o["id"] is JsonValue v && v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => null,
        };
        if (!credential.ContainsKey("issuer"))
        {
            credential["issuer"] = keys.DidWeb;
            return keys.DidWeb;
        }

        if (id is null)
        {
            return new Error(ErrorCodes.DataModelViolation, "issuer must be a URL or an object whose id is a URL.");
        }

        return id == keys.DidWeb || id == keys.DidKey
            ? id
            : new Error(ErrorCodes.IssuerMismatch, $"This tenant issues as {keys.DidWeb} (or {keys.DidKey}), not as {id}.");
    }

    private static string? StringOption(JsonObject? options, string name) => JsonText.String(options?[name]);

    // Puts a generated id right after @context, where readers expect it.
    private static JsonObject Reordered(JsonObject credential, string id)
    {
        var result = new JsonObject();
        foreach (var (name, value) in credential.ToList())
        {
            credential.Remove(name);
            result[name] = value;
            if (name == "@context")
            {
                result["id"] = id;
            }
        }

        if (!result.ContainsKey("id"))
        {
            result["id"] = id;
        }

        return result;
    }
}
