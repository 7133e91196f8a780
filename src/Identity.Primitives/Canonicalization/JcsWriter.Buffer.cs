// References:
//   RFC 8785, JSON Canonicalization Scheme (JCS), June 2020 — https://www.rfc-editor.org/rfc/rfc8785

using System.Buffers;
using System.Runtime.CompilerServices;
using Identity.Primitives;

namespace Identity.Primitives.Canonicalization;

/// <summary>Output handling: a span borrowed from the buffer writer, committed in chunks, and the first-error latch.</summary>
internal ref partial struct JcsWriter
{
    // Bytes asked of the output each time the current span runs out; amortises IBufferWriter calls.
    private const int ChunkSize = 1024;

    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _position;

    public JcsWriter(IBufferWriter<byte> output) => _output = output;

    /// <summary>The first failure, or null while every write has succeeded.</summary>
    public Error? Error { get; private set; }

    /// <summary>Commits the bytes written so far to the output.</summary>
    public void Flush()
    {
        _output.Advance(_position);
        _position = 0;
        _span = default;
    }

    private bool EnterContainer() =>
        RuntimeHelpers.TryEnsureSufficientExecutionStack()
        || Fail(ErrorCodes.JcsUnrepresentable, "The JSON tree is nested too deeply to canonicalize.");

    private bool Fail(string code, string detail)
    {
        Error ??= new Error(code, detail);
        return false;
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");

    private bool WriteByte(byte value)
    {
        Ensure(1);
        _span[_position++] = value;
        return true;
    }

    private bool WriteRaw(scoped ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            Ensure(1);
            int n = Math.Min(bytes.Length, _span.Length - _position);
            bytes[..n].CopyTo(_span[_position..]);
            _position += n;
            bytes = bytes[n..];
        }

        return true;
    }

    /// <summary>Makes at least <paramref name="count"/> bytes available at <c>_span[_position..]</c>.</summary>
    private void Ensure(int count)
    {
        if (_span.Length - _position < count)
        {
            _output.Advance(_position);
            _position = 0;
            _span = _output.GetSpan(Math.Max(count, ChunkSize));
        }
    }
}
