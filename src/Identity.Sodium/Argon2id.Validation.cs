using System.Text;
using static Identity.Sodium.Interop.Libsodium;

namespace Identity.Sodium;

// Parameter checks shared by the Argon2id entry points.
public static partial class Argon2id
{
    // Invariant: every long reaching a native ulong/size_t parameter has passed these checks, so the
    // (checked, CheckForOverflowUnderflow) conversions below them cannot throw.
    private static bool AreValidLimits(long opsLimit, long memLimitBytes)
    {
        return opsLimit >= OpsLimitMin && opsLimit <= OpsLimitMax
            && memLimitBytes >= MemLimitMin && memLimitBytes <= MemLimitMax;
    }

    private static void ThrowIfInvalidLimits(long opsLimit, long memLimitBytes)
    {
        if (opsLimit < OpsLimitMin || opsLimit > OpsLimitMax)
        {
            throw Error.ArgumentOutOfRange_Limit(nameof(opsLimit), opsLimit, OpsLimitMin, OpsLimitMax);
        }

        long memLimitMax = MemLimitMax;
        if (memLimitBytes < MemLimitMin || memLimitBytes > memLimitMax)
        {
            throw Error.ArgumentOutOfRange_Limit(nameof(memLimitBytes), memLimitBytes, MemLimitMin, memLimitMax);
        }
    }

    private static bool IsValidPasswordLength(ReadOnlySpan<byte> password)
    {
        return (ulong)password.Length <= (ulong)crypto_pwhash_passwd_max();
    }

    /// <summary>
    /// Writes <paramref name="hash"/> as NUL-terminated ASCII into <paramref name="destination"/>; false when it does
    /// not start with "$argon2id$", is not ASCII, contains NUL, or does not fit in crypto_pwhash_STRBYTES.
    /// </summary>
    private static bool TryEncodeHash(string hash, Span<byte> destination)
    {
        if (!hash.StartsWith(Prefix, StringComparison.Ordinal) || hash.Length >= destination.Length || !Ascii.IsValid(hash) || hash.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        int written = Encoding.ASCII.GetBytes(hash, destination);
        destination[written] = 0;
        return true;
    }
}
