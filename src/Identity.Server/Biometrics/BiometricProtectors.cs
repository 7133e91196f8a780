using System.Collections.Concurrent;
using Identity.Biometrics;
using Identity.Biometrics.Templates;
using Identity.Primitives;
using Identity.Server.Configuration;
using Identity.Server.Security;
using Identity.Storage;
using System.Security.Cryptography;
using Identity.Cryptography;

namespace Identity.Server.Biometrics;

/// <summary>
/// One <see cref="BiometricProtector"/> per tenant, keyed by the tenant's biometric pepper: 32 random bytes created on
/// the tenant's first enrolment, stored wrapped by the master key (never in a record or a credential), and kept
/// unwrapped only in libsodium secure memory.
/// </summary>
/// <remarks><threadsafety>Thread-safe; replicas racing to create a pepper all end up with the stored one.</threadsafety></remarks>
internal sealed class BiometricProtectors(IIdentityStore store, KeyWrapper wrapper, ServerSettings settings, TimeProvider time) : IDisposable
{
    public const string PepperName = "biometric-pepper";
    private const int PepperSize = 32;

    private readonly ConcurrentDictionary<string, Lazy<Task<Result<Entry>>>> _byTenant = new(StringComparer.Ordinal);

    private BiometricProtectorOptions Options => new()
    {
        Binary = new BinaryFuzzyCommitmentOptions { OpsLimit = settings.BiometricArgon2Ops, MemLimitBytes = settings.BiometricArgon2KiB * 1024L },
        Embedding = new EmbeddingFuzzyCommitmentOptions { OpsLimit = settings.BiometricArgon2Ops, MemLimitBytes = settings.BiometricArgon2KiB * 1024L },
    };

    public async Task<Result<BiometricProtector>> ForTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        var lazy = _byTenant.GetOrAdd(tenantId, id => new Lazy<Task<Result<Entry>>>(() => LoadAsync(id, CancellationToken.None)));
        var entry = await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!entry.IsSuccess)
        {
            _byTenant.TryRemove(new KeyValuePair<string, Lazy<Task<Result<Entry>>>>(tenantId, lazy));
            return entry.Error!;
        }

        return entry.Value.Protector;
    }

    public void Dispose()
    {
        foreach (var lazy in _byTenant.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && lazy.Value.Result.IsSuccess)
            {
                lazy.Value.Result.Value.Pepper.Dispose();
            }
        }
    }

    private async Task<Result<Entry>> LoadAsync(string tenantId, CancellationToken cancellationToken)
    {
        var candidate = GC.AllocateArray<byte>(PepperSize, pinned: true);
        byte[] wrappedCandidate;
        try
        {
            RandomNumberGenerator.Fill(candidate);
            wrappedCandidate = wrapper.WrapSecret(candidate, tenantId, PepperName);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(candidate);
        }

        var stored = await store.GetOrAddTenantSecretAsync(tenantId, PepperName, wrappedCandidate, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (!stored.IsSuccess)
        {
            return stored.Error!;
        }

        var pepper = wrapper.UnwrapSecret(stored.Value, tenantId, PepperName);
        return new Entry(pepper, new BiometricProtector(pepper, Options));
    }

    private sealed record Entry(SecureBuffer Pepper, BiometricProtector Protector);
}
