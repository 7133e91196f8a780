using Identity.Server.Configuration;

namespace Identity.Server.Status;

/// <summary>The URLs of this deployment's status lists: <c>{public origin}/tenants/{t}/status/{list}</c>.</summary>
internal sealed class StatusUrls(PublicUrl publicUrl)
{
    public string ListUrl(string tenantId, string listId) => $"{publicUrl.Origin}/tenants/{tenantId}/status/{listId}";

    /// <summary>The tenant and list when <paramref name="url"/> is one of this deployment's status list URLs.</summary>
    public bool TryParseListUrl(string url, out string tenantId, out string listId)
    {
        tenantId = listId = string.Empty;
        var prefix = publicUrl.Origin + "/tenants/";
        if (!url.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = url[prefix.Length..].Split('/');
        if (parts.Length != 3 || parts[1] != "status" || !Tenants.TenantIds.IsValid(parts[0]) || parts[2].Length is 0 or > 64)
        {
            return false;
        }

        tenantId = parts[0];
        listId = parts[2];
        return true;
    }
}
