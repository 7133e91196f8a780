// References: C2SP tlog-checkpoint v1.0.0 — https://c2sp.org/tlog-checkpoint

using System.Globalization;
using System.Text;

namespace Identity.Primitives.TransparencyLog;

/// <summary>
/// A C2SP tlog-checkpoint note text: the origin line, the tree size in decimal without leading zeroes, and the
/// standard-base64 RFC 6962 root hash, each ending in a newline. This service writes no extension lines; parsing
/// accepts non-empty ones and ignores them.
/// </summary>
/// <param name="Origin">The log's identity, e.g. <c>identity.example.org/log</c>.</param>
/// <param name="Size">The number of leaves.</param>
/// <param name="Root">The 32-byte root hash.</param>
public sealed record Checkpoint(string Origin, long Size, byte[] Root)
{
    /// <summary>The note text, byte for byte.</summary>
    public string ToText() =>
        $"{Origin}\n{Size.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(Root)}\n";

    /// <summary>Parses a note text (the signed part of a note, ending in a newline).</summary>
    public static bool TryParse(string text, out Checkpoint? checkpoint)
    {
        checkpoint = null;
        if (text is null || !text.EndsWith('\n'))
        {
            return false;
        }

        var lines = text[..^1].Split('\n');
        if (lines.Length < 3 || lines.Any(l => l.Length == 0) || !IsValidOrigin(lines[0]))
        {
            return false;
        }

        string size = lines[1];
        if (!size.All(char.IsAsciiDigit) || (size.Length > 1 && size[0] == '0')
            || !long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out long treeSize))
        {
            return false;
        }

        var root = new byte[MerkleHash.Size + 3];
        if (lines[2].Length != 44 || !Convert.TryFromBase64String(lines[2], root, out int written) || written != MerkleHash.Size
            || Convert.ToBase64String(root, 0, written) != lines[2])
        {
            return false;
        }

        checkpoint = new Checkpoint(lines[0], treeSize, root[..MerkleHash.Size]);
        return true;
    }

    /// <summary>Whether <paramref name="origin"/> can also be a signed-note key name: non-empty, no Unicode space, no '+', no control character.</summary>
    public static bool IsValidOrigin(string? origin) =>
        !string.IsNullOrEmpty(origin) && !origin.Any(c => char.IsWhiteSpace(c) || c == '+' || char.IsControl(c));

    /// <summary>Ids only: never the bytes of a hash as an array.</summary>
    public override string ToString() => $"Checkpoint {{ Origin = {Origin}, Size = {Size}, Root = {Convert.ToBase64String(Root)} }}";

    /// <summary>Value equality, comparing the root's bytes.</summary>
    public bool Equals(Checkpoint? other) =>
        other is not null && Origin == other.Origin && Size == other.Size && Root.AsSpan().SequenceEqual(other.Root);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Origin, Size, Encoding.ASCII.GetString(Root));
}
