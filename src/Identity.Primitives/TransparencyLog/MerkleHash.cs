// References:
//   RFC 9162, Certificate Transparency Version 2.0, §2.1.1 (Merkle Tree Hash), December 2021 — https://www.rfc-editor.org/rfc/rfc9162#section-2.1.1
//   RFC 6962, Certificate Transparency, §2.1, June 2013 — https://www.rfc-editor.org/rfc/rfc6962#section-2.1

using System.Numerics;
using System.Security.Cryptography;

namespace Identity.Primitives.TransparencyLog;

/// <summary>
/// The RFC 9162 Merkle tree hashes over SHA-256: a leaf is <c>SHA-256(0x00 ‖ data)</c>, an interior node
/// <c>SHA-256(0x01 ‖ left ‖ right)</c>, and the empty tree <c>SHA-256("")</c>.
/// </summary>
/// <remarks><threadsafety>Stateless; safe to call from any thread.</threadsafety></remarks>
public static class MerkleHash
{
    /// <summary>The length of every hash, in bytes.</summary>
    public const int Size = 32;

    /// <summary>The root of the empty tree (a new array on each call).</summary>
    public static byte[] EmptyRoot => SHA256.HashData([]);

    /// <summary>The leaf hash of one entry.</summary>
    public static byte[] Leaf(ReadOnlySpan<byte> data)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha256.AppendData([0x00]);
        sha256.AppendData(data);
        return sha256.GetHashAndReset();
    }

    /// <summary>The hash of an interior node from its two children.</summary>
    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + (2 * Size)];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Size)..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>
    /// The complete subtrees whose hashes, folded from the right (<c>H(n₁, H(n₂, … nₖ))</c>), give the Merkle Tree Hash
    /// of the leaves <c>[start, end)</c>, largest first. Valid for every range RFC 6962's recursion produces: the start
    /// is a multiple of the largest piece.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty, negative or not aligned that way.</exception>
    public static IReadOnlyList<MerkleNode> Decompose(long start, long end)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(end, start);
        var nodes = new List<MerkleNode>();
        long at = start;
        for (int level = 63 - BitOperations.LeadingZeroCount((ulong)(end - start)); level >= 0; level--)
        {
            long width = 1L << level;
            if (((end - at) & width) == 0)
            {
                continue;
            }

            if (at % width != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(start), "The range is not a Merkle subtree range.");
            }

            nodes.Add(new MerkleNode(level, at >> level));
            at += width;
        }

        return nodes;
    }

    /// <summary>Folds the hashes of <see cref="Decompose"/>'s nodes, in its order, into the range's hash.</summary>
    public static byte[] Fold(IReadOnlyList<byte[]> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        ArgumentOutOfRangeException.ThrowIfZero(hashes.Count);
        byte[] hash = hashes[^1];
        for (int i = hashes.Count - 2; i >= 0; i--)
        {
            hash = Node(hashes[i], hash);
        }

        return hash;
    }

    /// <summary>The largest power of two strictly below <paramref name="n"/> (n ≥ 2), RFC 6962's split point.</summary>
    internal static long SplitPoint(long n) => 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));
}

/// <summary>A complete subtree: <see cref="Level"/> is its height (0 for a leaf), <see cref="Index"/> its position at that height.</summary>
public readonly record struct MerkleNode(int Level, long Index);
