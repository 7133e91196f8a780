using System.Text.Json.Nodes;

namespace Identity.Primitives.Canonicalization;

/// <summary>
/// A change to the top-level members of an object, applied while it is canonicalized rather than on a copy (see
/// <see cref="Jcs.Canonicalize(JsonObject, JcsOverlay)"/>): the member <see cref="Omit"/> is left out, and when
/// <see cref="Replace"/> is set, the member <see cref="ReplaceName"/> is written with <see cref="Replacement"/> (null:
/// the JSON literal <c>null</c>) whether or not the object has it. The default changes nothing.
/// </summary>
public readonly record struct JcsOverlay(string? Omit, bool Replace = false, string? ReplaceName = null, JsonNode? Replacement = null);
