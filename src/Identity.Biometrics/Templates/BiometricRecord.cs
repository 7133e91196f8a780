using System.Collections.Immutable;

namespace Identity.Biometrics.Templates;

/// <summary>
/// A stored, renewable biometric reference (ISO/IEC 24745 pseudonymous identifier + auxiliary data): the scheme and
/// its version, the salt, the helper data, the Argon2id parameters and the Argon2id tag. It never contains a template
/// or the key bound to it; the pepper that keys the secret transform is held elsewhere.
/// </summary>
/// <remarks>
/// Helper data and tag permit an offline search of candidate templates, so keep records with the issuer (never in a
/// credential). <see cref="ToString"/> prints only the scheme, version and parameters.
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
/// </remarks>
public sealed record BiometricRecord
{
    /// <summary>The scheme identifier, e.g. <c>fcs-bch2047-67-argon2id-v1</c>.</summary>
    public required string SchemeId { get; init; }

    /// <summary>The record format version within the scheme.</summary>
    public required int Version { get; init; }

    /// <summary>The per-record random salt (16 bytes): it keys the secret transform and salts Argon2id.</summary>
    public required ImmutableArray<byte> Salt { get; init; }

    /// <summary>The helper data: codeword ⊕ transformed template, packed least-significant bit first.</summary>
    public required ImmutableArray<byte> Helper { get; init; }

    /// <summary>Argon2id passes (t).</summary>
    public required long OpsLimit { get; init; }

    /// <summary>Argon2id memory in bytes.</summary>
    public required long MemLimitBytes { get; init; }

    /// <summary>Argon2id(key ‖ subject DID ‖ scheme id, salt), 32 bytes.</summary>
    public required ImmutableArray<byte> Tag { get; init; }

    /// <summary>The scheme, version and Argon2id parameters; never salt, helper data or tag.</summary>
    public override string ToString() =>
        $"BiometricRecord {{ SchemeId = {SchemeId}, Version = {Version}, OpsLimit = {OpsLimit}, MemLimitBytes = {MemLimitBytes} }}";
}
