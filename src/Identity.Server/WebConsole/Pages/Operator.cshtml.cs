using System.Globalization;
using Identity.Cryptography;
using Identity.Primitives;
using Identity.Server.Audit;
using Identity.Server.Security;
using Identity.Server.Tenants;
using Identity.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Identity.Server.WebConsole.Pages;

/// <summary>
/// The operator's page (admin key): tenants, a tenant's signing keys (rotate, retire) and API keys (create, revoke),
/// and the audit chain check, each through the service the admin endpoints call.
/// </summary>
internal sealed class OperatorModel(IIdentityStore store, TenantService tenants, TenantDirectory directory, AuditWriter audit, TimeProvider time) : ConsolePageModel
{
    protected override ConsoleArea Area => ConsoleArea.Operator;

    [BindProperty(SupportsGet = true, Name = "tenant")]
    public string? Selected { get; set; }

    public IReadOnlyList<TenantRecord> Tenants { get; private set; } = [];

    public IReadOnlyList<TenantKeyRecord> SigningKeys { get; private set; } = [];

    public IReadOnlyList<ApiKeyRecord> ApiKeys { get; private set; } = [];

    /// <summary>A secret created by this request (a new tenant's or a new API key), shown here once.</summary>
    public string? NewSecret { get; private set; }

    public AuditLogReport? Audit { get; private set; }

    public DateTimeOffset Now => time.GetUtcNow();

    public string DidOf(string tenantId) => directory.DidWebOf(tenantId);

    public static string Hint(ApiKeyRecord key) => Security.ApiKeys.Hint(key);

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateTenantAsync(string? name, string? id, string? keyType, CancellationToken cancellationToken)
    {
        id = string.IsNullOrWhiteSpace(id) ? TenantIds.Generate() : id.Trim();
        name = name?.Trim();
        var refusal = name is null or { Length: 0 or > 200 } ? new Error(ErrorCodes.InvalidRequest, "name must be 1 to 200 characters.")
            : !TenantIds.IsValid(id) ? new Error(ErrorCodes.InvalidRequest, "id must be 1 to 63 characters of a-z, 0-9 and '-', starting with a letter or digit.")
            : null;
        var created = refusal ?? await tenants.CreateAsync(id, name!, KeyTypeOf(keyType), cancellationToken);
        return await ShowAsync(created, c => (c.Tenant.Id, $"Created tenant {c.Tenant.Id} ({c.Did}). Its first API key is below, shown only this once.", c.ApiKey), cancellationToken);
    }

    public async Task<IActionResult> OnPostAddKeyAsync(string? keyType, CancellationToken cancellationToken) =>
        await ShowAsync(await tenants.AddKeyAsync(Selected ?? string.Empty, KeyTypeOf(keyType), cancellationToken),
            k => (Selected, $"Added {k.KeyId} ({k.KeyType}); new credentials are signed with it.", null), cancellationToken);

    public async Task<IActionResult> OnPostRetireKeyAsync(string? keyId, CancellationToken cancellationToken) =>
        await ShowAsync(await tenants.RetireKeyAsync(Selected ?? string.Empty, keyId ?? string.Empty, cancellationToken),
            k => (Selected, $"Retired {k.KeyId}: it left the DID document, so credentials it signed no longer verify.", null), cancellationToken);

    public async Task<IActionResult> OnPostCreateApiKeyAsync(string? expires, CancellationToken cancellationToken)
    {
        DateTimeOffset? until = null;
        if (!string.IsNullOrWhiteSpace(expires))
        {
            if (!DateOnly.TryParseExact(expires, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return await ShowAsync<int>(new Error(ErrorCodes.InvalidRequest, "expires must be a date (yyyy-MM-dd)."), _ => default, cancellationToken);
            }

            until = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        return await ShowAsync(await tenants.CreateApiKeyAsync(Selected ?? string.Empty, until, cancellationToken),
            k => (Selected, $"Created API key {Hint(k.Record)}…; the whole key is below, shown only this once.", k.Key), cancellationToken);
    }

    public async Task<IActionResult> OnPostRevokeApiKeyAsync(string? apiKeyId, CancellationToken cancellationToken) =>
        await ShowAsync(await tenants.RevokeApiKeyAsync(Selected ?? string.Empty, apiKeyId ?? string.Empty, cancellationToken),
            k => (Selected, $"Revoked API key {Hint(k)}…: every replica refuses it from the next request on.", null), cancellationToken);

    public async Task<IActionResult> OnPostAuditAsync(CancellationToken cancellationToken)
    {
        await audit.FlushAsync(cancellationToken);
        Audit = await AuditLog.VerifyAsync(store, cancellationToken);
        await LoadAsync(cancellationToken);
        return Page();
    }

    // One outcome of a service call: the page again, with what it did (and a secret to show once) or why it was refused.
    private async Task<IActionResult> ShowAsync<T>(Result<T> outcome, Func<T, (string? Tenant, string Notice, string? Secret)> describe, CancellationToken cancellationToken)
    {
        if (!outcome.IsSuccess)
        {
            await LoadAsync(cancellationToken);
            return Refused(outcome.Error!);
        }

        (Selected, Notice, NewSecret) = describe(outcome.Value);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Tenants = await store.ListTenantsAsync(cancellationToken);
        if (Selected is not null && Tenants.Any(t => t.Id == Selected))
        {
            SigningKeys = await store.GetTenantKeysAsync(Selected, cancellationToken);
            ApiKeys = await store.ListApiKeysAsync(Selected, cancellationToken);
        }
        else
        {
            Selected = null;
        }
    }

    private static KeyType KeyTypeOf(string? name) => name switch
    {
        "P-256" => KeyType.P256,
        "P-384" => KeyType.P384,
        _ => KeyType.Ed25519,
    };
}
