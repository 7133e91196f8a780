// References: libsodium 1.0.18 "Secure memory" (sodium_malloc, sodium_free),
// https://doc.libsodium.org/memory_management ;
// SafeHandle reference counting, https://learn.microsoft.com/dotnet/api/system.runtime.interopservices.safehandle
using System.Buffers;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Identity.Sodium.Interop;

internal static partial class Libsodium
{
    /// <summary>
    /// Owns one <c>sodium_malloc</c> allocation that holds secret bytes (a key, a seed, a password).
    /// </summary>
    /// <remarks>
    /// Invariant: <see cref="Length"/> is the size passed to <c>sodium_malloc</c>, and raw memory is only
    /// touched between <see cref="SafeHandle.DangerousAddRef"/> and <see cref="SafeHandle.DangerousRelease"/>,
    /// so a concurrent <see cref="SafeHandle.Dispose()"/> cannot free it mid-use. The LibraryImport
    /// marshaller brackets native calls that take this handle in the same way.
    /// </remarks>
    internal sealed class SecureMemoryHandle : SafeHandle
    {
        private int _length;

        /// <summary>For the marshaller only; use <see cref="Create"/>.</summary>
        public SecureMemoryHandle()
            : base(invalidHandleValue: 0, ownsHandle: true)
        {
        }

        public override bool IsInvalid => handle == 0;

        /// <summary>The number of usable bytes.</summary>
        internal int Length => _length;

        /// <summary>Allocates <paramref name="length"/> bytes of guarded, locked memory (contents unspecified).</summary>
        /// <exception cref="OutOfMemoryException">sodium_malloc returned NULL.</exception>
        internal static SecureMemoryHandle Create(int length)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(length);
            Sodium.EnsureInitialized();
            SecureMemoryHandle memory = sodium_malloc((nuint)length);
            if (memory.IsInvalid)
            {
                memory.Dispose();
                throw Error.OutOfMemory_SecureMemory(length);
            }

            memory._length = length;
            return memory;
        }

        /// <summary>Overwrites the whole allocation with <paramref name="source"/>, which must be exactly <see cref="Length"/> bytes.</summary>
        internal void Import(ReadOnlySpan<byte> source)
        {
            Debug.Assert(source.Length == _length);
            Use(source, static (memory, source) => source.CopyTo(memory));
        }

        /// <summary>Copies the whole allocation into <paramref name="destination"/>, which must be exactly <see cref="Length"/> bytes.</summary>
        internal void Export(Span<byte> destination)
        {
            Debug.Assert(destination.Length == _length);
            Use(destination, static (memory, destination) => memory.CopyTo(destination));
        }

        /// <summary>Runs <paramref name="action"/> over the raw memory while holding a reference.</summary>
        /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
        internal void Use<TState>(TState state, SpanAction<byte, TState> action)
            where TState : allows ref struct
        {
            bool added = false;
            try
            {
                DangerousAddRef(ref added);
                action(DangerousGetSpan(), state);
            }
            finally
            {
                if (added)
                {
                    DangerousRelease();
                }
            }
        }

        /// <summary>Runs <paramref name="func"/> over the raw memory while holding a reference and returns its result.</summary>
        /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
        internal TResult Use<TState, TResult>(TState state, SecureSpanFunc<TState, TResult> func)
            where TState : allows ref struct
        {
            bool added = false;
            try
            {
                DangerousAddRef(ref added);
                return func(DangerousGetSpan(), state);
            }
            finally
            {
                if (added)
                {
                    DangerousRelease();
                }
            }
        }

        // Only valid between DangerousAddRef and DangerousRelease; never store the result.
        private unsafe Span<byte> DangerousGetSpan()
        {
            return new Span<byte>((void*)handle, _length);
        }

        protected override bool ReleaseHandle()
        {
            // sodium_free zeroes the bytes before unmapping them.
            sodium_free(handle);
            return true;
        }
    }
}
