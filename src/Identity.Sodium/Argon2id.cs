// References: RFC 9106 "Argon2 Memory-Hard Function for Password Hashing and Proof-of-Work Applications",
// September 2021, https://www.rfc-editor.org/rfc/rfc9106 ; PHC string format,
// https://github.com/P-H-C/phc-string-format/blob/master/phc-sf-spec.md ; libsodium 1.0.18 crypto_pwhash.
// libsodium computes Argon2id v1.3 with parallelism p = 1 and no secret or associated data.
using System.Text;
using Identity.Sodium.Interop;
using static Identity.Sodium.Interop.Libsodium;

namespace Identity.Sodium;

/// <summary>Argon2id (RFC 9106, version 0x13, p = 1) key derivation and password hashing.</summary>
/// <remarks>
/// <c>opsLimit</c> is Argon2's pass count t; <c>memLimitBytes</c> is its memory in bytes
/// (m KiB × 1024). <see cref="OpsLimitModerate"/>/<see cref="MemLimitModerate"/> or stronger suit stored passwords.
/// <threadsafety>Stateless; all members are safe to call from any thread (each call allocates its own working memory).</threadsafety>
/// </remarks>
public static partial class Argon2id
{
    /// <summary>The salt size that <see cref="TryDeriveKey"/> requires (<c>crypto_pwhash_SALTBYTES</c>).</summary>
    public const int SaltSize = crypto_pwhash_SALTBYTES;

    /// <summary>The shortest output <see cref="TryDeriveKey"/> produces (<c>crypto_pwhash_BYTES_MIN</c>).</summary>
    public const int MinOutputSize = crypto_pwhash_BYTES_MIN;

    /// <summary>The smallest pass count libsodium accepts for Argon2id.</summary>
    public const long OpsLimitMin = crypto_pwhash_argon2id_OPSLIMIT_MIN;

    /// <summary>The largest pass count libsodium accepts for Argon2id.</summary>
    public const long OpsLimitMax = crypto_pwhash_argon2id_OPSLIMIT_MAX;

    /// <summary>The smallest memory limit (8 KiB).</summary>
    public const long MemLimitMin = crypto_pwhash_argon2id_MEMLIMIT_MIN;

    /// <summary>Interactive logins: 2 passes.</summary>
    public const long OpsLimitInteractive = crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE;

    /// <summary>Interactive logins: 64 MiB.</summary>
    public const long MemLimitInteractive = crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE;

    /// <summary>Moderate: 3 passes.</summary>
    public const long OpsLimitModerate = crypto_pwhash_argon2id_OPSLIMIT_MODERATE;

    /// <summary>Moderate: 256 MiB.</summary>
    public const long MemLimitModerate = crypto_pwhash_argon2id_MEMLIMIT_MODERATE;

    /// <summary>Sensitive, non-interactive use: 4 passes.</summary>
    public const long OpsLimitSensitive = crypto_pwhash_argon2id_OPSLIMIT_SENSITIVE;

    /// <summary>Sensitive, non-interactive use: 1 GiB.</summary>
    public const long MemLimitSensitive = crypto_pwhash_argon2id_MEMLIMIT_SENSITIVE;

    private const string Prefix = "$argon2id$";

    /// <summary>The largest memory limit libsodium accepts on this platform (4 TiB − 1 KiB on 64-bit).</summary>
    /// <exception cref="SodiumUnavailableException">libsodium cannot be loaded.</exception>
    public static long MemLimitMax
    {
        get
        {
            Sodium.EnsureInitialized();
            return checked((long)crypto_pwhash_argon2id_memlimit_max());
        }
    }

