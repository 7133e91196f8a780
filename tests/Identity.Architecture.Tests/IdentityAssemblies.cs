using System.Reflection;

namespace Identity.Architecture.Tests;

/// <summary>Every production assembly of the solution, loaded through a type it defines.</summary>
internal static class IdentityAssemblies
{
    public static IReadOnlyList<Assembly> All { get; } =
    [
        typeof(Identity.Primitives.Did).Assembly,
        typeof(Identity.Cryptography.PublicKey).Assembly,
        typeof(Identity.Dids.DidDocument).Assembly,
        typeof(Identity.Biometrics.Coding.BchCode).Assembly,
        typeof(Identity.JsonLd.Rdf.Rdfc10).Assembly,
        typeof(Identity.Credentials.Schemas.CredentialSchemaRegistry).Assembly,
        typeof(Identity.DidMethods.Key.DidKeyMethod).Assembly,
        typeof(Identity.DidMethods.Jwk.DidJwkMethod).Assembly,
        typeof(Identity.DidMethods.Web.DidWebMethod).Assembly,
        typeof(Identity.DidMethods.Pkh.DidPkhMethod).Assembly,
        typeof(Identity.Storage.IIdentityStore).Assembly,
        typeof(Identity.Storage.Sqlite.SqliteIdentityStore).Assembly,
        typeof(Identity.Storage.Postgres.PostgresIdentityStore).Assembly,
        typeof(Identity.Pkcs11.Pkcs11Token).Assembly,
        typeof(Identity.HealthCards.Fhir.FhirValidator).Assembly,
        typeof(Program).Assembly,
        Assembly.Load(new AssemblyName("Identity.Cli")), // its types are internal: an executable with no public API
    ];

    public static Assembly Named(string name) => All.Single(a => a.GetName().Name == name);
}
