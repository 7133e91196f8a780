// References:
//   W3C Bitstring Status List v1.0, W3C Recommendation 15 May 2025, §2.1 BitstringStatusListEntry,
//     §2.2 BitstringStatusListCredential, §3.1 Generate Algorithm — https://www.w3.org/TR/vc-bitstring-status-list/
//   W3C Verifiable Credentials Data Model v2.0, §4.9 Validity Period — https://www.w3.org/TR/vc-data-model-2.0/

using System.Globalization;
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Model;

namespace Identity.Credentials.Status;

/// <summary>
/// Builds the two documents of a Bitstring Status List: the unsigned <c>BitstringStatusListCredential</c> an issuer
/// publishes (and then secures with <see cref="DataIntegrityProofService.AddProof"/>), and the
/// <c>BitstringStatusListEntry</c> it puts in each credential's <c>credentialStatus</c>.
/// </summary>
/// <remarks>
/// Both documents use only terms of the VC 2.0 base context, so they need no extra <c>@context</c> in a VC 2.0
/// credential; a VC 1.1 credential gets the entry's terms from <see cref="WithEntryTerms"/>.
/// <threadsafety>Stateless; safe to call from any thread. Each call returns a new document.</threadsafety>
/// </remarks>
public static class BitstringStatusListCredential
{
    /// <summary>The <c>type</c> of a status list credential.</summary>
    public const string CredentialType = "BitstringStatusListCredential";

    /// <summary>The <c>type</c> of a status list credential's subject.</summary>
    public const string ListType = "BitstringStatusList";

    /// <summary>The <c>type</c> of a <c>credentialStatus</c> entry that points into a status list.</summary>
    public const string EntryType = "BitstringStatusListEntry";

    /// <summary>The status purpose whose set bit means the credential is revoked (permanently).</summary>
    public const string RevocationPurpose = "revocation";

    /// <summary>The status purpose whose set bit means the credential is suspended (reversibly).</summary>
    public const string SuspensionPurpose = "suspension";

    /// <summary>Builds an unsigned VC 2.0 status list credential publishing <paramref name="list"/>.</summary>
    /// <param name="id">The credential's URL, where it will be published; its subject is <c>{id}#list</c>.</param>
    /// <param name="issuer">The issuer's URL (normally the DID that will sign the credential).</param>
    /// <param name="statusPurpose">What a set bit means, e.g. <see cref="RevocationPurpose"/>.</param>
    /// <param name="list">The bitstring. §2.2 requires at least <see cref="BitstringStatusList.MinimumSize"/> entries for
    /// herd privacy; shorter lists are built too (tests, small deployments), but they single out their holders.</param>
    /// <param name="validFrom">The earliest time the list is valid.</param>
    /// <param name="validUntil">The latest time the list is valid, or null for none.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="id"/> or <paramref name="issuer"/> is not an absolute URL,
    /// <paramref name="statusPurpose"/> is empty, or <paramref name="validUntil"/> is not after <paramref name="validFrom"/>.</exception>
    public static JsonObject Build(
        string id, string issuer, string statusPurpose, BitstringStatusList list, DateTimeOffset validFrom, DateTimeOffset? validUntil)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentException.ThrowIfNullOrEmpty(statusPurpose);
        ArgumentNullException.ThrowIfNull(list);
        RequireAbsolute(id, nameof(id));
        RequireAbsolute(issuer, nameof(issuer));
        if (validUntil is { } until && until <= validFrom)
        {
            throw new ArgumentException("validUntil must be after validFrom.", nameof(validUntil));
        }

        var credential = new JsonObject
        {
            ["@context"] = new JsonArray(VcContexts.V2),
            ["id"] = id,
            ["type"] = new JsonArray("VerifiableCredential", CredentialType),
            ["issuer"] = issuer,
            ["validFrom"] = ProofFields.FormatDateTime(validFrom),
        };
        if (validUntil is { } end)
        {
            credential["validUntil"] = ProofFields.FormatDateTime(end);
        }

