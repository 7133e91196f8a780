// References: RFC 9106 "Argon2 Memory-Hard Function for Password Hashing and Proof-of-Work Applications",
// September 2021, https://www.rfc-editor.org/rfc/rfc9106 ; NSec PasswordBasedKeyDerivationAlgorithm.Argon2id,
// https://nsec.rocks/docs/api/nsec.cryptography.passwordbasedkeyderivationalgorithm
namespace Identity.Cryptography;

/// <summary>Argon2id (RFC 9106, version 0x13, p = 1, no secret or associated data) key derivation through NSec.</summary>
/// <remarks>
/// <c>opsLimit</c> is Argon2's pass count t; <c>memLimitBytes</c> is its memory in bytes (m KiB × 1024, rounded down
/// to whole KiB as libsodium's <c>crypto_pwhash</c> does). The limits are NSec's (and libsodium's) for p = 1.
/// <threadsafety>Stateless; safe to call from any thread (each call allocates its own working memory).</threadsafety>
/// </remarks>
public static class Argon2id
{
    /// <summary>The salt size NSec's Argon2id requires.</summary>
    public const int SaltSize = 16;

    /// <summary>The shortest output <see cref="TryDeriveKey"/> produces (libsodium's <c>crypto_pwhash_BYTES_MIN</c>).</summary>
    public const int MinOutputSize = 16;

    /// <summary>The smallest pass count.</summary>
    public const long OpsLimitMin = 1;

    /// <summary>The largest pass count (2³² − 1).</summary>
    public const long OpsLimitMax = uint.MaxValue;

    /// <summary>The smallest memory limit (8 KiB).</summary>
    public const long MemLimitMin = 8 * 1024;

    /// <summary>The largest memory limit ((2³² − 1) KiB).</summary>
    public const long MemLimitMax = uint.MaxValue * 1024L;

    /// <summary>Interactive logins: 2 passes (libsodium's <c>OPSLIMIT_INTERACTIVE</c>).</summary>
    public const long OpsLimitInteractive = 2;

    /// <summary>Interactive logins: 64 MiB (libsodium's <c>MEMLIMIT_INTERACTIVE</c>).</summary>
    public const long MemLimitInteractive = 64L * 1024 * 1024;

    /// <summary>Derives <paramref name="output"/>.Length bytes from a password (the raw Argon2id tag).</summary>
    /// <param name="password">The password bytes (e.g. UTF-8); the caller owns and should wipe them.</param>
    /// <param name="salt">Exactly <see cref="SaltSize"/> bytes, unique per password.</param>
    /// <param name="opsLimit">Passes t, between <see cref="OpsLimitMin"/> and <see cref="OpsLimitMax"/>.</param>
    /// <param name="memLimitBytes">Memory in bytes, between <see cref="MemLimitMin"/> and <see cref="MemLimitMax"/>.</param>
    /// <param name="output">Receives the key; at least <see cref="MinOutputSize"/> bytes.</param>
    /// <returns>
    /// False (with <paramref name="output"/> cleared) on a wrong salt length, an output shorter than
    /// <see cref="MinOutputSize"/>, limits out of range, or when the working memory cannot be allocated.
    /// </returns>
    public static bool TryDeriveKey(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, long opsLimit, long memLimitBytes, Span<byte> output)
    {
        if (salt.Length != SaltSize || output.Length < MinOutputSize
            || opsLimit is < OpsLimitMin or > OpsLimitMax || memLimitBytes is < MemLimitMin or > MemLimitMax)
        {
            output.Clear();
            return false;
        }

        var parameters = new NSec.Cryptography.Argon2Parameters
        {
            DegreeOfParallelism = 1,
            MemorySize = memLimitBytes / 1024,
            NumberOfPasses = opsLimit,
        };
        try
        {
            NSec.Cryptography.PasswordBasedKeyDerivationAlgorithm.Argon2id(parameters).DeriveBytes(password, salt, output);
            return true;
        }
        catch (Exception e) when (e is OutOfMemoryException or System.Security.Cryptography.CryptographicException)
        {
            output.Clear();
            return false;
        }
    }
}
