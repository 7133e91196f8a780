using System.Collections.Concurrent;
using Identity.Biometrics;
using Identity.Biometrics.Templates;
using Identity.Primitives;
using Identity.Server.Configuration;
using Identity.Server.Security;

namespace Identity.Server.Biometrics;

/// <summary>
/// One <see cref="BiometricProtector"/> per tenant, keyed by the tenant's biometric pepper: a <see cref="TenantSecrets"/>
/// secret created on the tenant's first enrolment, stored wrapped by the master key (never in a record or a credential),
/// and kept unwrapped only in secure memory.
/// </summary>
/// <remarks><threadsafety>Thread-safe; replicas racing to create a pepper all end up with the stored one.</threadsafety></remarks>
internal sealed class BiometricProtectors(TenantSecrets secrets, ServerSettings settings)
{
    public const string PepperName = "biometric-pepper";

    private readonly ConcurrentDictionary<string, BiometricProtector> _byTenant = new(StringComparer.Ordinal);

    private BiometricProtectorOptions Options => new()
    {
        Binary = new BinaryFuzzyCommitmentOptions { OpsLimit = settings.BiometricArgon2Ops, MemLimitBytes = settings.BiometricArgon2KiB * 1024L },
        Embedding = new EmbeddingFuzzyCommitmentOptions { OpsLimit = settings.BiometricArgon2Ops, MemLimitBytes = settings.BiometricArgon2KiB * 1024L },
    };

    public async Task<Result<BiometricProtector>> ForTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (_byTenant.TryGetValue(tenantId, out var protector))
        {
            return protector;
        }

        // The pepper's lifetime is TenantSecrets' (disposed with it); every protector of a tenant shares it.
        var pepper = await secrets.GetAsync(tenantId, PepperName, cancellationToken).ConfigureAwait(false);
        return pepper.IsSuccess ? _byTenant.GetOrAdd(tenantId, _ => new BiometricProtector(pepper.Value, Options)) : pepper.Error!;
    }
}
