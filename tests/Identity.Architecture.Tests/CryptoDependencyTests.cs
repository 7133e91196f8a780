using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Identity.Cryptography;
using Identity.Testing;

namespace Identity.Architecture.Tests;

/// <summary>
/// Native cryptography comes from NSec's package, not the operating system: the server's build output carries the
/// <c>libsodium</c> NuGet package's library, and that copy is the one the process loads. Nethereum's transitive
/// Newtonsoft.Json stays out of our code.
/// </summary>
[TestClass]
public sealed partial class CryptoDependencyTests
{
    // The version the libsodium package pinned by NSec.Cryptography 26.4.0 ships (Debian's libsodium23 is 1.0.18).
    private const string PackagedLibsodium = "1.0.22";

    [TestMethod]
    public void ServerBuildOutput_CarriesLibsodiumFromTheNuGetPackage()
    {
        string configuration = typeof(CryptoDependencyTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        string output = Path.Combine(TestVectors.RepositoryRoot, "src", "Identity.Server", "bin", configuration, "net10.0");
        using JsonDocument deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "Identity.Server.deps.json")));

        JsonElement target = deps.RootElement.GetProperty("targets").EnumerateObject().First().Value;
        JsonElement package = target.GetProperty($"libsodium/{PackagedLibsodium}");
        string[] natives = [.. package.GetProperty("runtimeTargets").EnumerateObject().Select(p => p.Name)];
        string linux = $"runtimes/{RuntimeFolder()}/native/libsodium.so";

        CollectionAssert.Contains(natives, linux);
        Assert.IsTrue(File.Exists(Path.Combine(output, linux)), $"{linux} is missing from {output}.");
        Assert.IsTrue(target.GetProperty("Identity.Cryptography/1.0.0").GetProperty("dependencies").TryGetProperty("NSec.Cryptography", out _));
    }

    [TestMethod]
    public void LoadedLibsodium_IsThePackagedCopyNotTheSystemOne()
    {
        string version = NativeCrypto.LibsodiumVersion;

        Assert.AreEqual(PackagedLibsodium, version);
        if (OperatingSystem.IsLinux())
        {
            string[] mapped = [.. File.ReadLines("/proc/self/maps").Where(l => l.Contains("libsodium", StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf('/', StringComparison.Ordinal))..]).Distinct()];
            Assert.IsNotEmpty(mapped);
            foreach (string path in mapped)
            {
                Assert.StartsWith(Path.GetFullPath(AppContext.BaseDirectory), path, "libsodium was loaded from outside the application.");
            }
        }
    }

    [TestMethod]
    public void OurSources_NeverUseNewtonsoftJson()
    {
        // Nethereum (and, until it goes, NJsonSchema) bring Newtonsoft.Json; System.Text.Json is our only JSON library.
        string root = TestVectors.RepositoryRoot;
        string[] offenders = [.. new[] { "src", "did-methods" }
            .SelectMany(dir => Directory.EnumerateFiles(Path.Combine(root, dir), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(path => NewtonsoftUse().IsMatch(File.ReadAllText(path)))
            .Select(path => Path.GetRelativePath(root, path))];

        Assert.IsEmpty(offenders, $"Newtonsoft.Json used in: {string.Join(", ", offenders)}");
    }

    private static string RuntimeFolder() => System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier switch
    {
        string rid when rid.StartsWith("linux-musl", StringComparison.Ordinal) => rid,
        string rid when rid.StartsWith("linux", StringComparison.Ordinal) => "linux-" + rid.Split('-')[^1],
        string rid => rid,
    };

    [GeneratedRegex(@"\bNewtonsoft\.Json\b")]
    private static partial Regex NewtonsoftUse();
}
