// References: IETF draft-ietf-oauth-status-list (Token Status List), §8.3 Validation Rules,
//   https://datatracker.ietf.org/doc/draft-ietf-oauth-status-list/
using System.Text.Json.Nodes;
using Identity.Credentials.Status;
using Identity.Credentials.Verification;
using Identity.Primitives;
using Identity.Server.Tenants;

namespace Identity.Server.Status;

/// <summary>
/// Checks a JOSE credential's <c>status</c> claim: Status List Tokens of this deployment's own tenants are read locally
/// (the store is the source of truth, as <see cref="RoutingStatusChecker"/> does for Bitstring lists); every other
/// list is fetched through the guarded fetcher and verified by <see cref="TokenStatusListChecker"/>.
/// </summary>
internal sealed class RoutingTokenStatusChecker(StatusUrls urls, StatusListService lists, TenantDirectory directory, TokenStatusListChecker remote)
    : ITokenStatusChecker
{
    public async ValueTask<Error?> CheckAsync(string? issuer, JsonNode statusClaim, StatusCheckBudget budget, CancellationToken cancellationToken)
    {
        var reference = TokenStatusReference.FromClaim(statusClaim);
        if (!reference.IsSuccess)
        {
            return reference.Error;
        }

        if (!urls.TryParseTokenListUrl(reference.Value.Uri, out var tenantId, out var listId))
        {
            return await remote.CheckAsync(issuer, statusClaim, budget, cancellationToken).ConfigureAwait(false);
        }

        var keys = await directory.GetKeysAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (keys is null || issuer is null || (issuer != keys.DidWeb && issuer != keys.DidKey))
        {
            return new Error(ErrorCodes.StatusListIssuerMismatch, "The status list belongs to another issuer than the credential's.");
        }

        var list = await lists.GetTokenListAsync(tenantId, listId, cancellationToken).ConfigureAwait(false);
        return list is null
            ? new Error(ErrorCodes.StatusListUnavailable, $"The status list {reference.Value.Uri} does not exist.")
            : TokenStatusListChecker.StatusOf(list.List, reference.Value.Index);
    }
}
