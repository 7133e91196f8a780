// References: NIST SP 800-38D (AES-GCM, 96-bit random nonces, 128-bit tags), https://csrc.nist.gov/pubs/sp/800/38/d/final
using System.Security.Cryptography;
using System.Text;
using Identity.Cryptography;

namespace Identity.Server.Security;

/// <summary>
/// Seals and opens one tenant's records with its data key. Format: <c>"IDE1" ‖ nonce (12) ‖ ciphertext ‖ tag (16)</c>;
/// text fields carry it as <c>enc1:</c> + base64. Associated data: <c>identity/record/v1 \n tenant \n kind \n id</c>, so a
/// sealed value copied to another tenant's row, another kind of record or another id does not open.
/// </summary>
/// <remarks>
/// Random 96-bit nonces keep the collision bound (NIST SP 800-38D §8.3) far away: 2^32 records per tenant key.
/// <threadsafety>Thread-safe: every call uses its own <see cref="AesGcm"/>.</threadsafety>
/// </remarks>
internal sealed class TenantRecordKey(string tenantId, SecureBuffer key)
{
    public const string TextPrefix = "enc1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static ReadOnlySpan<byte> Magic => "IDE1"u8;

    /// <summary>Seals <paramref name="plaintext"/> as record <paramref name="recordId"/> of kind <paramref name="kind"/>.</summary>
    public byte[] Seal(string kind, string recordId, ReadOnlySpan<byte> plaintext)
    {
        var output = new byte[Magic.Length + NonceSize + plaintext.Length + TagSize];
        Magic.CopyTo(output);
        var nonce = output.AsSpan(Magic.Length, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = NewAes();
        aes.Encrypt(nonce, plaintext, output.AsSpan(Magic.Length + NonceSize, plaintext.Length), output.AsSpan(output.Length - TagSize), Aad(kind, recordId));
        return output;
    }

    public string SealText(string kind, string recordId, string plaintext) =>
        TextPrefix + Convert.ToBase64String(Seal(kind, recordId, Encoding.UTF8.GetBytes(plaintext)));

    /// <summary>True when <paramref name="stored"/> is in the sealed format (anything else is a row written before encryption).</summary>
    public static bool IsSealed(ReadOnlySpan<byte> stored) => stored.StartsWith(Magic);

    /// <summary>Opens a sealed record; a value not in the sealed format is returned as it is (a row from before encryption).</summary>
    /// <exception cref="CryptographicException">The value is sealed but not by this key for this tenant, kind and id, or was altered.</exception>
    public byte[] Open(string kind, string recordId, ReadOnlySpan<byte> stored)
    {
        if (!IsSealed(stored))
        {
            return stored.ToArray();
        }

        int length = stored.Length - Magic.Length - NonceSize - TagSize;
        if (length < 0)
        {
            throw new CryptographicException($"The stored {kind} record is truncated.");
        }

        var plaintext = new byte[length];
        using var aes = NewAes();
        aes.Decrypt(stored.Slice(Magic.Length, NonceSize), stored.Slice(Magic.Length + NonceSize, length), stored[^TagSize..], plaintext, Aad(kind, recordId));
        return plaintext;
    }

    /// <summary>Opens a sealed text field; text without the <c>enc1:</c> prefix is returned as it is.</summary>
    /// <exception cref="CryptographicException">As <see cref="Open"/>; or the base64 is malformed.</exception>
    public string OpenText(string kind, string recordId, string stored)
    {
        if (!stored.StartsWith(TextPrefix, StringComparison.Ordinal))
        {
            return stored;
        }

        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(stored[TextPrefix.Length..]);
        }
        catch (FormatException)
        {
            throw new CryptographicException($"The stored {kind} record is not valid base64.");
        }

        return Encoding.UTF8.GetString(Open(kind, recordId, sealedBytes));
    }

    private AesGcm NewAes() => key.Use(0, static (span, _) => new AesGcm(span, TagSize));

    private byte[] Aad(string kind, string recordId) => Encoding.UTF8.GetBytes($"identity/record/v1\n{tenantId}\n{kind}\n{recordId}");
}
