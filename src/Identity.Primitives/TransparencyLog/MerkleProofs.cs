// References:
//   RFC 9162, Certificate Transparency Version 2.0, §2.1.3 (inclusion proofs) and §2.1.4 (consistency proofs),
//   December 2021 — https://www.rfc-editor.org/rfc/rfc9162#section-2.1.3
//   RFC 6962 §2.1.1 (PATH) and §2.1.2 (PROOF, SUBPROOF) — https://www.rfc-editor.org/rfc/rfc6962#section-2.1.1

namespace Identity.Primitives.TransparencyLog;

/// <summary>
/// RFC 9162 inclusion and consistency proofs. A proof is built as a list of leaf ranges (RFC 6962's recursion), each
/// hashed from stored complete subtrees (<see cref="MerkleHash.Decompose"/>); it is verified with RFC 9162's algorithms.
/// </summary>
/// <remarks><threadsafety>Stateless; safe to call from any thread.</threadsafety></remarks>
public static class MerkleProofs
{
    /// <summary>The leaf ranges whose hashes form the inclusion proof of leaf <paramref name="index"/> in a tree of <paramref name="size"/>, leaf side first.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <paramref name="size"/>.</exception>
    public static IReadOnlyList<LeafRange> InclusionRanges(long index, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        var ranges = new List<LeafRange>();
        Path(index, 0, size, ranges);
        return ranges;
    }

    /// <summary>The leaf ranges whose hashes form the consistency proof from <paramref name="from"/> to <paramref name="to"/> leaves (empty when equal).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 1 ≤ <paramref name="from"/> ≤ <paramref name="to"/>.</exception>
    public static IReadOnlyList<LeafRange> ConsistencyRanges(long from, long to)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(from, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, to);
        var ranges = new List<LeafRange>();
        if (from < to)
        {
            SubProof(from, 0, to, true, ranges);
        }

        return ranges;
    }

    /// <summary>The complete subtrees needed to hash <paramref name="ranges"/>.</summary>
    public static IReadOnlySet<MerkleNode> NodesFor(IEnumerable<LeafRange> ranges) =>
        ranges.SelectMany(r => MerkleHash.Decompose(r.Start, r.End)).ToHashSet();

    /// <summary>Hashes each range from the complete subtrees in <paramref name="nodes"/>.</summary>
    /// <exception cref="KeyNotFoundException">A needed subtree is missing.</exception>
    public static IReadOnlyList<byte[]> Hash(IEnumerable<LeafRange> ranges, IReadOnlyDictionary<MerkleNode, byte[]> nodes) =>
        [.. ranges.Select(r => MerkleHash.Fold([.. MerkleHash.Decompose(r.Start, r.End).Select(n => nodes[n])]))];

    /// <summary>RFC 9162 §2.1.3.2: whether <paramref name="proof"/> shows leaf <paramref name="index"/> with hash <paramref name="leafHash"/> in the tree of <paramref name="size"/> with <paramref name="root"/>.</summary>
    public static bool VerifyInclusion(ReadOnlySpan<byte> leafHash, long index, long size, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (index < 0 || index >= size)
        {
            return false;
        }

        long fn = index, sn = size - 1;
        byte[] r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (sn == 0 || p is not { Length: MerkleHash.Size })
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleHash.Node(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = MerkleHash.Node(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>RFC 9162 §2.1.4.2: whether <paramref name="proof"/> shows the tree of <paramref name="from"/> leaves with <paramref name="fromRoot"/> is a prefix of the tree of <paramref name="to"/> leaves with <paramref name="toRoot"/>.</summary>
    public static bool VerifyConsistency(long from, long to, ReadOnlySpan<byte> fromRoot, ReadOnlySpan<byte> toRoot, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (from < 1 || from > to || proof.Any(p => p is not { Length: MerkleHash.Size }))
        {
            return false;
        }

        if (from == to)
        {
            return proof.Count == 0 && fromRoot.SequenceEqual(toRoot);
        }

        if (proof.Count == 0)
        {
            return false;
        }

        List<byte[]> path = (from & (from - 1)) == 0 ? [fromRoot.ToArray(), .. proof] : [.. proof];
        long fn = from - 1, sn = to - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        byte[] fr = path[0], sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleHash.Node(c, fr);
                sr = MerkleHash.Node(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = MerkleHash.Node(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && fr.AsSpan().SequenceEqual(fromRoot) && sr.AsSpan().SequenceEqual(toRoot);
    }

    private static void Path(long m, long start, long n, List<LeafRange> ranges)
    {
        if (n == 1)
        {
            return;
        }

        long k = MerkleHash.SplitPoint(n);
        if (m < k)
        {
            Path(m, start, k, ranges);
            ranges.Add(new LeafRange(start + k, start + n));
        }
        else
        {
            Path(m - k, start + k, n - k, ranges);
            ranges.Add(new LeafRange(start, start + k));
        }
    }

    private static void SubProof(long m, long start, long n, bool complete, List<LeafRange> ranges)
    {
        if (m == n)
        {
            if (!complete)
            {
                ranges.Add(new LeafRange(start, start + n));
            }

            return;
        }

        long k = MerkleHash.SplitPoint(n);
        if (m <= k)
        {
            SubProof(m, start, k, complete, ranges);
            ranges.Add(new LeafRange(start + k, start + n));
        }
        else
        {
            SubProof(m - k, start + k, n - k, false, ranges);
            ranges.Add(new LeafRange(start, start + k));
        }
    }
}

/// <summary>The leaves <c>[Start, End)</c> of a tree, whose Merkle Tree Hash is one proof element.</summary>
public readonly record struct LeafRange(long Start, long End);
