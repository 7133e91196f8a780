using System.Text.Json.Nodes;
using Identity.Dids;
using Identity.Primitives;
using Identity.Server.Patients;
using Identity.Server.Tenants;
using Identity.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Identity.Server.WebConsole.Pages;

/// <summary>Registers, shows and deactivates the tenant's patient DIDs through <see cref="PatientDidService"/>.</summary>
internal sealed class PatientsModel(PatientDidService patients, PatientDirectory directory) : ConsolePageModel
{
    protected override ConsoleArea Area => ConsoleArea.Tenant;

    public string TenantId => SignedIn!.TenantId!;

    public PatientDidRecord? Shown { get; private set; }

    public string? Did { get; private set; }

    public string? Document { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? patient, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(patient))
        {
            return Page();
        }

        if (!TenantIds.IsValid(patient.Trim()))
        {
            return Refused(new Error(ErrorCodes.InvalidRequest, "A patient id is 1 to 63 characters of a-z, 0-9 and '-'."));
        }

        var found = await directory.GetAsync(TenantId, patient.Trim(), cancellationToken);
        if (!found.IsSuccess)
        {
            return Refused(found.Error!);
        }

        Show(found.Value.Record, found.Value.Document);
        return Page();
    }

    public async Task<IActionResult> OnPostRegisterAsync(string? id, string? publicKeys, CancellationToken cancellationToken)
    {
        id = string.IsNullOrWhiteSpace(id) ? null : id.Trim();
        if (id is not null && !TenantIds.IsValid(id))
        {
            return Refused(new Error(ErrorCodes.InvalidRequest, "id must be 1 to 63 characters of a-z, 0-9 and '-', starting with a letter or digit."));
        }

        var keys = new JsonArray([.. (publicKeys ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Take(PatientDirectory.MaxKeys + 1).Select(k => (JsonNode?)JsonValue.Create(k))]);
        var created = await patients.CreateAsync(TenantId, id, keys, cancellationToken);
        if (!created.IsSuccess)
        {
            return Refused(created.Error!);
        }

        Show(created.Value, directory.Document(created.Value));
        Notice = $"Registered {Did}.";
        return Page();
    }

    public async Task<IActionResult> OnPostDeactivateAsync(string? patient, CancellationToken cancellationToken)
    {
        var deactivated = await patients.DeactivateAsync(TenantId, patient ?? string.Empty, cancellationToken);
        if (!deactivated.IsSuccess)
        {
            return Refused(deactivated.Error!);
        }

        Show(deactivated.Value, null);
        Notice = $"Deactivated {Did}: resolving it now answers 410, and the patient can no longer present with it.";
        return Page();
    }

    private void Show(PatientDidRecord record, DidDocument? document)
    {
        Shown = record;
        Did = directory.DidOf(record.TenantId, record.PatientId);
        Document = document is null || record.IsDeactivated ? null : ConsoleText.Indented(DidDocumentJson.ToJson(document, DidDocumentJson.DidLdJson));
    }
}
