using Identity.Server.Monitoring;

namespace Identity.Server.WebConsole.Pages;

/// <summary>
/// The provider view of remote-monitoring alerts: the tenant's recent alerts rendered on the server, then new ones live
/// from <c>/console/alerts/stream</c> (the same stream as <c>GET /tenants/{t}/alerts/stream</c>, authorised by the session).
/// </summary>
internal sealed class AlertsModel(AlertHistory history) : ConsolePageModel
{
    /// <summary>How many recent alerts the page renders.</summary>
    public const int Shown = 50;

    protected override ConsoleArea Area => ConsoleArea.Tenant;

    public string TenantId => SignedIn!.TenantId!;

    public IReadOnlyList<AlertDelivery> Recent { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Recent = await history.ListAsync(TenantId, DateTimeOffset.MinValue, Shown, cancellationToken);
}
