// References:
//   RFC 8785, JSON Canonicalization Scheme (JCS), June 2020 — https://www.rfc-editor.org/rfc/rfc8785
//   RFC 9162 §2.1.1, Merkle Tree Hash — https://www.rfc-editor.org/rfc/rfc9162#section-2.1.1
//   C2SP tlog-tiles (entry bundles: entries of at most 65,535 bytes) — https://c2sp.org/tlog-tiles

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Nodes;
using Identity.Primitives.TransparencyLog;
using Identity.Primitives.Canonicalization;

namespace Identity.Storage;

/// <summary>
/// The audit log is the deployment's transparency log: audit entry <c>n</c> (sequence <c>n</c>, from 1) is leaf
/// <c>n − 1</c> of an RFC 9162 Merkle tree. The leaf data is the UTF-8 RFC 8785 canonical form of
/// <c>{"seq":n,"at":"yyyy-MM-ddTHH:mm:ss.fffffffZ","tenant":…,"action":…,"subject":…,"outcome":…}</c> (absent values
/// as JSON <c>null</c>), exactly the entry as stored. Stores keep every complete subtree hash (<c>log_nodes</c>), so
/// tiles and proofs are read, not recomputed.
/// </summary>
/// <remarks><threadsafety>Stateless; safe to call from any thread.</threadsafety></remarks>
public static class AuditLog
{
    /// <summary>The largest leaf an entry bundle can carry (a big-endian uint16 length prefix).</summary>
    public const int MaxLeafBytes = ushort.MaxValue;

    private const int PageSize = 1024;

    /// <summary>The leaf data of one entry.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> or one of its required strings is null.</exception>
    /// <exception cref="ArgumentException">A string has no canonical JSON form (a lone surrogate), or the leaf exceeds <see cref="MaxLeafBytes"/>.</exception>
    public static byte[] LeafData(long sequence, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.Action, nameof(entry));
        ArgumentNullException.ThrowIfNull(entry.Outcome, nameof(entry));
        if (!TryLeafData(sequence, entry, out byte[]? data, out string? problem))
        {
            throw new ArgumentException($"The audit entry cannot be a log leaf ({problem}).", nameof(entry));
        }

        return data;
    }

    /// <summary>The RFC 9162 leaf hash of one entry: SHA-256(0x00 ‖ <see cref="LeafData"/>).</summary>
    /// <exception cref="ArgumentException">See <see cref="LeafData"/>.</exception>
    public static byte[] LeafHash(long sequence, AuditEntry entry) => MerkleHash.Leaf(LeafData(sequence, entry));

    /// <summary>
    /// Reads the whole log from <paramref name="store"/> in pages and checks that sequences run 1, 2, 3, …, that each
    /// entry's leaf hash and every complete subtree hash recompute to the stored ones, and that the tree holds no
    /// leaf beyond the last entry.
    /// </summary>
    /// <returns>The report; it stops at the first failure.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<AuditLogReport> VerifyAsync(IIdentityStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var frontier = new MerkleFrontier(0, []);
        while (true)
        {
            var page = await store.ReadAuditAsync(frontier.Size, PageSize, cancellationToken).ConfigureAwait(false);
            var computed = new Dictionary<MerkleNode, byte[]>();
            foreach (var record in page)
            {
                long expected = frontier.Size + 1;
                if (record.Sequence != expected)
                {
                    return new AuditLogReport(frontier.Size, false, Math.Min(expected, record.Sequence), $"Expected sequence {expected}, found {record.Sequence}.");
                }

                if (!TryLeafData(record.Sequence, record.Entry, out byte[]? data, out _))
                {
                    return new AuditLogReport(frontier.Size, false, expected, "The entry cannot be a log leaf.");
                }

                frontier.Append(MerkleHash.Leaf(data), (node, hash) => computed[node] = hash);
            }

            var stored = await store.ReadLogNodesAsync(computed.Keys.ToList(), cancellationToken).ConfigureAwait(false);
            // The lowest mismatching node locates the change best: a leaf names its entry, a subtree its first leaf.
            var mismatch = computed.Keys.Where(n => !stored.TryGetValue(n, out var h) || !h.AsSpan().SequenceEqual(computed[n]))
                .OrderBy(n => n.Level).ThenBy(n => n.Index).Select(n => (long?)(n.Index << n.Level) + 1).FirstOrDefault();
            if (mismatch is { } first)
            {
                return new AuditLogReport(first - 1, false, first, "The stored tree does not match the entries.");
            }

            if (page.Count < PageSize)
            {
                long size = await store.GetLogSizeAsync(cancellationToken).ConfigureAwait(false);
                return size == frontier.Size
                    ? new AuditLogReport(frontier.Size, true, null, null)
                    : new AuditLogReport(frontier.Size, false, frontier.Size + 1, $"The tree has {size} leaves for {frontier.Size} entries.");
            }
        }
    }

    private static bool TryLeafData(long sequence, AuditEntry entry, [NotNullWhen(true)] out byte[]? data, out string? problem)
    {
        var node = new JsonObject
        {
            ["seq"] = sequence,
            ["at"] = entry.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            ["tenant"] = entry.TenantId,
            ["action"] = entry.Action,
            ["subject"] = entry.Subject,
            ["outcome"] = entry.Outcome,
        };
        var canonical = Jcs.Canonicalize(node);
        data = canonical.IsSuccess && canonical.Value.Length <= MaxLeafBytes ? canonical.Value : null;
        problem = canonical.IsSuccess ? (data is null ? "longer than 65,535 bytes" : null) : canonical.Error.Code;
        return data is not null;
    }
}
