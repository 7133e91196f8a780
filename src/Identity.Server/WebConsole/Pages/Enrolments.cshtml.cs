using Identity.Server.Biometrics;
using Identity.Server.Configuration;
using Identity.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Identity.Server.WebConsole.Pages;

/// <summary>
/// Biometric enrolments: the tenant's BiometricBindingCredentials, and a new enrolment through
/// <see cref="EnrollmentService"/> from the request a capture station produces (the body of <c>POST /tenants/{t}/enrollments</c>).
/// The pasted request holds captures, so the page never shows it back.
/// </summary>
internal sealed class EnrolmentsModel(IIdentityStore store, EnrollmentService enrollment, ServerSettings settings, Security.RecordCipher cipher) : ConsolePageModel
{
    protected override ConsoleArea Area => ConsoleArea.Tenant;

    public string TenantId => SignedIn!.TenantId!;

    public IReadOnlyList<CredentialRecord> Bindings { get; private set; } = [];

    public string? Issued { get; private set; }

    public Identity.Credentials.Verification.VerificationResult? HolderProof { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(string? request, CancellationToken cancellationToken)
    {
        var parsed = ConsoleText.ParseDocument(request, settings);
        if (!parsed.IsSuccess)
        {
            await LoadAsync(cancellationToken);
            return Refused(parsed.Error!);
        }

        var outcome = await enrollment.EnrollAsync(TenantId, parsed.Value, cancellationToken);
        await LoadAsync(cancellationToken);
        if (outcome.Credential is null)
        {
            HolderProof = outcome.HolderProof;
            return Refused(outcome.Error!);
        }

        Issued = ConsoleText.Indented(outcome.Credential);
        Notice = "Enrolled: the protected record is stored and its BiometricBindingCredential issued.";
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Bindings = [.. (await cipher.OpenAsync(TenantId, await store.ListCredentialsAsync(TenantId, CredentialsModel.Shown, cancellationToken), cancellationToken))
            .Where(c => ConsoleText.TypesOf(c.Document).Contains(EnrollmentService.CredentialType))];
}
