namespace Identity.Primitives;

/// <summary>
/// An expected failure, carried as a value: a stable machine-readable <see cref="Code"/> (one of
/// <see cref="ErrorCodes"/>) and a human-readable, per-instance <see cref="Detail"/>.
/// </summary>
/// <remarks>
/// Invariant: <see cref="Detail"/> never contains secret material (private keys, biometric data, API keys).
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
/// </remarks>
public sealed record Error(string Code, string Detail)
{
    public override string ToString() => $"{Code}: {Detail}";
}
