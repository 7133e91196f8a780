using System.Reflection;

namespace Identity.Architecture.Tests;

/// <summary>
/// The dependency rules of conventions.md, checked on the compiled assemblies: dependencies point one way, DID
/// methods are leaves that never reference each other, and nothing references the server.
/// </summary>
[TestClass]
public sealed class ProjectReferenceTests
{
    // Assembly → the Identity.* assemblies it may reference directly.
    private static readonly Dictionary<string, string[]> s_allowed = new()
    {
        ["Identity.Primitives"] = [],
        ["Identity.Cryptography"] = ["Identity.Primitives"],
        ["Identity.Dids"] = ["Identity.Primitives", "Identity.Cryptography"],
        ["Identity.Biometrics"] = ["Identity.Primitives", "Identity.Cryptography"],
        ["Identity.JsonLd"] = ["Identity.Primitives"],
        ["Identity.Credentials"] = ["Identity.Primitives", "Identity.Cryptography", "Identity.Dids", "Identity.JsonLd"],
        ["Identity.DidMethods.Key"] = ["Identity.Primitives", "Identity.Cryptography", "Identity.Dids"],
        ["Identity.DidMethods.Jwk"] = ["Identity.Primitives", "Identity.Cryptography", "Identity.Dids"],
        ["Identity.DidMethods.Web"] = ["Identity.Primitives", "Identity.Cryptography", "Identity.Dids"],
        ["Identity.DidMethods.Pkh"] = ["Identity.Primitives", "Identity.Cryptography", "Identity.Dids"],
        // Storage hashes audit entries with JCS, which lives in Primitives: no credential, DID or crypto layer below it.
        ["Identity.Storage"] = ["Identity.Primitives"],
        ["Identity.Storage.Sqlite"] = ["Identity.Primitives", "Identity.Storage"],
        ["Identity.Storage.Postgres"] = ["Identity.Primitives", "Identity.Storage"],
        // Keys in a PKCS#11 token: signing keys as Cryptography defines them, nothing above.
        ["Identity.Pkcs11"] = ["Identity.Primitives", "Identity.Cryptography"],
        // FHIR validation and SMART Health Cards: JWS and keys from the layers below, no DIDs of its own.
        ["Identity.HealthCards"] = ["Identity.Primitives", "Identity.Cryptography", "Identity.Credentials"],
        ["Identity.Server"] =
        [
            "Identity.Primitives", "Identity.Cryptography", "Identity.Dids", "Identity.JsonLd", "Identity.Biometrics", "Identity.Credentials", "Identity.Storage",
            "Identity.Storage.Sqlite", "Identity.Storage.Postgres", "Identity.DidMethods.Key", "Identity.DidMethods.Jwk", "Identity.DidMethods.Web",
            "Identity.DidMethods.Pkh", "Identity.Pkcs11", "Identity.HealthCards",
        ],
        // The CLI talks to the server over HTTP only: no Server, no storage.
        ["Identity.Cli"] =
        [
            "Identity.Primitives", "Identity.Cryptography", "Identity.Dids", "Identity.JsonLd", "Identity.Credentials",
            "Identity.DidMethods.Key", "Identity.DidMethods.Jwk", "Identity.DidMethods.Web", "Identity.HealthCards",
        ],
    };

    public static IEnumerable<object[]> Assemblies() => IdentityAssemblies.All.Select(a => new object[] { a.GetName().Name! });

    [TestMethod]
    [DynamicData(nameof(Assemblies))]
    public void References_OnlyAllowedIdentityAssemblies(string name)
    {
        var assembly = IdentityAssemblies.All.Single(a => a.GetName().Name == name);
        Assert.IsTrue(s_allowed.TryGetValue(name, out var allowed), $"{name} has no entry in the dependency rules: add one.");

        var references = assembly.GetReferencedAssemblies()
            .Select(r => r.Name!)
            .Where(r => r.StartsWith("Identity.", StringComparison.Ordinal))
            .ToList();

        var forbidden = references.Except(allowed).ToList();
        Assert.AreEqual(0, forbidden.Count, $"{name} must not reference {string.Join(", ", forbidden)}.");
    }

    [TestMethod]
    public void DidMethods_NeverReferenceEachOther()
    {
        foreach (var method in IdentityAssemblies.All.Where(a => a.GetName().Name!.StartsWith("Identity.DidMethods.", StringComparison.Ordinal)))
        {
            var siblings = method.GetReferencedAssemblies().Where(r => r.Name!.StartsWith("Identity.DidMethods.", StringComparison.Ordinal));
            Assert.IsFalse(siblings.Any(), $"{method.GetName().Name} references another DID method.");
        }
    }

    [TestMethod]
    public void Nothing_ReferencesTheServer()
    {
        foreach (var assembly in IdentityAssemblies.All)
        {
            Assert.IsFalse(
                assembly.GetReferencedAssemblies().Any(r => r.Name == "Identity.Server"),
                $"{assembly.GetName().Name} references Identity.Server.");
        }
    }

    [TestMethod]
    public void NoAssembly_AllowsUnsafeCode()
    {
        // Native crypto is NSec's; our one libsodium file (Identity.Cryptography/Interop) passes spans by ref, not pointers.
        foreach (var assembly in IdentityAssemblies.All)
        {
            var unverifiable = assembly.GetCustomAttributesData()
                .Any(a => a.AttributeType.FullName == "System.Security.UnverifiableCodeAttribute");
            var module = assembly.ManifestModule.GetCustomAttributesData()
                .Any(a => a.AttributeType.FullName == "System.Security.UnverifiableCodeAttribute");
            Assert.IsFalse(unverifiable || module, $"{assembly.GetName().Name} is compiled with unsafe code.");
        }
    }
}
