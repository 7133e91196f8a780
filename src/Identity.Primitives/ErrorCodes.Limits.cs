namespace Identity.Primitives;

/// <summary>Codes for the per-request bounds on work (see <see cref="WorkBudget"/>).</summary>
public static partial class ErrorCodes
{
    /// <summary>Checking the input needed more work than one request may spend (JSON-LD expansion, context processing,
    /// canonicalization, proofs), or it carries more proofs or credentials than the service checks; it was not checked.</summary>
    public const string WorkLimitExceeded = "workLimitExceeded";
}
