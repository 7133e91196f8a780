namespace Identity.Cryptography.Tests;

/// <summary>
/// Every signature algorithm and key type under test (NSec's <c>tests/Registry.cs</c>), so that contract tests cover
/// them all. Rows carry names rather than instances so the test explorer shows readable names.
/// </summary>
internal static class Registry
{
    public static IEnumerable<object[]> SignatureAlgorithmNames =>
        SignatureAlgorithms.All.Select(algorithm => new object[] { algorithm.Name });

    public static IEnumerable<object[]> KeyTypes =>
        Enum.GetValues<KeyType>().Select(type => new object[] { type });

    public static ISignatureAlgorithm Algorithm(string name) =>
        SignatureAlgorithms.All.Single(algorithm => algorithm.Name == name);

    /// <summary>A fresh public key of any type (X25519 keys are random 32-byte strings).</summary>
    public static PublicKey NewPublicKey(KeyType type)
    {
        if (type == KeyType.X25519)
        {
            return PublicKey.Create(KeyType.X25519, RandomNumberGenerator.GetBytes(32)).Value;
        }

        using PrivateKey key = SignatureAlgorithms.ForKeyType(type).Value.GenerateKey();
        return key.PublicKey;
    }
}
