// References:
//   RDF 1.1 N-Quads, §5 Grammar — https://www.w3.org/TR/n-quads/#sec-grammar

using System.Globalization;
using System.Text;
using Identity.Primitives;

namespace Identity.JsonLd.Rdf;

/// <summary>Parses an N-Quads document (RDF 1.1) into quads.</summary>
/// <remarks>
/// Malformed input is a value: <see cref="ErrorCodes.InvalidNQuads"/> naming the line. Escapes (<c>\uXXXX</c>,
/// <c>\UXXXXXXXX</c>, ECHAR) are decoded, so the terms hold their real characters.
/// <threadsafety>Stateless; safe from any thread.</threadsafety>
/// </remarks>
public static class NQuadsParser
{
    /// <summary>Parses <paramref name="document"/>.</summary>
    /// <returns>The quads in document order (duplicates kept), or <see cref="ErrorCodes.InvalidNQuads"/>.</returns>
    public static Result<IReadOnlyList<RdfQuad>> Parse(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var quads = new List<RdfQuad>();
        var cursor = new Cursor(document);
        while (true)
        {
            cursor.SkipWhitespaceAndComments(newlines: true);
            if (cursor.AtEnd)
            {
                return quads;
            }

            string? error = ParseStatement(ref cursor, out RdfQuad quad);
            if (error is not null)
            {
                return new Error(ErrorCodes.InvalidNQuads, $"Line {cursor.Line}: {error}");
            }

            quads.Add(quad);
        }
    }

    private static string? ParseStatement(ref Cursor cursor, out RdfQuad quad)
    {
        quad = default;
        if (ParseTerm(ref cursor, allowLiteral: false, out RdfTerm subject) is { } e1)
        {
            return "subject: " + e1;
        }

        cursor.SkipWhitespaceAndComments(newlines: false);
        if (ParseTerm(ref cursor, allowLiteral: false, out RdfTerm predicate) is { } e2)
        {
            return "predicate: " + e2;
        }

        if (predicate.Kind != RdfTermKind.Iri)
        {
            return "the predicate must be an IRI.";
        }

        cursor.SkipWhitespaceAndComments(newlines: false);
        if (ParseTerm(ref cursor, allowLiteral: true, out RdfTerm obj) is { } e3)
        {
            return "object: " + e3;
        }

        cursor.SkipWhitespaceAndComments(newlines: false);
        RdfTerm graph = RdfTerm.DefaultGraph;
        if (!cursor.AtEnd && cursor.Peek != '.')
        {
            if (ParseTerm(ref cursor, allowLiteral: false, out graph) is { } e4)
            {
                return "graph: " + e4;
            }

            cursor.SkipWhitespaceAndComments(newlines: false);
        }

        if (cursor.AtEnd || cursor.Peek != '.')
        {
            return "expected '.' at the end of the statement.";
        }

        cursor.Advance();
        cursor.SkipWhitespaceAndComments(newlines: false);
        if (!cursor.AtEnd && cursor.Peek != '\n' && cursor.Peek != '\r')
        {
            return "unexpected characters after '.'.";
        }

        quad = new RdfQuad(subject, predicate, obj, graph);
        return null;
    }

    private static string? ParseTerm(ref Cursor cursor, bool allowLiteral, out RdfTerm term)
    {
        term = default;
        if (cursor.AtEnd)
        {
            return "unexpected end of input.";
        }

        switch (cursor.Peek)
        {
            case '<':
                cursor.Advance();
                if (ReadIri(ref cursor, out string? iri) is { } iriError)
                {
                    return iriError;
                }

                term = RdfTerm.Iri(iri!);
                return null;
            case '_':
                return ReadBlankNode(ref cursor, out term);
            case '"' when allowLiteral:
                return ReadLiteral(ref cursor, out term);
            default:
                return $"unexpected character '{cursor.Peek}'.";
        }
    }

    private static string? ReadIri(ref Cursor cursor, out string? iri)
    {
        iri = null;
        var builder = new StringBuilder();
        while (!cursor.AtEnd)
        {
            char c = cursor.Peek;
            cursor.Advance();
            if (c == '>')
            {
                iri = builder.ToString();
                return iri.Contains(':', StringComparison.Ordinal) ? null : $"the IRI <{iri}> is not absolute.";
            }

            if (c == '\\')
            {
                if (ReadUnicodeEscape(ref cursor, builder) is { } escapeError)
                {
                    return escapeError;
                }

                continue;
            }

            if (c <= 0x20 || c is '<' or '"' or '{' or '}' or '|' or '^' or '`')
            {
                return $"the character U+{(int)c:X4} is not allowed in an IRI.";
            }

            builder.Append(c);
        }

        return "unterminated IRI.";
    }

