// References: C2SP tlog-checkpoint ("A log MUST not sign any checkpoint which is inconsistent with any checkpoint it
// previously signed") — https://c2sp.org/tlog-checkpoint ; RFC 9162 §2.1.3–2.1.4 — https://www.rfc-editor.org/rfc/rfc9162
using Identity.Cryptography.TransparencyLog;
using Identity.Primitives;
using Identity.Primitives.TransparencyLog;
using Identity.Server.Configuration;
using Identity.Storage;

namespace Identity.Server.TransparencyLog;

/// <summary>
/// Signs checkpoints of the audit log's Merkle tree and builds proofs from its stored nodes. Before signing a new size
/// it proves the tree consistent with the last checkpoint it signed (kept in <c>log.checkpoint</c> in the data
/// directory), and refuses to sign a tree that shrank or was rewritten.
/// </summary>
/// <remarks><threadsafety>Thread-safe: signing is serialised; reads are not.</threadsafety></remarks>
internal sealed class LogService(IIdentityStore store, LogKey key, ServerSettings settings, ILogger<LogService> logger)
{
    public const string CheckpointFileName = "log.checkpoint";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private SignedCheckpoint? _latest;

    public LogKey Key => key;

    /// <summary>A signed checkpoint of the tree as it is now.</summary>
    /// <returns>The checkpoint; <c>logInconsistent</c> when the tree does not extend the last signed checkpoint.</returns>
    public async Task<Result<SignedCheckpoint>> CheckpointAsync(CancellationToken cancellationToken)
    {
        long size = await store.GetLogSizeAsync(cancellationToken).ConfigureAwait(false);
        if (Volatile.Read(ref _latest) is { } cached && cached.Checkpoint.Size == size)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var checkpoint = new Checkpoint(key.Origin, size, await RootAsync(size, cancellationToken).ConfigureAwait(false));
            var last = _latest ?? LoadSigned();
            if (last is not null && await ExtendsAsync(last.Checkpoint, checkpoint, cancellationToken).ConfigureAwait(false) is { } problem)
            {
                logger.LogError("Refusing to sign a checkpoint of the audit log: {Problem}", problem);
                return new Error(ErrorCodes.LogInconsistent, problem);
            }

            var signed = new SignedCheckpoint(checkpoint, key.Sign(checkpoint.ToText()).ToString());
            if (last is null || size > last.Checkpoint.Size)
            {
                Save(signed);
            }

            Volatile.Write(ref _latest, last is null || size >= last.Checkpoint.Size ? signed : last);
            return signed;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The largest checkpoint this deployment has signed, or null.</summary>
    public SignedCheckpoint? LastSigned() => _latest ?? LoadSigned();

    /// <summary>The root hash of the first <paramref name="size"/> leaves, from stored nodes.</summary>
    /// <exception cref="InvalidOperationException">A node the tree needs is not stored.</exception>
    public async Task<byte[]> RootAsync(long size, CancellationToken cancellationToken)
    {
        if (size == 0)
        {
            return MerkleHash.EmptyRoot;
        }

        return (await HashRangesAsync([new LeafRange(0, size)], cancellationToken).ConfigureAwait(false))[0];
    }

    /// <summary>The hashes of <paramref name="ranges"/> from stored complete subtrees (at most a few hundred reads).</summary>
    /// <exception cref="InvalidOperationException">A node the ranges need is not stored.</exception>
    public async Task<IReadOnlyList<byte[]>> HashRangesAsync(IReadOnlyList<LeafRange> ranges, CancellationToken cancellationToken)
    {
        var nodes = MerkleProofs.NodesFor(ranges);
        var stored = await store.ReadLogNodesAsync([.. nodes], cancellationToken).ConfigureAwait(false);
        if (stored.Count != nodes.Count)
        {
            throw new InvalidOperationException("The log tree lacks nodes its size needs.");
        }

        return MerkleProofs.Hash(ranges, stored);
    }

    // Null when `next` extends `last`; otherwise why not.
    private async Task<string?> ExtendsAsync(Checkpoint last, Checkpoint next, CancellationToken cancellationToken)
    {
        if (next.Size < last.Size)
        {
            return $"the tree has {next.Size} leaves, fewer than the {last.Size} of the checkpoint signed before.";
        }

        if (last.Size == 0)
        {
            return null;
        }

        var proof = await HashRangesAsync(MerkleProofs.ConsistencyRanges(last.Size, next.Size), cancellationToken).ConfigureAwait(false);
        return MerkleProofs.VerifyConsistency(last.Size, next.Size, last.Root, next.Root, proof)
            ? null
            : $"the tree of {next.Size} leaves is not consistent with the checkpoint of {last.Size} leaves signed before.";
    }

    private SignedCheckpoint? LoadSigned()
    {
        var path = Path.Combine(settings.DataDirectory, CheckpointFileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var text = File.ReadAllText(path);
        if (!SignedNote.TryParse(text, out var note) || !note!.VerifiedBy(key.VerifierKey) || !Checkpoint.TryParse(note.Text, out var checkpoint)
            || checkpoint!.Origin != key.Origin)
        {
            throw new InvalidOperationException($"{path} is not a checkpoint signed by this log's key.");
        }

        return new SignedCheckpoint(checkpoint, text);
    }

    private void Save(SignedCheckpoint signed)
    {
        var path = Path.Combine(settings.DataDirectory, CheckpointFileName);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        SecretFiles.WritePrivate(temporary, signed.Note);
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>A checkpoint and its signed note as served.</summary>
internal sealed record SignedCheckpoint(Checkpoint Checkpoint, string Note);
