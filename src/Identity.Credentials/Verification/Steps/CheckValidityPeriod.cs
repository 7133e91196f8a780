// References: W3C Verifiable Credentials Data Model v2.0 (2025), §4.9 Validity Period, https://www.w3.org/TR/vc-data-model-2.0/#validity-period
using System.Globalization;
using Identity.Primitives;

namespace Identity.Credentials.Verification.Steps;

/// <summary>Checks validFrom ≤ now ≤ validUntil (VC 1.1: issuanceDate / expirationDate), with the configured clock skew.</summary>
internal sealed class CheckValidityPeriod : IVerificationStep
{
    public ValueTask ExecuteAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        var credential = context.Credential;
        if (credential is null)
        {
            context.Skipped(CheckNames.ValidityPeriod, "The document could not be read as a credential.");
            return ValueTask.CompletedTask;
        }

        var skew = context.Options.ClockSkew;
        if (credential.ValidFrom is { } from && from - skew > context.Now)
        {
            context.Failed(CheckNames.ValidityPeriod, new Error(
                ErrorCodes.CredentialNotYetValid, $"The credential is valid from {Format(from)}; it is now {Format(context.Now)}."));
        }
        else if (credential.ValidUntil is { } until && until + skew < context.Now)
        {
            context.Failed(CheckNames.ValidityPeriod, new Error(
                ErrorCodes.CredentialExpired, $"The credential expired at {Format(until)}; it is now {Format(context.Now)}."));
        }
        else if (credential.ValidFrom is null && credential.ValidUntil is null)
        {
            context.Passed(CheckNames.ValidityPeriod, "The credential states no validity period.");
        }
        else
        {
            context.Passed(CheckNames.ValidityPeriod);
        }

        return ValueTask.CompletedTask;
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
