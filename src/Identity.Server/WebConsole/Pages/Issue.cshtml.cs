using System.Text.Json.Nodes;
using Identity.Server.Credentials;
using Identity.Server.Http;
using Identity.Server.Telemetry;
using Microsoft.AspNetCore.Mvc;

namespace Identity.Server.WebConsole.Pages;

/// <summary>Issues a credential from a template through <see cref="IssuanceService"/>, as the issue endpoint does.</summary>
internal sealed class IssueModel(IssuanceService issuance, IdentityMetrics metrics) : ConsolePageModel
{
    protected override ConsoleArea Area => ConsoleArea.Tenant;

    public string TenantId => SignedIn!.TenantId!;

    [BindProperty]
    public PatientIdentityFields Fields { get; set; } = new();

    public string? Issued { get; private set; }

    public string? IssuedId { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Fields.SubjectDid))
        {
            return Refused(new Primitives.Error(Primitives.ErrorCodes.InvalidRequest, "Enter the patient's DID."));
        }

        var request = new JsonObject { ["credential"] = CredentialTemplates.PatientIdentity(Fields) };
        var issued = await issuance.IssueAsync(TenantId, request, cancellationToken);
        if (!issued.IsSuccess)
        {
            return Refused(issued.Error!);
        }

        metrics.Issued(TenantId);
        IssuedId = JsonText.String(issued.Value["id"]);
        Issued = ConsoleText.Indented(issued.Value);
        Notice = $"Issued {IssuedId}.";
        return Page();
    }
}
