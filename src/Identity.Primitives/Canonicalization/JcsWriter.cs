// References:
//   RFC 8785, JSON Canonicalization Scheme (JCS), June 2020, §3.2 — https://www.rfc-editor.org/rfc/rfc8785

using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Primitives.Canonicalization;

/// <summary>
/// Writes the RFC 8785 canonical form of a JSON tree (a <see cref="JsonNode"/> or a <see cref="JsonElement"/>) as UTF-8
/// straight into an <see cref="IBufferWriter{T}"/>, without an intermediate <see cref="Utf8JsonWriter"/>.
/// </summary>
/// <remarks>
/// Invariant: a write method returns false only after setting <see cref="Error"/>, and its callers then stop at once;
/// the output holds a partial, meaningless prefix. Call <see cref="Flush"/> once at the end to commit what was written.
/// </remarks>
internal ref partial struct JcsWriter
{
    public bool WriteNode(JsonNode? node) => node switch
    {
        null => WriteRaw("null"u8),
        JsonObject obj => WriteObject(obj),
        JsonArray array => WriteArray(array),
        JsonValue value => WriteValue(value),
        _ => Fail(ErrorCodes.JcsUnrepresentable, $"Unknown JsonNode type {node.GetType().Name}."),
    };

    public bool WriteElement(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object: return WriteElementObject(element);
            case JsonValueKind.Array: return WriteElementArray(element);
            case JsonValueKind.String: return WriteRawString(JsonMarshal.GetRawUtf8Value(element));
            case JsonValueKind.Number: return WriteRawNumber(JsonMarshal.GetRawUtf8Value(element));
            case JsonValueKind.True: return WriteRaw("true"u8);
            case JsonValueKind.False: return WriteRaw("false"u8);
            case JsonValueKind.Null: return WriteRaw("null"u8);
            default: return Fail(ErrorCodes.InvalidJson, "The JsonElement is undefined (default(JsonElement)).");
        }
    }

    private bool WriteObject(JsonObject obj) => WriteObject(obj, default);

    /// <summary>Writes <paramref name="obj"/> as changed by <paramref name="overlay"/> (one member left out, one member's
    /// value replaced or added), without copying the tree.</summary>
    public bool WriteObject(JsonObject obj, JcsOverlay overlay)
    {
        int count;
        try
        {
            count = obj.Count; // A parsed JsonObject decodes its names here.
        }
        catch (InvalidOperationException e)
        {
            // Boundary: System.Text.Json reports an undecodable name (a lone surrogate escape) only by exception.
            return Fail(ErrorCodes.JcsUnrepresentable, $"A property name cannot be decoded: {e.Message}");
        }

        if (!EnterContainer())
        {
            return false;
        }

        var pool = ArrayPool<KeyValuePair<string, JsonNode?>>.Shared;
        KeyValuePair<string, JsonNode?>[] rented = pool.Rent(count + 1);
        try
        {
            int n = 0;
            foreach (KeyValuePair<string, JsonNode?> member in obj)
            {
                if (member.Key != overlay.Omit && !(overlay.Replace && member.Key == overlay.ReplaceName))
                {
                    rented[n++] = member;
                }
            }

            if (overlay.Replace)
            {
                rented[n++] = new(overlay.ReplaceName!, overlay.Replacement);
            }

            if (n == 0)
            {
                return WriteRaw("{}"u8);
            }

            Span<KeyValuePair<string, JsonNode?>> members = rented.AsSpan(0, n);
            members.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key)); // UTF-16 code units, RFC 8785 §3.2.3.

            WriteByte((byte)'{');
            for (int i = 0; i < members.Length; i++)
            {
                if (i > 0)
                {
                    WriteByte((byte)',');
                }

                if (!WriteString(members[i].Key) || !WriteByte((byte)':') || !WriteNode(members[i].Value))
                {
                    return false;
                }
            }

            return WriteByte((byte)'}');
        }
        finally
        {
            pool.Return(rented, clearArray: true);
        }
    }

    private bool WriteArray(JsonArray array)
    {
        if (!EnterContainer())
        {
            return false;
        }

        WriteByte((byte)'[');
        for (int i = 0; i < array.Count; i++)
        {
            if ((i > 0 && !WriteByte((byte)',')) || !WriteNode(array[i]))
            {
                return false;
            }
        }

        return WriteByte((byte)']');
    }

    private bool WriteElementObject(JsonElement element)
    {
        int count = element.GetPropertyCount();
        if (count == 0)
        {
            return WriteRaw("{}"u8);
        }

        if (!EnterContainer())
        {
            return false;
        }

        var pool = ArrayPool<ElementMember>.Shared;
        ElementMember[] rented = pool.Rent(count);
        try
        {
            int n = 0;
            foreach (JsonProperty property in element.EnumerateObject())
            {
                if (!TryDecodeName(JsonMarshal.GetRawUtf8PropertyName(property), out string? name))
                {
                    return false;
                }

                rented[n++] = new ElementMember(name, property.Value);
            }

            Span<ElementMember> members = rented.AsSpan(0, n);
            members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));

            WriteByte((byte)'{');
            for (int i = 0; i < members.Length; i++)
            {
                if (i > 0)
                {
                    // Sorted, so duplicates are neighbours; RFC 8785 §3.1 requires I-JSON, which forbids them.
                    if (string.Equals(members[i - 1].Name, members[i].Name, StringComparison.Ordinal))
                    {
                        return Fail(ErrorCodes.InvalidJson, $"Duplicate property name \"{Truncate(members[i].Name)}\".");
                    }

                    WriteByte((byte)',');
                }

                if (!WriteString(members[i].Name) || !WriteByte((byte)':') || !WriteElement(members[i].Value))
                {
                    return false;
                }
            }

            return WriteByte((byte)'}');
        }
        finally
        {
            pool.Return(rented, clearArray: true);
        }
    }

    private bool WriteElementArray(JsonElement element)
    {
        if (!EnterContainer())
        {
            return false;
        }

        WriteByte((byte)'[');
        bool first = true;
        foreach (JsonElement item in element.EnumerateArray())
        {
            if ((!first && !WriteByte((byte)',')) || !WriteElement(item))
            {
                return false;
            }

            first = false;
        }

        return WriteByte((byte)']');
    }

    private readonly record struct ElementMember(string Name, JsonElement Value);
}
