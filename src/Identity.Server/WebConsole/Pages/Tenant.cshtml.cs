using Identity.Server.Tenants;
using Identity.Storage;

namespace Identity.Server.WebConsole.Pages;

/// <summary>The signed-in tenant: its name, DIDs and signing keys.</summary>
internal sealed class TenantModel(IIdentityStore store, TenantDirectory directory) : ConsolePageModel
{
    protected override ConsoleArea Area => ConsoleArea.Tenant;

    public string TenantId => SignedIn!.TenantId!;

    public string Name { get; private set; } = string.Empty;

    public TenantKeys? Keys { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Name = (await store.GetTenantAsync(TenantId, cancellationToken))?.Name ?? TenantId;
        Keys = await directory.GetKeysAsync(TenantId, cancellationToken);
    }
}
