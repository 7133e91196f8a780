using Identity.Primitives;
using Identity.Server.Status;
using Identity.Server.Telemetry;
using Identity.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Identity.Server.WebConsole.Pages;

/// <summary>Lists the tenant's credentials and revokes, suspends or reinstates them through <see cref="StatusListService"/>.</summary>
internal sealed class CredentialsModel(IIdentityStore store, StatusListService status, IdentityMetrics metrics, Security.RecordCipher cipher) : ConsolePageModel
{
    /// <summary>How many credentials the page lists (the store reads no more).</summary>
    public const int Shown = 50;

    protected override ConsoleArea Area => ConsoleArea.Tenant;

    public string TenantId => SignedIn!.TenantId!;

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostStatusAsync(string? credentialId, string? purpose, bool value, CancellationToken cancellationToken)
    {
        StatusPurpose? parsed = purpose switch { "revocation" => StatusPurpose.Revocation, "suspension" => StatusPurpose.Suspension, _ => null };
        if (string.IsNullOrEmpty(credentialId) || parsed is null)
        {
            await LoadAsync(cancellationToken);
            return Refused(new Error(ErrorCodes.InvalidRequest, "Choose a credential and revocation or suspension."));
        }

        var change = await status.SetStatusAsync(TenantId, credentialId, parsed.Value, value, cancellationToken);
        if (!change.IsSuccess)
        {
            await LoadAsync(cancellationToken);
            return Refused(change.Error!);
        }

        metrics.StatusChanged(TenantId, purpose!, change.Value.Value);
        Notice = (parsed, value) switch
        {
            (StatusPurpose.Revocation, _) => $"Revoked {credentialId}.",
            (_, true) => $"Suspended {credentialId}.",
            _ => $"Reinstated {credentialId}.",
        };
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Rows = [.. (await cipher.OpenAsync(TenantId, await store.ListCredentialsAsync(TenantId, Shown, cancellationToken), cancellationToken)).Select(r => new Row(r, string.Join(", ", ConsoleText.TypesOf(r.Document))))];

    public sealed record Row(CredentialRecord Record, string Types);
}