    private static string? ReadBlankNode(ref Cursor cursor, out RdfTerm term)
    {
        term = default;
        if (!cursor.StartsWith("_:"))
        {
            return "expected '_:'.";
        }

        cursor.Advance(2);
        int start = cursor.Position;
        while (!cursor.AtEnd && IsLabelChar(cursor.Peek))
        {
            cursor.Advance();
        }

        // A label never ends with '.': a final dot is the statement's terminator.
        while (cursor.Position > start && cursor.Text[cursor.Position - 1] == '.')
        {
            cursor.Position--;
        }

        if (cursor.Position == start || cursor.Text[start] is '-' or '.')
        {
            return "empty or malformed blank node label.";
        }

        term = RdfTerm.Blank(cursor.Text[start..cursor.Position]);
        return null;
    }

    private static bool IsLabelChar(char c) =>
        char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or ':' or '\u00B7' || (c >= 0x80 && !char.IsWhiteSpace(c));

    private static string? ReadLiteral(ref Cursor cursor, out RdfTerm term)
    {
        term = default;
        cursor.Advance();
        var builder = new StringBuilder();
        while (true)
        {
            if (cursor.AtEnd)
            {
                return "unterminated literal.";
            }

            char c = cursor.Peek;
            cursor.Advance();
            if (c == '"')
            {
                break;
            }

            if (c is '\n' or '\r')
            {
                return "a line break inside a literal must be escaped.";
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (cursor.AtEnd)
            {
                return "unterminated escape.";
            }

            char e = cursor.Peek;
            string? simple = e switch
            {
                't' => "\t", 'b' => "\b", 'n' => "\n", 'r' => "\r", 'f' => "\f", '"' => "\"", '\'' => "'", '\\' => "\\", _ => null,
            };
            if (simple is not null)
            {
                cursor.Advance();
                builder.Append(simple);
            }
            else if (ReadUnicodeEscape(ref cursor, builder) is { } escapeError)
            {
                return escapeError;
            }
        }

        string value = builder.ToString();
        if (cursor.StartsWith("^^"))
        {
            cursor.Advance(2);
            if (cursor.AtEnd || cursor.Peek != '<')
            {
                return "expected a datatype IRI after '^^'.";
            }

            cursor.Advance();
            if (ReadIri(ref cursor, out string? datatype) is { } dtError)
            {
                return dtError;
            }

            term = RdfTerm.Literal(value, datatype);
            return null;
        }

        if (!cursor.AtEnd && cursor.Peek == '@')
        {
            cursor.Advance();
            int start = cursor.Position;
            while (!cursor.AtEnd && (char.IsAsciiLetterOrDigit(cursor.Peek) || cursor.Peek == '-'))
            {
                cursor.Advance();
            }

            string language = cursor.Text[start..cursor.Position];
            if (language.Length == 0 || !char.IsAsciiLetter(language[0]) || language.EndsWith('-'))
            {
                return "malformed language tag.";
            }

            term = RdfTerm.Literal(value, language: language);
            return null;
        }

        term = RdfTerm.Literal(value);
        return null;
    }

    // Called after a backslash; accepts \uXXXX and \UXXXXXXXX.
    private static string? ReadUnicodeEscape(ref Cursor cursor, StringBuilder builder)
    {
        if (cursor.AtEnd || cursor.Peek is not ('u' or 'U'))
        {
            return "invalid escape sequence.";
        }

        int length = cursor.Peek == 'u' ? 4 : 8;
        cursor.Advance();
        if (cursor.Position + length > cursor.Text.Length
            || !int.TryParse(cursor.Text.AsSpan(cursor.Position, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code)
            || code > 0x10FFFF || code < 0)
        {
            return "invalid \\u or \\U escape.";
        }

        cursor.Advance(length);
        if (code >= 0x10000)
        {
            builder.Append(char.ConvertFromUtf32(code));
        }
        else
        {
            builder.Append((char)code);
        }

        return null;
    }

    private struct Cursor(string text)
    {
        public readonly string Text = text;
        public int Position;
        public int Line = 1;

        public readonly bool AtEnd => Position >= Text.Length;

        public readonly char Peek => Text[Position];

        public void Advance(int count = 1) => Position += count;

        public readonly bool StartsWith(string prefix) => Text.AsSpan(Position).StartsWith(prefix, StringComparison.Ordinal);

        public void SkipWhitespaceAndComments(bool newlines)
        {
            while (!AtEnd)
            {
                char c = Peek;
                if (c is ' ' or '\t')
                {
                    Position++;
                }
                else if (newlines && c is '\n' or '\r')
                {
                    if (c == '\n')
                    {
                        Line++;
                    }

                    Position++;
                }
                else if (c == '#')
                {
                    while (!AtEnd && Peek is not ('\n' or '\r'))
                    {
                        Position++;
                    }
                }
                else
                {
                    return;
                }
            }
        }
    }
}
