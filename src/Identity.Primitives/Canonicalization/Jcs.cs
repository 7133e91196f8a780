// References:
//   RFC 8785, JSON Canonicalization Scheme (JCS), June 2020 — https://www.rfc-editor.org/rfc/rfc8785
//   RFC 7493, The I-JSON Message Format (the input domain RFC 8785 requires) — https://www.rfc-editor.org/rfc/rfc7493

using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Primitives.Canonicalization;

/// <summary>
/// The JSON Canonicalization Scheme (RFC 8785): one byte sequence per JSON value, for hashing and signing
/// (eddsa-jcs-2022, ecdsa-jcs-2019, did:jwk).
/// </summary>
/// <remarks>
/// <para>Object members are sorted by the UTF-16 code units of their unescaped names, recursively; arrays keep their
/// order; there is no whitespace; strings are escaped as RFC 8785 §3.2.2.2 specifies and numbers are read as IEEE-754
/// doubles and written as ECMAScript does (<see cref="EcmaScriptNumber"/>).</para>
/// <para>Failures are values, with these stable codes: <see cref="ErrorCodes.InvalidJson"/> for text that is not JSON,
/// is not UTF-8, or repeats a property name within one object; <see cref="ErrorCodes.JcsUnrepresentable"/> for values
/// that have no canonical form: NaN or ±Infinity, a number beyond the double range (<c>1e400</c>), a lone surrogate in
/// a string or a name, or a tree nested too deeply.</para>
/// <threadsafety>Stateless; safe to call from any thread. Do not mutate a <see cref="JsonNode"/> while it is being canonicalized.</threadsafety>
/// </remarks>
public static class Jcs
{
    /// <summary>The deepest nesting accepted when parsing JSON text.</summary>
    public const int MaxParseDepth = 256;

    private const int InitialBufferSize = 1024;

    private static readonly JsonDocumentOptions s_parseOptions = new() { MaxDepth = MaxParseDepth };

    /// <summary>Canonicalizes a <see cref="JsonNode"/> tree (a null node is the JSON literal <c>null</c>).</summary>
    /// <returns>The UTF-8 bytes of the canonical form, or an error as described on <see cref="Jcs"/>.</returns>
    public static Result<byte[]> Canonicalize(JsonNode? node)
    {
        using var buffer = new PooledByteBufferWriter(InitialBufferSize);
        return TryWrite(node, buffer, out Error? error) ? buffer.WrittenSpan.ToArray() : error;
    }

    /// <summary>Canonicalizes a <see cref="JsonElement"/>. Repeated property names within one object are rejected.</summary>
    /// <returns>The UTF-8 bytes of the canonical form, or an error as described on <see cref="Jcs"/>.</returns>
    public static Result<byte[]> Canonicalize(JsonElement element)
    {
        using var buffer = new PooledByteBufferWriter(InitialBufferSize);
        var writer = new JcsWriter(buffer);
        bool written = writer.WriteElement(element);
        writer.Flush();
        return written ? buffer.WrittenSpan.ToArray() : writer.Error!;
    }

    /// <summary>
    /// Parses UTF-8 JSON text (strictly: no comments, trailing commas or byte-order mark; at most
    /// <see cref="MaxParseDepth"/> levels) and canonicalizes it.
    /// </summary>
    /// <returns>The UTF-8 bytes of the canonical form, or an error as described on <see cref="Jcs"/>.</returns>
    public static Result<byte[]> Canonicalize(ReadOnlySpan<byte> utf8Json)
    {
        // JsonDocument keeps a reference to the memory it parses, so the text is copied into a pooled array it can hold.
        byte[] text = ArrayPool<byte>.Shared.Rent(utf8Json.Length);
        try
        {
            utf8Json.CopyTo(text);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text.AsMemory(0, utf8Json.Length), s_parseOptions);
            }
            catch (JsonException e)
            {
                // Boundary: System.Text.Json reports malformed text only by exception.
                return new Error(ErrorCodes.InvalidJson, $"Not a JSON text: {e.Message}");
            }

            using (document)
            {
                return Canonicalize(document.RootElement);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(text);
        }
    }

    /// <summary>Canonicalizes a <see cref="JsonNode"/> tree to a string (the canonical UTF-8 bytes, decoded).</summary>
    /// <returns>The canonical text, or an error as described on <see cref="Jcs"/>.</returns>
    public static Result<string> CanonicalizeToString(JsonNode? node)
    {
        using var buffer = new PooledByteBufferWriter(InitialBufferSize);
        return TryWrite(node, buffer, out Error? error) ? Encoding.UTF8.GetString(buffer.WrittenSpan) : error;
    }

    /// <summary>
    /// Canonicalizes <paramref name="obj"/> as changed by <paramref name="overlay"/> — one member left out, one member's
    /// value replaced (or added) — without copying the tree: the same bytes as canonicalizing a modified deep clone.
    /// </summary>
    /// <returns>The UTF-8 bytes of the canonical form, or an error as described on <see cref="Jcs"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="obj"/> is null.</exception>
    public static Result<byte[]> Canonicalize(JsonObject obj, JcsOverlay overlay)
    {
        ArgumentNullException.ThrowIfNull(obj);
        using var buffer = new PooledByteBufferWriter(InitialBufferSize);
        var writer = new JcsWriter(buffer);
        bool written = writer.WriteObject(obj, overlay);
        writer.Flush();
        return written ? buffer.WrittenSpan.ToArray() : writer.Error!;
    }

    /// <summary>
    /// Writes the canonical form of <paramref name="node"/> to <paramref name="output"/>, for hot paths that hash or
    /// sign straight from a pooled buffer.
    /// </summary>
    /// <param name="node">The tree; null is the JSON literal <c>null</c>.</param>
    /// <param name="output">Receives the UTF-8 bytes. On failure it may already hold a partial, meaningless prefix.</param>
    /// <param name="error">The failure, or null on success.</param>
    /// <returns>True when the whole canonical form was written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
    public static bool TryWrite(JsonNode? node, IBufferWriter<byte> output, [NotNullWhen(false)] out Error? error)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = new JcsWriter(output);
        bool written = writer.WriteNode(node);
        writer.Flush();
        error = written ? null : writer.Error!;
        return written;
    }
}
