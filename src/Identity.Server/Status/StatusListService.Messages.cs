// References: W3C Bitstring Status List v1.0 §2.1 (statusSize, statusMessage), §3.2 Validate Algorithm (index × size),
//   https://www.w3.org/TR/vc-bitstring-status-list/
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Status;
using Identity.Cryptography;
using Identity.Primitives;

namespace Identity.Server.Status;

/// <summary>
/// The two-bit <c>message</c> side: each revocation list is also served as a Bitstring Status List credential with
/// <c>statusPurpose</c> <c>message</c> and two bits per entry, at the same index as the credential's revocation entry.
/// The values are those of the Token Status List view (0x0 valid, 0x1 revoked, 0x2 suspended), written most
/// significant bit first at bit <c>index × 2</c> (§3.2), so one list answers both questions.
/// </summary>
internal sealed partial class StatusListService
{
    /// <summary>The bits per entry of a message list.</summary>
    public const int MessageStatusSize = 2;

    /// <summary>The signed message list credential (JSON text) of a revocation list; notFound for an unknown list.</summary>
    public async Task<Result<string>> GetSignedMessageListAsync(string tenantId, string listId, CancellationToken cancellationToken)
    {
        var view = await GetTokenListAsync(tenantId, listId, cancellationToken).ConfigureAwait(false);
        if (view is null)
        {
            return new Error(ErrorCodes.NotFound, $"Tenant '{tenantId}' has no message status list '{listId}'.");
        }

        var keys = await directory.GetKeysAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var key = keys?.SigningKeyFor(keys.DidWeb, _ => true);
        if (keys is null || key is null)
        {
            return new Error(ErrorCodes.NotFound, $"Tenant '{tenantId}' has no active key to sign its status list.");
        }

        // Signed once per view and key, as the token: a change drops the view, a retired key is not the current key.
        if (view.SignedMessages is { } signed && signed.KeyId == key.KeyId)
        {
            return signed.Token;
        }

        var now = time.GetUtcNow();
        var document = BitstringStatusListCredential.Build(urls.MessageListUrl(tenantId, listId), keys.DidWeb, "message", ToBitstring(view.List), now, null);
        var suite = key.PrivateKey.KeyType == KeyType.Ed25519 ? "eddsa-jcs-2022" : "ecdsa-jcs-2019";
        var proven = proofs.AddProof(document, suite, new ProofOptions
        {
            VerificationMethod = key.VerificationMethod,
            ProofPurpose = "assertionMethod",
            Created = now,
        }, key.PrivateKey);
        if (!proven.IsSuccess)
        {
            return proven.Error!;
        }

        var json = proven.Value.ToJsonString();
        view.SignedMessages = new SignedTokenList(json, key.KeyId);
        return json;
    }

    // Token Status List values to Bitstring positions: value v of entry i occupies bits 2i (high) and 2i + 1 (low).
    internal static BitstringStatusList ToBitstring(TokenStatusList list)
    {
        var set = new List<int>();
        for (var i = 0; i < list.Count; i++)
        {
            var value = list[i];
            if ((value & 2) != 0)
            {
                set.Add(i * MessageStatusSize);
            }

            if ((value & 1) != 0)
            {
                set.Add((i * MessageStatusSize) + 1);
            }
        }

        return BitstringStatusList.Create(list.Count * MessageStatusSize, set);
    }
}