    /// <summary>Derives <paramref name="output"/>.Length bytes from a password (raw Argon2id tag, <c>crypto_pwhash</c>).</summary>
    /// <param name="password">The password bytes (e.g. UTF-8); the caller owns and should wipe them.</param>
    /// <param name="salt">Exactly <see cref="SaltSize"/> bytes, unique per password.</param>
    /// <param name="opsLimit">Passes t, between <see cref="OpsLimitMin"/> and <see cref="OpsLimitMax"/>.</param>
    /// <param name="memLimitBytes">Memory in bytes, between <see cref="MemLimitMin"/> and <see cref="MemLimitMax"/>.</param>
    /// <param name="output">Receives the key; at least <see cref="MinOutputSize"/> bytes.</param>
    /// <returns>
    /// False (with <paramref name="output"/> cleared) on a wrong salt length, an output shorter than
    /// <see cref="MinOutputSize"/>, limits out of range, an over-long password, or when the memory cannot be allocated.
    /// </returns>
    /// <exception cref="SodiumUnavailableException">libsodium cannot be loaded.</exception>
    public static bool TryDeriveKey(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, long opsLimit, long memLimitBytes, Span<byte> output)
    {
        Sodium.EnsureInitialized();
        if (salt.Length != SaltSize || output.Length < MinOutputSize || !AreValidLimits(opsLimit, memLimitBytes) || !IsValidPasswordLength(password))
        {
            output.Clear();
            return false;
        }

        int result = crypto_pwhash(
            output, (ulong)output.Length, password, (ulong)password.Length, salt,
            (ulong)opsLimit, (nuint)memLimitBytes, crypto_pwhash_ALG_ARGON2ID13);
        if (result != 0)
        {
            sodium_memzero(output, (nuint)output.Length);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Hashes a password for storage, with a fresh random 16-byte salt, into a PHC string
    /// such as <c>$argon2id$v=19$m=65536,t=2,p=1$&lt;salt&gt;$&lt;tag&gt;</c> (<c>crypto_pwhash_str_alg</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of range.</exception>
    /// <exception cref="ArgumentException">The password is longer than libsodium accepts.</exception>
    /// <exception cref="OutOfMemoryException">The working memory cannot be allocated.</exception>
    /// <exception cref="SodiumUnavailableException">libsodium cannot be loaded.</exception>
    public static string HashPassword(ReadOnlySpan<byte> password, long opsLimit, long memLimitBytes)
    {
        Sodium.EnsureInitialized();
        ThrowIfInvalidLimits(opsLimit, memLimitBytes);
        if (!IsValidPasswordLength(password))
        {
            throw Error.Argument_PasswordTooLong(nameof(password));
        }

        Span<byte> hash = stackalloc byte[crypto_pwhash_STRBYTES];
        int result = crypto_pwhash_str_alg(
            hash, password, (ulong)password.Length, (ulong)opsLimit, (nuint)memLimitBytes, crypto_pwhash_ALG_ARGON2ID13);
        if (result != 0)
        {
            throw Error.OutOfMemory_Argon2id(memLimitBytes);
        }

        return Encoding.ASCII.GetString(hash[..hash.IndexOf((byte)0)]);
    }

    /// <summary>Checks a password against an Argon2id PHC string (<c>crypto_pwhash_str_verify</c>).</summary>
    /// <returns>
    /// True when <paramref name="password"/> matches; false for a wrong password and for anything that is not a
    /// well-formed <c>$argon2id$</c> string (including Argon2i/Argon2d hashes). Accepts any salt length and p the
    /// string states, as the reference implementation does.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="hash"/> is null.</exception>
    /// <exception cref="SodiumUnavailableException">libsodium cannot be loaded.</exception>
    public static bool VerifyPassword(string hash, ReadOnlySpan<byte> password)
    {
        ArgumentNullException.ThrowIfNull(hash);
        Sodium.EnsureInitialized();
        Span<byte> terminated = stackalloc byte[crypto_pwhash_STRBYTES];
        if (!TryEncodeHash(hash, terminated) || !IsValidPasswordLength(password))
        {
            return false;
        }

        return crypto_pwhash_str_verify(terminated, password, (ulong)password.Length) == 0;
    }

    /// <summary>
    /// Whether a stored hash was made with limits other than these and should be recomputed at the next login
    /// (<c>crypto_pwhash_str_needs_rehash</c>). Strings that are not valid Argon2id hashes also need rehashing.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="hash"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of range.</exception>
    /// <exception cref="SodiumUnavailableException">libsodium cannot be loaded.</exception>
    public static bool NeedsRehash(string hash, long opsLimit, long memLimitBytes)
    {
        ArgumentNullException.ThrowIfNull(hash);
        Sodium.EnsureInitialized();
        ThrowIfInvalidLimits(opsLimit, memLimitBytes);
        Span<byte> terminated = stackalloc byte[crypto_pwhash_STRBYTES];
        return !TryEncodeHash(hash, terminated)
            || crypto_pwhash_str_needs_rehash(terminated, (ulong)opsLimit, (nuint)memLimitBytes) != 0;
    }
}
