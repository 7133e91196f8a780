using System.Text.Json.Nodes;
using Identity.Server.Security;
using Identity.Storage;

namespace Identity.Server.Monitoring;

/// <summary>A tenant's stored alerts, opened: what <c>GET /tenants/{t}/alerts</c> and the console list.</summary>
/// <remarks><threadsafety>Thread-safe.</threadsafety></remarks>
internal sealed class AlertHistory(IAlertStore store, RecordCipher cipher)
{
    /// <summary>Alerts raised at or after <paramref name="since"/>, newest first, at most <paramref name="limit"/>.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">A stored alert does not open: wrong key, or the row was altered.</exception>
    public async Task<IReadOnlyList<AlertDelivery>> ListAsync(string tenantId, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        var records = await store.ListAlertsAsync(tenantId, since, limit, cancellationToken).ConfigureAwait(false);
        if (records.Count == 0)
        {
            return [];
        }

        var key = await cipher.ForTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (!key.IsSuccess)
        {
            return [];
        }

        var list = new List<AlertDelivery>(records.Count);
        foreach (var record in records)
        {
            if (Alert.FromJson(JsonNode.Parse(key.Value.OpenText(AlertRecorder.RecordKind, record.AlertId, record.Payload))) is { } alert)
            {
                list.Add(new AlertDelivery(alert, record.Sequence));
            }
        }

        return list;
    }
}
