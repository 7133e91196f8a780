using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Identity.Storage;

namespace Identity.Server.Security;

/// <summary>
/// Tenant API keys: <c>idk_{id}_{secret}</c>, where <c>id</c> (12 hex digits) finds the stored record and the
/// 256-bit <c>secret</c> is kept only as its SHA-256 (a fast hash suffices for a uniformly random secret of this
/// size; compared in constant time).
/// </summary>
internal static class ApiKeys
{
    private const string Prefix = "idk_";

    public static (string Key, ApiKeyRecord Record) Create(string tenantId, DateTimeOffset now, DateTimeOffset? expires = null)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return ($"{Prefix}{id}_{secret}", new ApiKeyRecord(id, tenantId, Hash(secret), now, ExpiresAt: expires));
    }

    /// <summary>The non-secret start of a key (<c>idk_{id}_</c>), by which an operator recognises it.</summary>
    public static string Hint(ApiKeyRecord record) => $"{Prefix}{record.Id}_";

    /// <summary>Splits a presented key into its id and secret; false when it does not have the key's shape.</summary>
    public static bool TryParse(string presented, out string id, out string secret)
    {
        id = secret = string.Empty;
        if (!presented.StartsWith(Prefix, StringComparison.Ordinal) || presented.Length != Prefix.Length + 12 + 1 + 43 || presented[Prefix.Length + 12] != '_')
        {
            return false;
        }

        id = presented.Substring(Prefix.Length, 12);
        secret = presented[(Prefix.Length + 13)..];
        return id.All(char.IsAsciiHexDigitLower);
    }

    /// <summary>True when <paramref name="secret"/> is the key's (revocation and expiry are the caller's next check).</summary>
    public static bool SecretMatches(ApiKeyRecord record, string secret) => CryptographicOperations.FixedTimeEquals(record.SecretHash, Hash(secret));

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
