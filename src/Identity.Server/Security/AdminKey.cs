using System.Security.Cryptography;
using System.Text;

namespace Identity.Server.Security;

/// <summary>The operator's key, held only as its SHA-256 and compared in constant time.</summary>
internal sealed class AdminKey(byte[] key)
{
    private readonly byte[] _hash = SHA256.HashData(key);

    public bool Matches(string presented) => CryptographicOperations.FixedTimeEquals(_hash, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}
