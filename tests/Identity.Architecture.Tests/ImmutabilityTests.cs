using System.Reflection;
using System.Runtime.CompilerServices;

namespace Identity.Architecture.Tests;

/// <summary>
/// Public types of the model assemblies are immutable: records, readonly structs, static classes, interfaces or
/// enums. Anything else must be listed here on purpose, with the reason (cf. Noda Time's mutability test).
/// </summary>
[TestClass]
public sealed class ImmutabilityTests
{
    private static readonly Dictionary<string, string> s_allowList = new()
    {
        ["Identity.Primitives.TransparencyLog.MerkleFrontier"] = "an accumulator on purpose: the right edge of a growing Merkle tree, used by one appender",
        ["Identity.Primitives.WorkBudget"] = "a counter on purpose: one per request, charged atomically by every algorithm the request runs",
        ["Identity.Dids.DidResolver"] = "a service: immutable after construction, holds only the frozen method table",
        ["Identity.Credentials.Schemas.CredentialSchemaRegistry"] = "a service: immutable after LoadFrom, a frozen $id → schema table",
        ["Identity.Credentials.Contexts.ContextStore"] = "a service: immutable after LoadFrom, a frozen URL → context table",
        ["Identity.Credentials.DataIntegrity.CryptosuiteRegistry"] = "a service: immutable after construction, a frozen name → suite table",
        ["Identity.Credentials.DataIntegrity.DataIntegrityProofService"] = "a service over the resolver, the suites and the clock; no mutable state",
        ["Identity.Credentials.Cryptosuites.EddsaJcs2022"] = "a stateless algorithm object",
        ["Identity.Credentials.Cryptosuites.EcdsaJcs2019"] = "a stateless algorithm object",
        ["Identity.Credentials.Cryptosuites.EddsaRdfc2022"] = "a stateless algorithm object over a thread-safe JSON-LD processor",
        ["Identity.Credentials.Cryptosuites.Ed25519Signature2020"] = "a stateless, verify-only algorithm object over a thread-safe JSON-LD processor",
        ["Identity.Credentials.Cryptosuites.EcdsaRdfc2019"] = "a stateless algorithm object over a thread-safe JSON-LD processor",
        ["Identity.Credentials.Contexts.ContextStoreDocumentLoader"] = "a stateless adapter over the immutable ContextStore",
        ["Identity.Credentials.Verification.CredentialVerifier"] = "a service: immutable step lists over thread-safe services",
        ["Identity.Credentials.Status.BitstringStatusList"] = "a value: a private byte array fixed at construction, never exposed",
        ["Identity.Credentials.Status.BitstringStatusListChecker"] = "a service: a locked cache of immutable verified lists over thread-safe services",
        ["Identity.Primitives.Caching.ByteBoundedCache`2"] = "a cache: mutable by design, every member under one lock",
        ["Identity.Credentials.Verification.StatusCheckBudget"] = "per-request bookkeeping confined to one verification run, like its context",
        ["Identity.Credentials.Status.TokenStatusList"] = "a value: a private byte array fixed at construction, never exposed",
        ["Identity.Credentials.Status.TokenStatusListChecker"] = "a service: a locked, byte-bounded cache of immutable verified lists over thread-safe services",
        ["Identity.Credentials.Jose.CompactJws"] = "a value: a parsed token whose header, payload and signature are fixed at parsing",
        ["Identity.Credentials.Jose.JwsSignerResolution"] = "a service over the resolver; no mutable state",
        ["Identity.Credentials.Jose.JoseCredentialVerifier"] = "a service: immutable step lists over thread-safe services",
        ["Identity.Credentials.SdJwt.SdJwtVerifier"] = "a service over the resolver and the clock; no mutable state",
        ["Identity.Credentials.SdJwt.SdHashAlgorithm"] = "a stateless algorithm object",
    };

    public static IEnumerable<object[]> ModelAssemblies() =>
        new[] { "Identity.Primitives", "Identity.Dids", "Identity.Credentials" }.Select(n => new object[] { n });

    [TestMethod]
    [DynamicData(nameof(ModelAssemblies))]
    public void PublicTypes_AreImmutableOrAllowListed(string assemblyName)
    {
        var offenders = IdentityAssemblies.Named(assemblyName).GetExportedTypes()
            .Where(t => !IsImmutableShape(t) && !s_allowList.ContainsKey(t.FullName!))
            .Select(t => t.FullName)
            .ToList();

        Assert.AreEqual(0, offenders.Count, "Not a record, readonly struct, static class, interface or enum: " + string.Join(", ", offenders));
    }

    private static bool IsImmutableShape(Type type)
    {
        if (type.IsInterface || type.IsEnum || (type.IsAbstract && type.IsSealed) || typeof(Delegate).IsAssignableFrom(type))
        {
            return true;
        }

        if (type.IsValueType)
        {
            return type.GetCustomAttribute<IsReadOnlyAttribute>() is not null;
        }

        // The compiler gives every record class a synthesized '<Clone>$' method.
        var isRecord = type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null;
        return isRecord && type.GetProperties().All(p => p.SetMethod is null || IsInitOnly(p.SetMethod));
    }

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
}