        credential["credentialSubject"] = new JsonObject
        {
            ["id"] = id + "#list",
            ["type"] = ListType,
            ["statusPurpose"] = statusPurpose,
            ["encodedList"] = list.Encode(),
        };
        return credential;
    }

    /// <summary>Builds the <c>credentialStatus</c> entry for the credential at <paramref name="index"/> of a list.</summary>
    /// <param name="listCredentialUrl">The status list credential's <c>https</c> (or <c>http</c>) URL.</param>
    /// <param name="index">The credential's position in the list; issuers should pick it at random (§2.1).</param>
    /// <param name="statusPurpose">The purpose of the list, e.g. <see cref="RevocationPurpose"/>.</param>
    /// <returns><c>{id: url#index, type, statusPurpose, statusListIndex: "index", statusListCredential: url}</c>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="listCredentialUrl"/> is not an absolute http(s) URL, or
    /// <paramref name="statusPurpose"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public static JsonObject BuildEntry(string listCredentialUrl, int index, string statusPurpose)
    {
        ArgumentNullException.ThrowIfNull(listCredentialUrl);
        ArgumentException.ThrowIfNullOrEmpty(statusPurpose);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (!IsHttpUrl(listCredentialUrl))
        {
            throw new ArgumentException("The status list credential URL must be an absolute https or http URL.", nameof(listCredentialUrl));
        }

        string position = index.ToString(CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["id"] = $"{listCredentialUrl}#{position}",
            ["type"] = EntryType,
            ["statusPurpose"] = statusPurpose,
            ["statusListIndex"] = position,
            ["statusListCredential"] = listCredentialUrl,
        };
    }

    /// <summary>
    /// A copy of <paramref name="credential"/> whose <c>@context</c> defines the terms of <see cref="BuildEntry"/>. A
    /// credential that lists the VC 2.0 base context already has them and is copied unchanged. Any other (a VC 1.1
    /// credential) gets an inline context appended that maps <c>BitstringStatusListEntry</c> and its
    /// <c>statusPurpose</c>, <c>statusListIndex</c> and <c>statusListCredential</c> to the same IRIs as the VC 2.0 base
    /// context does, so the status entry is signed with its meaning (RDF cryptosuites refuse undefined terms) and reads
    /// the same to every JSON-LD processor. No status context is published for VC 1.1 that this service could pin.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="credential"/> is null.</exception>
    [System.Diagnostics.Contracts.Pure]
    public static JsonObject WithEntryTerms(JsonObject credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var copy = (JsonObject)credential.DeepClone();
        bool definesTerms = JsonValues.AsSet(copy["@context"]).Any(c => JsonValues.GetString(c) == VcContexts.V2);
        switch (definesTerms ? null : copy["@context"])
        {
            case JsonArray contexts:
                contexts.Add(EntryContext());
                break;
            case JsonValue single when JsonValues.GetString(single) is { } url:
                copy["@context"] = new JsonArray(url, EntryContext());
                break;
        }

        return copy;
    }

    private static JsonObject EntryContext()
    {
        const string Status = "https://www.w3.org/ns/credentials/status#";
        return new JsonObject
        {
            [EntryType] = new JsonObject
            {
                ["@id"] = Status + EntryType,
                ["@context"] = new JsonObject
                {
                    ["@protected"] = true,
                    ["statusPurpose"] = Status + "statusPurpose",
                    ["statusListIndex"] = Status + "statusListIndex",
                    ["statusListCredential"] = new JsonObject { ["@id"] = Status + "statusListCredential", ["@type"] = "@id" },
                },
            },
        };
    }

    /// <summary>True for an absolute URL with the https or http scheme, the only ones a status list is fetched over.</summary>
    internal static bool IsHttpUrl(string? value) =>
        Iri.IsAbsolute(value)
        && Uri.TryCreate(value, UriKind.Absolute, out Uri? uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && !string.IsNullOrEmpty(uri.Host);

    private static void RequireAbsolute(string value, string name)
    {
        if (!Iri.IsAbsolute(value))
        {
            throw new ArgumentException($"'{value}' is not an absolute URL.", name);
        }
    }
}
