// References:
//   RFC 8259, The JavaScript Object Notation (JSON) Data Interchange Format, December 2017, §7 (strings, surrogate
//     pairs), §8.1 (UTF-8), §4 (names SHOULD be unique) — https://www.rfc-editor.org/rfc/rfc8259
//   RFC 7493, The I-JSON Message Format, March 2015, §2.1 (no lone surrogates), §2.3 (unique names)
//     — https://www.rfc-editor.org/rfc/rfc7493
//   The Unicode Standard 16.0, §3.9 D92 (well-formed UTF-8: no surrogate code points, no overlongs)
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Identity.Primitives;

/// <summary>
/// The one reader for untrusted JSON (request bodies, fetched documents, token headers, payloads and disclosures): an
/// I-JSON subset, checked in full before any node is built.
/// </summary>
/// <remarks>
/// <para>System.Text.Json checks structure when it parses but transcodes strings lazily, so invalid UTF-8 or an escaped
/// lone surrogate (<c>"\ud800"</c>) parses fine and throws only later, wherever a step first reads that string. Here
/// every check runs up front, in one pass without recursion: the whole input must be well-formed UTF-8 (which also
/// excludes raw surrogates and overlong forms), every member name and string value must unescape to well-formed
/// UTF-16 (no lone surrogate, escaped or not), no object may repeat a member name (compared after unescaping), and
/// nesting is at most <c>maxDepth</c> levels. No comments, trailing commas or byte-order mark are accepted.</para>
/// <para>Plain text — no backslash, no byte-order mark — is parsed once: <see cref="JsonDocument"/> refuses repeated
/// member names and excess nesting itself, and without escapes no string can hold a lone surrogate. Anything else, and
/// anything that parse refuses, goes through the full check above, which also names the reason.</para>
/// <para>Failures are <c>invalidJson</c>, or <c>jsonTooDeep</c> for nesting; each detail gives the byte offset.</para>
/// <threadsafety>Stateless; safe to call from any thread.</threadsafety>
/// </remarks>
public static class StrictJson
{
    /// <summary>The nesting limit used when the caller gives none.</summary>
    public const int DefaultMaxDepth = 64;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses UTF-8 JSON text strictly (see <see cref="StrictJson"/>).</summary>
    /// <param name="utf8">The JSON text.</param>
    /// <param name="maxDepth">The most arrays and objects nested in one another: 1 allows a flat object or array.</param>
    /// <returns>The node (null for the literal <c>null</c>), or <c>invalidJson</c> / <c>jsonTooDeep</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDepth"/> is below 1.</exception>
    public static Result<JsonNode?> Parse(ReadOnlySpan<byte> utf8, int maxDepth = DefaultMaxDepth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        if (TryParsePlain(utf8, maxDepth, out JsonNode? plain))
        {
            return plain;
        }

        if (Validate(utf8, maxDepth) is { } error)
        {
            return error;
        }

        // Invariant: the text passed Validate, so the parse cannot fail and no string in the tree can fail to transcode.
        return JsonNode.Parse(utf8, default, new JsonDocumentOptions { MaxDepth = maxDepth + 1 });
    }

