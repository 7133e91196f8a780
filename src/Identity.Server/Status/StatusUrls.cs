using Identity.Server.Configuration;

namespace Identity.Server.Status;

/// <summary>
/// The URLs of this deployment's status lists: Bitstring Status List credentials at
/// <c>{public origin}/tenants/{t}/status/{list}</c> (and a revocation list's two-bit message view at
/// <c>{public origin}/tenants/{t}/status-messages/{list}</c>), Status List Tokens at <c>{public origin}/tenants/{t}/status-lists/{list}</c>.
/// </summary>
internal sealed class StatusUrls(PublicUrl publicUrl)
{
    public const string TokenListSegment = "status-lists";

    /// <summary>The path segment of a revocation list's two-bit <c>message</c> view (Bitstring Status List, statusSize 2).</summary>
    public const string MessageListSegment = "status-messages";

    public string ListUrl(string tenantId, string listId) => $"{publicUrl.Origin}/tenants/{tenantId}/status/{listId}";

    public string TokenListUrl(string tenantId, string listId) => $"{publicUrl.Origin}/tenants/{tenantId}/{TokenListSegment}/{listId}";

    public string MessageListUrl(string tenantId, string listId) => $"{publicUrl.Origin}/tenants/{tenantId}/{MessageListSegment}/{listId}";

    /// <summary>The tenant and list when <paramref name="url"/> is one of this deployment's two-bit message list URLs.</summary>
    public bool TryParseMessageListUrl(string url, out string tenantId, out string listId) => TryParse(url, MessageListSegment, out tenantId, out listId);

    /// <summary>The tenant and list when <paramref name="url"/> is one of this deployment's Bitstring status list URLs.</summary>
    public bool TryParseListUrl(string url, out string tenantId, out string listId) => TryParse(url, "status", out tenantId, out listId);

    /// <summary>The tenant and list when <paramref name="url"/> is one of this deployment's Status List Token URLs.</summary>
    public bool TryParseTokenListUrl(string url, out string tenantId, out string listId) => TryParse(url, TokenListSegment, out tenantId, out listId);

    private bool TryParse(string url, string segment, out string tenantId, out string listId)
    {
        tenantId = listId = string.Empty;
        var prefix = publicUrl.Origin + "/tenants/";
        if (!url.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = url[prefix.Length..].Split('/');
        if (parts.Length != 3 || parts[1] != segment || !Tenants.TenantIds.IsValid(parts[0]) || parts[2].Length is 0 or > 64)
        {
            return false;
        }

        tenantId = parts[0];
        listId = parts[2];
        return true;
    }
}
