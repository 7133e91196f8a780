// References:
//   RFC 8785, JSON Canonicalization Scheme (JCS), June 2020 — https://www.rfc-editor.org/rfc/rfc8785
//   FIPS 180-4, Secure Hash Standard (SHA-256), August 2015 — https://doi.org/10.6028/NIST.FIPS.180-4

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Identity.Primitives.Canonicalization;

namespace Identity.Storage;

/// <summary>
/// The audit log's hash chain. Entry <c>n</c> stores <c>Hash(n) = SHA-256(Hash(n-1) ‖ JCS(entry n))</c>, where
/// <c>Hash(0)</c> is <see cref="Genesis"/> and <c>JCS(entry n)</c> is the UTF-8 RFC 8785 canonical form of
/// <c>{"seq":n,"at":"yyyy-MM-ddTHH:mm:ss.fffffffZ","tenant":…,"action":…,"subject":…,"outcome":…}</c> with absent values as
/// JSON <c>null</c>. Changing, inserting or removing an entry inside the chain breaks every later link.
/// </summary>
/// <remarks>
/// The chain alone cannot reveal that its newest entries were cut off; compare the length with an externally kept
/// checkpoint (sequence and hash) for that.
/// <threadsafety>Stateless; safe to call from any thread.</threadsafety>
/// </remarks>
public static class AuditChain
{
    /// <summary>The length of every hash in the chain, in bytes.</summary>
    public const int HashSize = 32;

    private const int PageSize = 1000;

    /// <summary>The <see cref="AuditRecord.PreviousHash"/> of sequence 1: 32 zero bytes (a new array on each call).</summary>
    public static byte[] Genesis => new byte[HashSize];

    /// <summary>Computes the hash of one chain link.</summary>
    /// <param name="sequence">The entry's sequence number (1 for the first entry).</param>
    /// <param name="entry">The entry.</param>
    /// <param name="previousHash">The previous entry's hash, or <see cref="Genesis"/> for sequence 1.</param>
    /// <returns>The 32-byte SHA-256 hash.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> or one of its required strings is null.</exception>
    /// <exception cref="ArgumentException">A string of <paramref name="entry"/> has no canonical JSON form (a lone
    /// surrogate); audit text must be valid Unicode.</exception>
    public static byte[] ComputeHash(long sequence, AuditEntry entry, ReadOnlySpan<byte> previousHash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.Action, nameof(entry));
        ArgumentNullException.ThrowIfNull(entry.Outcome, nameof(entry));

        if (!TryComputeHash(sequence, entry, previousHash, out byte[]? hash, out string? errorCode))
        {
            throw new ArgumentException($"The audit entry has no canonical JSON form ({errorCode}).", nameof(entry));
        }

        return hash;
    }

    /// <summary>
    /// Reads the whole chain from <paramref name="store"/> in pages and checks that sequences run 1, 2, 3, …, that each
    /// entry's previous hash is the prior entry's hash, and that each hash recomputes.
    /// </summary>
    /// <returns>The report; it stops at the first failure.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<AuditChainReport> VerifyAsync(IIdentityStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);

        long verified = 0;
        byte[] previous = Genesis;
        while (true)
        {
            var page = await store.ReadAuditAsync(verified, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var record in page)
            {
                long expected = verified + 1;
                string? problem = Check(record, expected, previous);
                if (problem is not null)
                {
                    return new AuditChainReport(verified, false, Math.Min(expected, record.Sequence), problem);
                }

                verified = expected;
                previous = record.Hash;
            }

            if (page.Count < PageSize)
            {
                return new AuditChainReport(verified, true, null, null);
            }
        }
    }

    private static string? Check(AuditRecord record, long expected, byte[] previous)
    {
        if (record.Sequence != expected)
        {
            return $"Expected sequence {expected}, found {record.Sequence}.";
        }

        if (!record.PreviousHash.AsSpan().SequenceEqual(previous))
        {
            return "The previous hash is not the prior entry's hash.";
        }

        if (!TryComputeHash(record.Sequence, record.Entry, previous, out byte[]? recomputed, out _))
        {
            return "The entry has no canonical form.";
        }

        return recomputed.AsSpan().SequenceEqual(record.Hash) ? null : "The hash does not match the entry.";
    }

    private static bool TryComputeHash(
        long sequence, AuditEntry entry, ReadOnlySpan<byte> previousHash, [NotNullWhen(true)] out byte[]? hash, out string? errorCode)
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
        if (!canonical.IsSuccess)
        {
            hash = null;
            errorCode = canonical.Error.Code;
            return false;
        }

        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha256.AppendData(previousHash);
        sha256.AppendData(canonical.Value);
        hash = sha256.GetHashAndReset();
        errorCode = null;
        return true;
    }
}
