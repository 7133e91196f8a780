// References: RFC 9106 (Argon2id); biometrics.md §2 (common frame: tag = Argon2id(K ‖ subjectDid ‖ schemeId, salt)).
using System.Security.Cryptography;
using System.Text;
using Identity.Cryptography;

namespace Identity.Biometrics.Templates;

/// <summary>The pseudonymous identifier shared by every scheme: Argon2id over the key, the subject DID and the scheme id.</summary>
internal static class TemplateTag
{
    /// <summary>tag = Argon2id(password = K ‖ UTF-8(subject DID) ‖ UTF-8(scheme id), salt, ops, mem).</summary>
    /// <exception cref="OutOfMemoryException">Argon2id could not allocate its memory.</exception>
    public static void Compute(ReadOnlySpan<byte> key, string subjectDid, ReadOnlySpan<byte> schemeId, ReadOnlySpan<byte> salt, long ops, long mem, Span<byte> tag)
    {
        int didLength = Encoding.UTF8.GetByteCount(subjectDid);
        var password = GC.AllocateArray<byte>(key.Length + didLength + schemeId.Length, pinned: true);
        try
        {
            key.CopyTo(password);
            Encoding.UTF8.GetBytes(subjectDid, password.AsSpan(key.Length));
            schemeId.CopyTo(password.AsSpan(key.Length + didLength));
            if (!Argon2id.TryDeriveKey(password, salt, ops, mem, tag))
            {
                throw Error.OutOfMemory_Argon2id(mem);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }
    }

    /// <summary>Whether the record's Argon2id parameters and tag are in range for any scheme.</summary>
    public static bool HasValidParameters(BiometricRecord record, int tagSize) =>
        !record.Salt.IsDefault && record.Salt.Length == Argon2id.SaltSize
        && !record.Tag.IsDefault && record.Tag.Length == tagSize
        && record.OpsLimit >= Argon2id.OpsLimitMin && record.OpsLimit <= Argon2id.OpsLimitMax
        && record.MemLimitBytes >= Argon2id.MemLimitMin && record.MemLimitBytes <= Argon2id.MemLimitMax;

    /// <summary>
    /// Accepts a decoded key when its tag equals <paramref name="record"/>'s, compared in fixed time: the check every
    /// scheme's public matching makes. Holds one pinned tag buffer, wiped on dispose.
    /// </summary>
    internal sealed class RecordCheck(string subjectDid, byte[] schemeId, BiometricRecord record, int tagSize) : IDisposable
    {
        private readonly byte[] _tag = GC.AllocateArray<byte>(tagSize, pinned: true);
        private readonly byte[] _salt = record.Salt.IsDefault ? [] : record.Salt.ToArray();

        /// <exception cref="OutOfMemoryException">Argon2id could not allocate its memory.</exception>
        public bool Accept(ReadOnlySpan<byte> key)
        {
            Compute(key, subjectDid, schemeId, _salt, record.OpsLimit, record.MemLimitBytes, _tag);
            return CryptographicOperations.FixedTimeEquals(_tag, record.Tag.AsSpan());
        }

        public void Dispose() => CryptographicOperations.ZeroMemory(_tag);
    }
}
