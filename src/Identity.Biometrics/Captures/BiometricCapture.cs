namespace Identity.Biometrics.Captures;

/// <summary>
/// One raw capture from a device SDK (never an image): it owns pinned buffers holding template data and wipes them
/// when disposed. Dispose every capture as soon as enrolment or matching returns.
/// </summary>
/// <remarks>
/// <see cref="ToString"/> names the format only. Buffers are allocated on the pinned object heap so the garbage
/// collector never leaves a moved copy of template data behind.
/// <threadsafety>Not synchronised; read from several threads only while nobody disposes it.</threadsafety>
/// </remarks>
public abstract class BiometricCapture : IDisposable
{
    private protected BiometricCapture()
    {
    }

    /// <summary>The modality whose format this capture has: binary → iris, embedding → face.</summary>
    public abstract BiometricModality Modality { get; }

    /// <summary>Whether <see cref="Dispose()"/> ran (the data is gone).</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>Wipes the template data.</summary>
    public void Dispose()
    {
        if (!IsDisposed)
        {
            Wipe();
            IsDisposed = true;
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>The modality's name, never template data.</summary>
    public override string ToString() => $"{GetType().Name} ({Modality.Name()})";

    private protected abstract void Wipe();

    private protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);
}
