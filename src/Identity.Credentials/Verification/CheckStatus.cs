namespace Identity.Credentials.Verification;

/// <summary>The outcome of one verification check.</summary>
public enum CheckStatus
{
    Passed,
    Failed,
    Skipped,
}
