// References: W3C Bitstring Status List v1.0 §3.2 Validate Algorithm, https://www.w3.org/TR/vc-bitstring-status-list/
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Credentials.Model;
using Identity.Credentials.Status;
using Identity.Credentials.Verification;
using Identity.Primitives;
using Identity.Server.Tenants;
using Identity.Server.Http;

namespace Identity.Server.Status;

/// <summary>
/// Checks a status entry: lists of this deployment's own tenants are read locally (their bits, not a signed copy of
/// them: the store is the source of truth); every other list is fetched over HTTPS and verified by
/// <see cref="BitstringStatusListChecker"/>.
/// </summary>
internal sealed class RoutingStatusChecker(StatusUrls urls, StatusListService lists, TenantDirectory directory, BitstringStatusListChecker remote)
    : ICredentialStatusChecker
{
    public ValueTask<Error?> CheckAsync(VerifiableCredential credential, JsonObject statusEntry, CancellationToken cancellationToken) =>
        CheckAsync(credential, statusEntry, new StatusCheckBudget(), cancellationToken);

    public async ValueTask<Error?> CheckAsync(VerifiableCredential credential, JsonObject statusEntry, StatusCheckBudget budget, CancellationToken cancellationToken)
    {
        var url = JsonText.String(statusEntry["statusListCredential"]);
        if (url is not null && urls.TryParseMessageListUrl(url, out var messageTenant, out var messageList))
        {
            return await CheckMessageAsync(credential, statusEntry, messageTenant, messageList, cancellationToken).ConfigureAwait(false);
        }

        if (url is null || !urls.TryParseListUrl(url, out var tenantId, out var listId))
        {
            return await remote.CheckAsync(credential, statusEntry, budget, cancellationToken).ConfigureAwait(false);
        }

        var purpose = JsonText.String(statusEntry["statusPurpose"]);
        var indexText = JsonText.String(statusEntry["statusListIndex"]);
        if (JsonText.String(statusEntry["type"]) != "BitstringStatusListEntry" || purpose is null || indexText is null
            || indexText.Length is 0 or > 10 || !indexText.All(char.IsAsciiDigit)
            || !int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return new Error(ErrorCodes.InvalidStatusEntry, "The status entry needs type BitstringStatusListEntry, a statusPurpose and a decimal statusListIndex.");
        }

        if (await CheckIssuerAsync(credential, tenantId, cancellationToken).ConfigureAwait(false) is { } mismatch)
        {
            return mismatch;
        }

        var list = await lists.GetListAsync(tenantId, listId, cancellationToken).ConfigureAwait(false);
        if (list is null)
        {
            return new Error(ErrorCodes.StatusListUnavailable, $"The status list {url} does not exist.");
        }

        var listPurpose = list.Snapshot.Purpose == Storage.StatusPurpose.Revocation ? "revocation" : "suspension";
        if (purpose != listPurpose)
        {
            return new Error(ErrorCodes.InvalidStatusList, $"The entry's statusPurpose '{purpose}' is not the list's ({listPurpose}).");
        }

        if (index >= list.Bits.Size)
        {
            return new Error(ErrorCodes.InvalidStatusList, $"statusListIndex {index} is outside the list of {list.Bits.Size} entries.");
        }

        if (!list.Bits[index])
        {
            return null;
        }

        return purpose == "revocation"
            ? new Error(ErrorCodes.CredentialRevoked, "The issuer has revoked this credential.")
            : new Error(ErrorCodes.CredentialSuspended, "The issuer has suspended this credential.");
    }

    // A revocation list's two-bit message view: the entry is read in full (statusSize, statusMessage), then its value.
    private async Task<Error?> CheckMessageAsync(
        VerifiableCredential credential, JsonObject statusEntry, string tenantId, string listId, CancellationToken cancellationToken)
    {
        var entry = StatusListEntry.Parse(statusEntry);
        if (!entry.IsSuccess)
        {
            return entry.Error;
        }

        if (entry.Value.Purpose != "message" || entry.Value.Size != StatusListService.MessageStatusSize)
        {
            return new Error(ErrorCodes.InvalidStatusList, $"The list {entry.Value.ListUrl} holds two-bit 'message' statuses; the entry says '{entry.Value.Purpose}' with statusSize {entry.Value.Size}.");
        }

        if (await CheckIssuerAsync(credential, tenantId, cancellationToken).ConfigureAwait(false) is { } mismatch)
        {
            return mismatch;
        }

        var view = await lists.GetTokenListAsync(tenantId, listId, cancellationToken).ConfigureAwait(false);
        if (view is null)
        {
            return new Error(ErrorCodes.StatusListUnavailable, $"The status list {entry.Value.ListUrl} does not exist.");
        }

        return entry.Value.Index >= view.List.Count
            ? new Error(ErrorCodes.InvalidStatusList, $"statusListIndex {entry.Value.Index} is outside the list of {view.List.Count} entries.")
            : entry.Value.Outcome(view.List[(int)entry.Value.Index]);
    }

    private async Task<Error?> CheckIssuerAsync(VerifiableCredential credential, string tenantId, CancellationToken cancellationToken)
    {
        var didKey = await directory.GetDidKeyAsync(tenantId, cancellationToken).ConfigureAwait(false);
        return didKey is null || (credential.IssuerId != didKey && credential.IssuerId != directory.DidWebOf(tenantId))
            ? new Error(ErrorCodes.StatusListIssuerMismatch, "The status list belongs to another issuer than the credential's.")
            : null;
    }
}
