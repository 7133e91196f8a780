// References: spruceid/ssi, ssi-claims-core (Verification = Result<(), Invalid> inside Result<_, ProofValidationError>),
//   https://github.com/spruceid/ssi ; W3C Verifiable Credential Data Integrity 1.0 (2025), §4.4 Verify Proof,
//   https://www.w3.org/TR/vc-data-integrity/#verify-proof
using Identity.Primitives;

namespace Identity.Credentials.Verification;

/// <summary>
/// The outcome of checking one proof, in two levels as <c>spruceid/ssi</c> models it: either the proof could not be
/// checked (<see cref="Checked"/> false, with an <see cref="UncheckedReason"/>), or it was checked and is valid, or
/// invalid because of <see cref="Error"/>. The <see cref="Error"/> code is the reason's payload on the wire; which named
/// check it lands under is decided from the typed level, never from the code.
/// </summary>
/// <remarks>
/// Invariant: <see cref="Error"/> is null exactly when the proof is <see cref="Valid"/>; <see cref="Reason"/> is set
/// exactly when the proof was not checked.
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
/// </remarks>
public sealed record ProofVerdict
{
    private ProofVerdict(UncheckedReason? reason, Error? error)
    {
        Reason = reason;
        Error = error;
    }

    /// <summary>A checked proof that is valid.</summary>
    public static ProofVerdict Valid { get; } = new(null, null);

    /// <summary>False when the proof could not be checked (see <see cref="Reason"/>).</summary>
    public bool Checked => Reason is null;

    /// <summary>True for a checked, valid proof.</summary>
    public bool IsValid => Reason is null && Error is null;

    /// <summary>Why the proof could not be checked; null when it was.</summary>
    public UncheckedReason? Reason { get; }

    /// <summary>Why the proof is not valid (checked and invalid, or not checked); null when valid.</summary>
    public Error? Error { get; }

    /// <summary>A checked proof that is invalid because of <paramref name="error"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    public static ProofVerdict Invalid(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(null, error);
    }

    /// <summary>A proof that could not be checked, for <paramref name="reason"/>, described by <paramref name="error"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    public static ProofVerdict NotChecked(UncheckedReason reason, Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(reason, error);
    }

    /// <summary>The single-level view older callers use: the outer error when not checked, else whether it is valid.</summary>
    public Result<bool> ToResult() => Reason is not null ? Error! : Error is null;
}
