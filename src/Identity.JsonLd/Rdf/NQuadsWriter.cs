// References:
//   RDF 1.1 N-Quads — https://www.w3.org/TR/n-quads/
//   RDF Dataset Canonicalization (RDFC-1.0), §4.3 and Appendix A (canonical N-Quads) — https://www.w3.org/TR/rdf-canon/

using System.Buffers;
using System.Text;

namespace Identity.JsonLd.Rdf;

/// <summary>Writes quads in canonical N-Quads form (the form RDFC-1.0 hashes and outputs), as UTF-8.</summary>
/// <threadsafety>Stateless; safe from any thread.</threadsafety>
public static class NQuadsWriter
{
    private static readonly byte[] s_hexUpper = "0123456789ABCDEF"u8.ToArray();

    /// <summary>The canonical N-Quads line of <paramref name="quad"/>, ending with a line feed.</summary>
    public static string ToLine(in RdfQuad quad)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        Write(buffer, quad);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Serializes every quad, one line each, in the given order.</summary>
    public static string Serialize(IEnumerable<RdfQuad> quads)
    {
        ArgumentNullException.ThrowIfNull(quads);
        var buffer = new ArrayBufferWriter<byte>(1024);
        foreach (RdfQuad quad in quads)
        {
            Write(buffer, quad);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Appends the canonical line of <paramref name="quad"/> (with its final line feed) to <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, in RdfQuad quad)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteTerm(output, quad.Subject);
        WriteAscii(output, " "u8);
        WriteTerm(output, quad.Predicate);
        WriteAscii(output, " "u8);
        WriteTerm(output, quad.Object);
        if (quad.Graph.Kind != RdfTermKind.DefaultGraph)
        {
            WriteAscii(output, " "u8);
            WriteTerm(output, quad.Graph);
        }

        WriteAscii(output, " .\n"u8);
    }

    /// <summary>Appends one term in canonical form (nothing for the default graph).</summary>
    public static void WriteTerm(IBufferWriter<byte> output, in RdfTerm term)
    {
        switch (term.Kind)
        {
            case RdfTermKind.Iri:
                WriteAscii(output, "<"u8);
                WriteUtf8(output, term.Value);
                WriteAscii(output, ">"u8);
                break;
            case RdfTermKind.BlankNode:
                WriteAscii(output, "_:"u8);
                WriteUtf8(output, term.Value);
                break;
            case RdfTermKind.Literal:
                WriteAscii(output, "\""u8);
                WriteEscaped(output, term.Value);
                WriteAscii(output, "\""u8);
                if (term.Language is not null)
                {
                    WriteAscii(output, "@"u8);
                    WriteUtf8(output, term.Language);
                }
                else if (term.Datatype is not null && term.Datatype != RdfTerm.XsdString)
                {
                    WriteAscii(output, "^^<"u8);
                    WriteUtf8(output, term.Datatype);
                    WriteAscii(output, ">"u8);
                }

                break;
            default:
                break;
        }
    }

    private static void WriteAscii(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    private static void WriteUtf8(IBufferWriter<byte> output, string value)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        int written = Encoding.UTF8.GetBytes(value, output.GetSpan(max));
        output.Advance(written);
    }

    // Canonical escaping: \b \t \n \f \r \" \\ as ECHAR, other C0 controls and DEL as \uXXXX (upper-case hex), all else verbatim.
    private static void WriteEscaped(IBufferWriter<byte> output, string value)
    {
        int start = 0;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F)
            {
                continue;
            }

            if (i > start)
            {
                WriteUtf8Slice(output, value.AsSpan(start, i - start));
            }

            start = i + 1;
            switch (c)
            {
                case '\b': WriteAscii(output, "\\b"u8); break;
                case '\t': WriteAscii(output, "\\t"u8); break;
                case '\n': WriteAscii(output, "\\n"u8); break;
                case '\f': WriteAscii(output, "\\f"u8); break;
                case '\r': WriteAscii(output, "\\r"u8); break;
                case '"': WriteAscii(output, "\\\""u8); break;
                case '\\': WriteAscii(output, "\\\\"u8); break;
                default:
                    Span<byte> u = output.GetSpan(6);
                    u[0] = (byte)'\\';
                    u[1] = (byte)'u';
                    u[2] = (byte)'0';
                    u[3] = (byte)'0';
                    u[4] = s_hexUpper[c >> 4];
                    u[5] = s_hexUpper[c & 0xF];
                    output.Advance(6);
                    break;
            }
        }

        if (start < value.Length)
        {
            WriteUtf8Slice(output, value.AsSpan(start));
        }
    }

    private static void WriteUtf8Slice(IBufferWriter<byte> output, ReadOnlySpan<char> chars)
    {
        int max = Encoding.UTF8.GetMaxByteCount(chars.Length);
        int written = Encoding.UTF8.GetBytes(chars, output.GetSpan(max));
        output.Advance(written);
    }
}
