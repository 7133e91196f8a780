// References: .NET pinned object heap, GC.AllocateArray(pinned: true),
// https://learn.microsoft.com/dotnet/api/system.gc.allocatearray ; CryptographicOperations.ZeroMemory.
using System.Buffers;
using System.Security.Cryptography;

namespace Identity.Cryptography;

/// <summary>
/// Secret bytes that are not a key of an NSec algorithm (a biometric pepper, an unwrapped seed): held in one pinned
/// array, so the garbage collector never moves (and so never leaves copies of) them, and zeroed when disposed.
/// </summary>
/// <remarks>
/// <para>
/// Deliberately mutable: this class owns secret memory and is <see cref="IDisposable"/>, the one exception to the
/// project's immutability rule (as NSec's <c>Key</c>). After <see cref="Dispose"/> every member except
/// <see cref="Length"/> throws <see cref="ObjectDisposedException"/>.
/// </para>
/// <para>
/// Raw access is scoped to the callbacks of <see cref="Use{TState}(TState, SpanAction{byte, TState})"/> and
/// <see cref="Use{TState, TResult}(TState, SecureSpanFunc{TState, TResult})"/>; do not copy the span into arrays you keep.
/// </para>
/// <threadsafety>
/// Not synchronised: concurrent writers race on the contents. A concurrent <see cref="Dispose"/> is memory-safe (the
/// array stays alive) but zeroes the bytes under a running callback.
/// </threadsafety>
/// </remarks>
public sealed class SecureBuffer : IDisposable
{
    private readonly byte[] _memory;
    private volatile bool _disposed;

    /// <summary>Allocates <paramref name="length"/> zeroed, pinned bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public SecureBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _memory = GC.AllocateArray<byte>(length, pinned: true);
    }

    /// <summary>The number of bytes.</summary>
    public int Length => _memory.Length;

    /// <summary>Overwrites the contents with <paramref name="source"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> is not exactly <see cref="Length"/> bytes long.</exception>
    /// <exception cref="ObjectDisposedException">The buffer was disposed.</exception>
    public void CopyFrom(ReadOnlySpan<byte> source)
    {
        CheckLength(source.Length, nameof(source));
        ObjectDisposedException.ThrowIf(_disposed, this);
        source.CopyTo(_memory);
    }

    /// <summary>Copies the contents into <paramref name="destination"/>, which the caller must then protect and wipe.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not exactly <see cref="Length"/> bytes long.</exception>
    /// <exception cref="ObjectDisposedException">The buffer was disposed.</exception>
    public void CopyTo(Span<byte> destination)
    {
        CheckLength(destination.Length, nameof(destination));
        ObjectDisposedException.ThrowIf(_disposed, this);
        _memory.CopyTo(destination);
    }

    /// <summary>Runs <paramref name="action"/> over the raw secret bytes (read-write).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The buffer was disposed.</exception>
    public void Use<TState>(TState state, SpanAction<byte, TState> action)
        where TState : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(action);
        ObjectDisposedException.ThrowIf(_disposed, this);
        action(_memory, state);
    }

    /// <summary>Runs <paramref name="func"/> over the raw secret bytes and returns its result.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="func"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The buffer was disposed.</exception>
    public TResult Use<TState, TResult>(TState state, SecureSpanFunc<TState, TResult> func)
        where TState : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(func);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return func(_memory, state);
    }

    /// <summary>Zeroes the bytes. Idempotent.</summary>
    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_memory);
    }

    private void CheckLength(int actual, string paramName)
    {
        if (actual != _memory.Length)
        {
            throw new ArgumentException($"Expected exactly {_memory.Length} bytes, got {actual}.", paramName);
        }
    }
}

/// <summary>A callback over the raw bytes of a <see cref="SecureBuffer"/> that returns a value.</summary>
/// <typeparam name="TState">Caller state passed through without a closure.</typeparam>
/// <typeparam name="TResult">The value returned from <see cref="SecureBuffer.Use{TState, TResult}(TState, SecureSpanFunc{TState, TResult})"/>.</typeparam>
public delegate TResult SecureSpanFunc<in TState, out TResult>(Span<byte> buffer, TState state)
    where TState : allows ref struct;
