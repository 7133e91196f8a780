// References: libsodium 1.0.18 "Secure memory", https://doc.libsodium.org/memory_management
using System.Buffers;
using Identity.Sodium.Interop;

namespace Identity.Sodium;

/// <summary>
/// Secret bytes (a derived key, a biometric template key, a decrypted seed) held in <c>sodium_malloc</c> memory:
/// guarded by inaccessible pages, locked in RAM where the OS allows, and zeroed when disposed.
/// </summary>
/// <remarks>
/// <para>
/// Deliberately mutable: this class owns unmanaged memory and is <see cref="IDisposable"/>, the one exception to the
/// project's immutability rule (as NSec's <c>Key</c>). After <see cref="Dispose"/> every member except
/// <see cref="Length"/> throws <see cref="ObjectDisposedException"/>.
/// </para>
/// <para>
/// Raw access is scoped: <see cref="Use{TState}(TState, SpanAction{byte, TState})"/> and
/// <see cref="Use{TState, TResult}(TState, SecureSpanFunc{TState, TResult})"/> hold a reference on the memory for the
/// duration of the callback, so a concurrent <see cref="Dispose"/> cannot free it mid-use. Do not let the span escape
/// the callback (the compiler prevents storing it; do not copy it into managed arrays you keep).
/// </para>
/// <threadsafety>
/// Not synchronised: concurrent writers race on the contents. Concurrent <see cref="Dispose"/> is memory-safe.
/// </threadsafety>
/// </remarks>
public sealed class SecureBuffer : IDisposable
{
    private readonly Libsodium.SecureMemoryHandle _memory;

    /// <summary>Allocates <paramref name="length"/> bytes of secure memory, initially zero.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="OutOfMemoryException">sodium_malloc failed.</exception>
    /// <exception cref="SodiumUnavailableException">libsodium cannot be loaded.</exception>
    public SecureBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _memory = Libsodium.SecureMemoryHandle.Create(length);
        _memory.Use(0, static (memory, _) => Libsodium.sodium_memzero(memory, (nuint)memory.Length));
    }

    /// <summary>The number of bytes.</summary>
    public int Length => _memory.Length;

    /// <summary>Overwrites the contents with <paramref name="source"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> is not exactly <see cref="Length"/> bytes long.</exception>
    /// <exception cref="ObjectDisposedException">The buffer was disposed.</exception>
    public void CopyFrom(ReadOnlySpan<byte> source)
    {
        if (source.Length != Length)
        {
            throw Error.Argument_Length(nameof(source), Length, source.Length);
        }

        ThrowIfDisposed();
        _memory.Import(source);
    }

    /// <summary>Copies the contents into <paramref name="destination"/>, which the caller must then protect and wipe.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not exactly <see cref="Length"/> bytes long.</exception>
    /// <exception cref="ObjectDisposedException">The buffer was disposed.</exception>
    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length != Length)
        {
            throw Error.Argument_Length(nameof(destination), Length, destination.Length);
        }

        ThrowIfDisposed();
        _memory.Export(destination);
    }

    /// <summary>Runs <paramref name="action"/> over the raw secret bytes (read-write) while they are pinned alive.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The buffer was disposed.</exception>
    public void Use<TState>(TState state, SpanAction<byte, TState> action)
        where TState : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(action);
        ThrowIfDisposed();
        _memory.Use(state, action);
    }

    /// <summary>Runs <paramref name="func"/> over the raw secret bytes while they are pinned alive and returns its result.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="func"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The buffer was disposed.</exception>
    public TResult Use<TState, TResult>(TState state, SecureSpanFunc<TState, TResult> func)
        where TState : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(func);
        ThrowIfDisposed();
        return _memory.Use(state, func);
    }

    /// <summary>Wipes and frees the memory. Idempotent.</summary>
    public void Dispose()
    {
        _memory.Dispose();
    }

    private void ThrowIfDisposed()
    {
        ObjectDisposedException.ThrowIf(_memory.IsClosed, this);
    }
}

/// <summary>A callback over the raw bytes of a <see cref="SecureBuffer"/> that returns a value.</summary>
/// <typeparam name="TState">Caller state passed through without a closure.</typeparam>
/// <typeparam name="TResult">The value returned from <see cref="SecureBuffer.Use{TState, TResult}(TState, SecureSpanFunc{TState, TResult})"/>.</typeparam>
public delegate TResult SecureSpanFunc<in TState, out TResult>(Span<byte> buffer, TState state)
    where TState : allows ref struct;
