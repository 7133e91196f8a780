namespace Identity.Server.Biometrics;

/// <summary>
/// Runs enrolment and matching (Argon2id at 64 MiB by default) off the request threads, at most one per core at a
/// time, so a burst of biometric requests queues instead of exhausting memory.
/// </summary>
internal sealed class BiometricWork : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Environment.ProcessorCount, Environment.ProcessorCount);

    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(work, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
