using System.Collections.Concurrent;
using System.Security.Cryptography;
using Identity.Cryptography;
using Identity.Primitives;
using Identity.Storage;

namespace Identity.Server.Security;

/// <summary>
/// A tenant's named 32-byte secrets (the data key, the audit pseudonym key, the biometric pepper): created at random on
/// first use, stored only wrapped by <see cref="IDataKeyWrapper"/>, and kept unwrapped only in secure memory, once per
/// process.
/// </summary>
/// <remarks><threadsafety>Thread-safe; replicas racing to create a secret all end up with the stored one.</threadsafety></remarks>
internal sealed class TenantSecrets(IIdentityStore store, IDataKeyWrapper wrapper, TimeProvider time) : IDisposable
{
    public const int Size = 32;

    private readonly ConcurrentDictionary<(string Tenant, string Name), Lazy<Task<Result<SecureBuffer>>>> _secrets = new();

    /// <summary>The tenant's secret <paramref name="name"/>; <c>notFound</c> for an unknown tenant (nothing is cached then).</summary>
    public async Task<Result<SecureBuffer>> GetAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        var key = (tenantId, name);
        var lazy = _secrets.GetOrAdd(key, k => new Lazy<Task<Result<SecureBuffer>>>(() => LoadAsync(k.Tenant, k.Name)));
        var secret = await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!secret.IsSuccess)
        {
            _secrets.TryRemove(new KeyValuePair<(string, string), Lazy<Task<Result<SecureBuffer>>>>(key, lazy));
        }

        return secret;
    }

    public void Dispose()
    {
        foreach (var lazy in _secrets.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && lazy.Value.Result.IsSuccess)
            {
                lazy.Value.Result.Value.Dispose();
            }
        }
    }

    private async Task<Result<SecureBuffer>> LoadAsync(string tenantId, string name)
    {
        var candidate = GC.AllocateArray<byte>(Size, pinned: true);
        byte[] wrappedCandidate;
        try
        {
            RandomNumberGenerator.Fill(candidate);
            wrappedCandidate = wrapper.WrapSecret(candidate, tenantId, name);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(candidate);
        }

        var stored = await store.GetOrAddTenantSecretAsync(tenantId, name, wrappedCandidate, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        return stored.IsSuccess ? wrapper.UnwrapSecret(stored.Value, tenantId, name) : stored.Error!;
    }
}
