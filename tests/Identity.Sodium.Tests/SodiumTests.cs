using Identity.Sodium.Interop;

namespace Identity.Sodium.Tests;

[TestClass]
public sealed class SodiumTests
{
    // (name, public or interop constant, libsodium runtime getter)
    public static IEnumerable<object[]> Sizes =>
    [
        ["Ed25519.PublicKeySize", (long)Ed25519.PublicKeySize, (Func<ulong>)(() => Libsodium.crypto_sign_ed25519_publickeybytes())],
        ["Ed25519.SeedSize", (long)Ed25519.SeedSize, (Func<ulong>)(() => Libsodium.crypto_sign_ed25519_seedbytes())],
        ["Ed25519.SignatureSize", (long)Ed25519.SignatureSize, (Func<ulong>)(() => Libsodium.crypto_sign_ed25519_bytes())],
        ["crypto_sign_ed25519_SECRETKEYBYTES", (long)Libsodium.crypto_sign_ed25519_SECRETKEYBYTES, (Func<ulong>)(() => Libsodium.crypto_sign_ed25519_secretkeybytes())],
        ["crypto_core_ed25519_BYTES", (long)Libsodium.crypto_core_ed25519_BYTES, (Func<ulong>)(() => Libsodium.crypto_core_ed25519_bytes())],
        ["X25519.PublicKeySize", (long)X25519.PublicKeySize, (Func<ulong>)(() => Libsodium.crypto_scalarmult_curve25519_bytes())],
        ["X25519.PrivateKeySize", (long)X25519.PrivateKeySize, (Func<ulong>)(() => Libsodium.crypto_scalarmult_curve25519_scalarbytes())],
        ["X25519.SharedSecretSize", (long)X25519.SharedSecretSize, (Func<ulong>)(() => Libsodium.crypto_scalarmult_curve25519_bytes())],
        ["Argon2id.SaltSize (crypto_pwhash)", (long)Argon2id.SaltSize, (Func<ulong>)(() => Libsodium.crypto_pwhash_saltbytes())],
        ["Argon2id.SaltSize (argon2id)", (long)Argon2id.SaltSize, (Func<ulong>)(() => Libsodium.crypto_pwhash_argon2id_saltbytes())],
        ["Argon2id.MinOutputSize", (long)Argon2id.MinOutputSize, (Func<ulong>)(() => Libsodium.crypto_pwhash_bytes_min())],
        ["crypto_pwhash_STRBYTES", (long)Libsodium.crypto_pwhash_STRBYTES, (Func<ulong>)(() => Libsodium.crypto_pwhash_strbytes())],
        ["crypto_pwhash_ALG_ARGON2ID13", (long)Libsodium.crypto_pwhash_ALG_ARGON2ID13, (Func<ulong>)(() => (ulong)Libsodium.crypto_pwhash_alg_argon2id13())],
        ["Argon2id.OpsLimitMin", Argon2id.OpsLimitMin, (Func<ulong>)(() => Libsodium.crypto_pwhash_argon2id_opslimit_min())],
        ["Argon2id.OpsLimitMax", Argon2id.OpsLimitMax, (Func<ulong>)(() => Libsodium.crypto_pwhash_argon2id_opslimit_max())],
        ["Argon2id.MemLimitMin", Argon2id.MemLimitMin, (Func<ulong>)(() => Libsodium.crypto_pwhash_argon2id_memlimit_min())],
        ["Argon2id.MemLimitMax", Argon2id.MemLimitMax, (Func<ulong>)(() => Libsodium.crypto_pwhash_argon2id_memlimit_max())],
        ["Argon2id.OpsLimitInteractive", Argon2id.OpsLimitInteractive, (Func<ulong>)(() => Libsodium.crypto_pwhash_argon2id_opslimit_interactive())],
        ["Argon2id.MemLimitInteractive", Argon2id.MemLimitInteractive, (Func<ulong>)(() => Libsodium.crypto_pwhash_argon2id_memlimit_interactive())],
        ["Argon2id.OpsLimitModerate", Argon2id.OpsLimitModerate, (Func<ulong>)(() => Libsodium.crypto_pwhash_argon2id_opslimit_moderate())],
        ["Argon2id.MemLimitModerate", Argon2id.MemLimitModerate, (Func<ulong>)(() => Libsodium.crypto_pwhash_argon2id_memlimit_moderate())],
        ["Argon2id.OpsLimitSensitive", Argon2id.OpsLimitSensitive, (Func<ulong>)(() => Libsodium.crypto_pwhash_argon2id_opslimit_sensitive())],
        ["Argon2id.MemLimitSensitive", Argon2id.MemLimitSensitive, (Func<ulong>)(() => Libsodium.crypto_pwhash_argon2id_memlimit_sensitive())],
    ];

    [TestMethod]
    [DynamicData(nameof(Sizes))]
    public void Constant_Always_EqualsLibsodiumRuntimeGetter(string name, long constant, Func<ulong> getter)
    {
        Sodium.EnsureInitialized();

        Assert.AreEqual((ulong)constant, getter(), name);
    }

    [TestMethod]
    public void EnsureInitialized_CalledConcurrently_Succeeds()
    {
        Parallel.For(0, 16, _ => Sodium.EnsureInitialized());

        // sodium_init returns 1 when the library is already initialised.
        Assert.AreEqual(1, Libsodium.sodium_init());
    }

    [TestMethod]
    public void Version_LoadedLibrary_IsAtLeast1018()
    {
        string version = Sodium.Version;

        Assert.IsTrue(System.Version.TryParse(version, out Version? parsed), version);
        Assert.IsGreaterThanOrEqualTo(new Version(1, 0, 18), parsed);
    }

    [TestMethod]
    public void CandidateNames_OnLinux_TryVersionedSonameFirst()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("Linux-specific candidate list.");
        }

        CollectionAssert.AreEqual(new[] { "libsodium.so.23", "libsodium.so", "libsodium" }, Libraries.CandidateNames.ToArray());
    }

    [TestMethod]
    public void CreateMissingLibraryException_Always_NamesOsPackages()
    {
        DllNotFoundException cause = new("libsodium");

        SodiumUnavailableException exception = Libraries.CreateMissingLibraryException(cause);

        Assert.AreSame(cause, exception.InnerException);
        Assert.Contains("libsodium was not found", exception.Message);
        Assert.Contains("apt-get install libsodium23", exception.Message);
        Assert.Contains("dnf install libsodium", exception.Message);
        Assert.Contains("brew install libsodium", exception.Message);
    }

    [TestMethod]
    public void Load_NoCandidateExists_ThrowsSodiumUnavailableException()
    {
        SodiumUnavailableException exception = Assert.ThrowsExactly<SodiumUnavailableException>(
            () => Libraries.Load(["libsodium-does-not-exist.so.99", "libsodium-does-not-exist"]));

        Assert.Contains("libsodium23", exception.Message);
    }

    [TestMethod]
    public void Load_RealCandidates_ReturnsHandle()
    {
        Assert.AreNotEqual(0, Libraries.Load(Libraries.CandidateNames));
    }
}