    /// <summary>Parses JSON held in a .NET string; a lone surrogate anywhere in <paramref name="text"/> is <c>invalidJson</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDepth"/> is below 1.</exception>
    public static Result<JsonNode?> Parse(string text, int maxDepth = DefaultMaxDepth)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] utf8;
        try
        {
            utf8 = s_strictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException e)
        {
            // Boundary: the strict encoder reports a lone surrogate only by exception.
            return Invalid($"The text contains a lone surrogate at character {e.Index}.");
        }

        return Parse(utf8, maxDepth);
    }

    /// <summary>Parses UTF-8 JSON text strictly and requires a JSON object at the top.</summary>
    /// <param name="utf8">The JSON text.</param>
    /// <param name="what">Names the document in the error detail, e.g. "The request body".</param>
    /// <param name="maxDepth">The deepest nesting accepted.</param>
    /// <returns>The object, or <c>invalidJson</c> / <c>jsonTooDeep</c> (a well-formed non-object is <c>invalidJson</c> too).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="what"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDepth"/> is below 1.</exception>
    public static Result<JsonObject> ParseObject(ReadOnlySpan<byte> utf8, string what, int maxDepth = DefaultMaxDepth)
    {
        ArgumentNullException.ThrowIfNull(what);
        Result<JsonNode?> node = Parse(utf8, maxDepth);
        if (!node.IsSuccess)
        {
            return new Error(node.Error.Code, $"{what} is not valid JSON: {node.Error.Detail}");
        }

        return node.Value is JsonObject json ? json : Invalid($"{what} is not a JSON object.");
    }

    /// <summary>
    /// The one-pass parse of plain text: well-formed UTF-8 with no byte-order mark and no backslash (so no escaped
    /// surrogate, and member names compare as written), parsed once by <see cref="JsonDocument"/>, which itself refuses a
    /// repeated member name and nesting beyond <paramref name="maxDepth"/>. False for anything else, or anything it
    /// refuses: <see cref="Validate"/> then checks the text in full and names the reason.
    /// </summary>
    private static bool TryParsePlain(ReadOnlySpan<byte> utf8, int maxDepth, out JsonNode? node)
    {
        node = null;
        if (utf8.IsEmpty || utf8.Contains((byte)'\\') || utf8.StartsWith("\uFEFF"u8) || !Utf8.IsValid(utf8))
        {
            return false;
        }

        try
        {
            node = JsonNode.Parse(utf8, default, new JsonDocumentOptions { MaxDepth = maxDepth, AllowDuplicateProperties = false });
            return true;
        }
        catch (JsonException)
        {
            // Boundary: System.Text.Json reports malformed text only by exception; Validate gives the reason.
            return false;
        }
    }

    /// <summary>Null when <paramref name="utf8"/> is acceptable, otherwise why not.</summary>
    private static Error? Validate(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        if (utf8.IsEmpty)
        {
            return Invalid("The text is empty.");
        }

        if (!Utf8.IsValid(utf8))
        {
            return Invalid(string.Create(CultureInfo.InvariantCulture, $"The text is not well-formed UTF-8 (at byte {FirstInvalidByte(utf8)})."));
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth + 1 });

        // One entry per open object: the member names seen so far, made at its first member (so a megabyte of empty
        // objects costs no sets). Arrays need none; the reader has already matched every bracket.
        var open = new Stack<HashSet<string>?>();
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= maxDepth)
                {
                    return TooDeep(maxDepth);
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        open.Push(null);
                        break;
                    case JsonTokenType.EndObject:
                        open.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        if (ReadString(ref reader) is not { } name)
                        {
                            return LoneSurrogate(reader.TokenStartIndex, "member name");
                        }

                        HashSet<string> names = open.Pop() ?? new HashSet<string>(StringComparer.Ordinal);
                        open.Push(names);
                        if (!names.Add(name))
                        {
                            return Invalid(string.Create(CultureInfo.InvariantCulture,
                                $"An object repeats the member name \"{Printable(name)}\" (at byte {reader.TokenStartIndex}); member names must be unique."));
                        }

                        break;
                    case JsonTokenType.String when reader.ValueIsEscaped:
                        if (ReadString(ref reader) is null)
                        {
                            return LoneSurrogate(reader.TokenStartIndex, "string value");
                        }

                        break;
                }
            }
        }
        catch (JsonException e)
        {
            // Boundary: Utf8JsonReader reports malformed text only by exception.
            return reader.CurrentDepth >= maxDepth
                ? TooDeep(maxDepth)
                : Invalid(string.Create(CultureInfo.InvariantCulture,
                    $"The text is not well-formed JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1} of the line)."));
        }

        return null;
    }

    // The unescaped string, or null when it is not well-formed UTF-16 (an escaped lone surrogate).
    private static string? ReadString(ref Utf8JsonReader reader)
    {
        string value;
        try
        {
            value = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // Boundary: the reader reports an escaped lone surrogate only by exception when it unescapes.
            return null;
        }

        return IsWellFormedUtf16(value) ? value : null;
    }

    private static bool IsWellFormedUtf16(string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> utf8)
    {
        int offset = 0;
        while (offset < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[offset..], out _, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }

    // A member name echoed in a detail: at most 40 characters, control characters escaped.
    private static string Printable(string name)
    {
        string shortened = name.Length > 40 ? name[..40] + "…" : name;
        return JsonEncodedText.Encode(shortened).ToString();
    }

    private static Error LoneSurrogate(long offset, string where) =>
        Invalid(string.Create(CultureInfo.InvariantCulture, $"A {where} contains a lone surrogate (at byte {offset}); strings must be well-formed Unicode."));

    private static Error TooDeep(int maxDepth) =>
        new(ErrorCodes.JsonTooDeep, string.Create(CultureInfo.InvariantCulture, $"The JSON nests deeper than {maxDepth} levels."));

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidJson, detail);
}
