namespace Identity.Credentials.Verification;

/// <summary>One small, named step of the verification pipeline (OpenIddict-style handler). Steps record checks; they never throw for bad input.</summary>
internal interface IVerificationStep
{
    ValueTask ExecuteAsync(VerificationContext context, CancellationToken cancellationToken);
}
