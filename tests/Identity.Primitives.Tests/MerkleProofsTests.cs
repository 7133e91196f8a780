// RFC 6962 / RFC 9162 Merkle tree vectors: the eight leaves and the roots, inclusion and consistency proofs of the
// certificate-transparency reference test data, recomputed independently (Python hashlib, RFC 6962 §2.1 recursion).
using System.Security.Cryptography;
using Identity.Primitives.TransparencyLog;

namespace Identity.Primitives.Tests;

[TestClass]
public sealed class MerkleProofsTests
{
    private static readonly byte[][] s_leaves =
        [.. new[] { "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f" }.Select(Convert.FromHexString)];

    [TestMethod]
    [DataRow(0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [DataRow(1, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")]
    [DataRow(2, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]
    [DataRow(3, "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77")]
    [DataRow(4, "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    [DataRow(5, "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4")]
    [DataRow(6, "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef")]
    [DataRow(7, "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c")]
    [DataRow(8, "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")]
    public void Root_Rfc6962Leaves_MatchesKnownRoot(int size, string root)
    {
        var (frontier, _) = Build(s_leaves.Take(size));

        Assert.AreEqual(root, Convert.ToHexStringLower(frontier.Root()));
    }

    [TestMethod]
    [DataRow(0, 8, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7,5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e,6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")]
    [DataRow(5, 8, "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b,ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0,d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    [DataRow(2, 3, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]
    [DataRow(1, 5, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d,5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e,bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")]
    public void InclusionProof_Rfc6962Vector_IsBuiltAndVerifies(int index, int size, string expected)
    {
        var (frontier, nodes) = Build(s_leaves.Take(size));

        var proof = MerkleProofs.Hash(MerkleProofs.InclusionRanges(index, size), nodes);

        Assert.AreEqual(expected, string.Join(',', proof.Select(Convert.ToHexStringLower)));
        Assert.IsTrue(MerkleProofs.VerifyInclusion(MerkleHash.Leaf(s_leaves[index]), index, size, proof, frontier.Root()));
    }

    [TestMethod]
    [DataRow(1, 8, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7,5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e,6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")]
    [DataRow(6, 8, "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a,ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0,d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    [DataRow(2, 5, "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e,bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")]
    public void ConsistencyProof_Rfc6962Vector_IsBuiltAndVerifies(int from, int to, string expected)
    {
        var (small, _) = Build(s_leaves.Take(from));
        var (large, nodes) = Build(s_leaves.Take(to));

        var proof = MerkleProofs.Hash(MerkleProofs.ConsistencyRanges(from, to), nodes);

        Assert.AreEqual(expected, string.Join(',', proof.Select(Convert.ToHexStringLower)));
        Assert.IsTrue(MerkleProofs.VerifyConsistency(from, to, small.Root(), large.Root(), proof));
    }

    [TestMethod]
    public void Proofs_EverySizeTo40_VerifyAndFailWhenAnyHashOrSizeIsWrong()
    {
        var data = Enumerable.Range(0, 40).Select(i => BitConverter.GetBytes(i * 7919)).ToArray();
        var (full, nodes) = Build(data);
        var roots = Enumerable.Range(0, 41).Select(n => Build(data.Take(n)).Frontier.Root()).ToArray();
        Assert.IsTrue(roots[40].AsSpan().SequenceEqual(full.Root()));
        for (int size = 1; size <= 40; size++)
        {
            for (int i = 0; i < size; i++)
            {
                var leaf = MerkleHash.Leaf(data[i]);
                var proof = MerkleProofs.Hash(MerkleProofs.InclusionRanges(i, size), nodes);
                Assert.IsTrue(MerkleProofs.VerifyInclusion(leaf, i, size, proof, roots[size]), $"inclusion {i} in {size}");
                if (size > 1)
                {
                    Assert.IsFalse(MerkleProofs.VerifyInclusion(leaf, (i + 1) % size, size, proof, roots[size]), $"moved {i} in {size}");
                }

                Assert.IsFalse(MerkleProofs.VerifyInclusion(MerkleHash.Leaf([1, 2]), i, size, proof, roots[size]));
                foreach (var tampered in Tampered(proof))
                {
                    Assert.IsFalse(MerkleProofs.VerifyInclusion(leaf, i, size, tampered, roots[size]));
                }
            }

            for (int from = 1; from <= size; from++)
            {
                var proof = MerkleProofs.Hash(MerkleProofs.ConsistencyRanges(from, size), nodes);
                Assert.IsTrue(MerkleProofs.VerifyConsistency(from, size, roots[from], roots[size], proof), $"consistency {from} → {size}");
                Assert.IsFalse(MerkleProofs.VerifyConsistency(from, size, MerkleHash.Leaf([9]), roots[size], proof));
                foreach (var tampered in Tampered(proof))
                {
                    Assert.IsFalse(MerkleProofs.VerifyConsistency(from, size, roots[from], roots[size], tampered));
                }
            }
        }
    }

    [TestMethod]
    public void Frontier_AppendingLeaves_EmitsEveryCompleteSubtreeOnce()
    {
        var (_, nodes) = Build(Enumerable.Range(0, 10).Select(i => new[] { (byte)i }));

        // 10 leaves: 10 at level 0, 5 at level 1, 2 at level 2, 1 at level 3.
        Assert.HasCount(18, nodes);
        Assert.IsTrue(nodes.ContainsKey(new MerkleNode(3, 0)));
        CollectionAssert.AreEqual(new[] { new MerkleNode(3, 0), new MerkleNode(1, 4) }, MerkleFrontier.NodesFor(10).ToArray());
    }

    [TestMethod]
    public void Decompose_UnalignedRange_Throws() =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => MerkleHash.Decompose(2, 7));

    private static (MerkleFrontier Frontier, Dictionary<MerkleNode, byte[]> Nodes) Build(IEnumerable<byte[]> leaves)
    {
        var frontier = new MerkleFrontier(0, []);
        var nodes = new Dictionary<MerkleNode, byte[]>();
        foreach (var leaf in leaves)
        {
            frontier.Append(MerkleHash.Leaf(leaf), (node, hash) => nodes.Add(node, hash));
        }

        return (frontier, nodes);
    }

    // Each proof with one hash flipped, one hash dropped, or one extra hash.
    private static IEnumerable<IReadOnlyList<byte[]>> Tampered(IReadOnlyList<byte[]> proof)
    {
        for (int i = 0; i < proof.Count; i++)
        {
            var flipped = proof.Select(h => (byte[])h.Clone()).ToList();
            flipped[i][0] ^= 1;
            yield return flipped;
            yield return [.. proof.Where((_, j) => j != i)];
        }

        yield return [.. proof, SHA256.HashData([7])];
    }
}
