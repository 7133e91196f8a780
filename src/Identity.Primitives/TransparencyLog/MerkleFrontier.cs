// References: RFC 9162 §2.1.1 — https://www.rfc-editor.org/rfc/rfc9162#section-2.1.1

namespace Identity.Primitives.TransparencyLog;

/// <summary>
/// The right edge of a Merkle tree: the roots of its maximal complete subtrees, largest first (one per set bit of the
/// size). Enough to append leaves, emitting every complete subtree they finish, and to compute the root.
/// </summary>
/// <remarks>Mutable. <threadsafety>Not thread-safe.</threadsafety></remarks>
public sealed class MerkleFrontier
{
    private readonly List<byte[]> _hashes;

    /// <param name="size">The tree size the hashes belong to.</param>
    /// <param name="hashes">The hashes of <see cref="NodesFor"/>(<paramref name="size"/>), in that order.</param>
    /// <exception cref="ArgumentException">The hash count or a hash length does not fit the size.</exception>
    public MerkleFrontier(long size, IEnumerable<byte[]> hashes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentNullException.ThrowIfNull(hashes);
        _hashes = [.. hashes];
        if (_hashes.Count != NodesFor(size).Count || _hashes.Any(h => h is not { Length: MerkleHash.Size }))
        {
            throw new ArgumentException("The frontier hashes do not fit the tree size.", nameof(hashes));
        }

        Size = size;
    }

    /// <summary>An independent copy: appending to it leaves this frontier as it is.</summary>
    public MerkleFrontier Clone() => new(Size, _hashes);

    /// <summary>The number of leaves.</summary>
    public long Size { get; private set; }

    /// <summary>The complete subtrees that make up the right edge of a tree of <paramref name="size"/> leaves, largest first.</summary>
    public static IReadOnlyList<MerkleNode> NodesFor(long size) => size == 0 ? [] : MerkleHash.Decompose(0, size);

    /// <summary>The Merkle Tree Hash of the whole tree (the empty-tree hash when there are no leaves).</summary>
    public byte[] Root() => _hashes.Count == 0 ? MerkleHash.EmptyRoot : MerkleHash.Fold(_hashes);

    /// <summary>Appends one leaf hash; <paramref name="completed"/> sees every complete subtree it finishes, the leaf first.</summary>
    public void Append(byte[] leafHash, Action<MerkleNode, byte[]> completed)
    {
        ArgumentNullException.ThrowIfNull(leafHash);
        ArgumentNullException.ThrowIfNull(completed);
        if (leafHash.Length != MerkleHash.Size)
        {
            throw new ArgumentException("A leaf hash is 32 bytes.", nameof(leafHash));
        }

        var node = new MerkleNode(0, Size);
        byte[] hash = leafHash;
        completed(node, hash);
        // Invariant: an odd index is a right child whose left sibling is the frontier's last hash.
        while ((node.Index & 1) == 1)
        {
            hash = MerkleHash.Node(_hashes[^1], hash);
            _hashes.RemoveAt(_hashes.Count - 1);
            node = new MerkleNode(node.Level + 1, node.Index >> 1);
            completed(node, hash);
        }

        _hashes.Add(hash);
        Size++;
    }
}
