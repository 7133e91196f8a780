// References: C2SP tlog-tiles (entry bundles) — https://c2sp.org/tlog-tiles ; RFC 9162 §2.1.4.2 —
// https://www.rfc-editor.org/rfc/rfc9162#section-2.1.4.2
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Cli.Commands;
using Identity.Cryptography.TransparencyLog;
using Identity.Primitives;
using Identity.Primitives.TransparencyLog;

namespace Identity.Cli.Infrastructure;

/// <summary>Fetches and checks the service's log: the checkpoint's signature, a consistency proof, and every entry.</summary>
internal sealed class LogAuditor(ServerClient client, NoteVerifierKey key)
{
    private const int MaxBundleBytes = TilePath.FullWidth * (2 + ushort.MaxValue);

    public async Task<(Checkpoint Checkpoint, string Note)> FetchCheckpointAsync(CancellationToken ct)
    {
        var text = Encoding.UTF8.GetString(await client.GetBytesAsync("log/checkpoint", SignedNote.MaxBytes, ct));
        if (!SignedNote.TryParse(text, out var note) || !note!.VerifiedBy(key) || !Checkpoint.TryParse(note.Text, out var checkpoint)
            || checkpoint!.Origin != key.Name)
        {
            throw Tampered(ErrorCodes.InvalidCheckpoint, $"The checkpoint from {client.BaseUri} is not signed by {key.Name}'s key.");
        }

        return (checkpoint, text);
    }

    /// <summary>Checks that <paramref name="latest"/> extends <paramref name="kept"/> (RFC 9162 consistency proof).</summary>
    public async Task ProveGrowthAsync(Checkpoint? kept, Checkpoint latest, CancellationToken ct)
    {
        if (kept is null || kept.Size == 0)
        {
            return;
        }

        if (latest.Size < kept.Size)
        {
            throw Tampered(ErrorCodes.LogInconsistent, $"The log shrank from {kept.Size} to {latest.Size} entries: it was truncated.");
        }

        var proof = new List<byte[]>();
        if (latest.Size > kept.Size)
        {
            var (_, body) = await client.GetAsync(
                $"log/proof/consistency?from={kept.Size.ToString(CultureInfo.InvariantCulture)}&to={latest.Size.ToString(CultureInfo.InvariantCulture)}", ct);
            foreach (var node in body["proof"] as JsonArray ?? [])
            {
                proof.Add(Convert.FromBase64String(node!.GetValue<string>()));
            }
        }

        if (!MerkleProofs.VerifyConsistency(kept.Size, latest.Size, kept.Root, latest.Root, proof))
        {
            throw Tampered(ErrorCodes.LogInconsistent,
                $"The log of {latest.Size} entries does not extend the kept checkpoint of {kept.Size}: earlier entries were rewritten.");
        }
    }

    /// <summary>Recomputes the tree from every entry bundle: the root at the kept size and at the latest size must match.</summary>
    public async Task RecomputeAsync(Checkpoint? kept, Checkpoint latest, CancellationToken ct)
    {
        var frontier = new MerkleFrontier(0, []);
        for (long index = 0; frontier.Size < latest.Size; index++)
        {
            int width = (int)Math.Min(TilePath.FullWidth, latest.Size - frontier.Size);
            var bundle = await client.GetBytesAsync("log/tile/" + new TilePath(null, index, width), MaxBundleBytes, ct);
            foreach (var entry in Entries(bundle, width))
            {
                frontier.Append(MerkleHash.Leaf(entry), static (_, _) => { });
                if (kept is not null && frontier.Size == kept.Size && !frontier.Root().AsSpan().SequenceEqual(kept.Root))
                {
                    throw Tampered(ErrorCodes.LogInconsistent, $"The first {kept.Size} entries no longer hash to the kept checkpoint's root: they were rewritten.");
                }
            }
        }

        if (!frontier.Root().AsSpan().SequenceEqual(latest.Root))
        {
            throw Tampered(ErrorCodes.LogInconsistent, $"The log's {latest.Size} entries do not hash to its signed root: entries were rewritten.");
        }
    }

    private static List<byte[]> Entries(byte[] bundle, int width)
    {
        var entries = new List<byte[]>(width);
        int at = 0;
        while (at < bundle.Length)
        {
            int length = at + 2 <= bundle.Length ? BinaryPrimitives.ReadUInt16BigEndian(bundle.AsSpan(at)) : int.MaxValue;
            if (length > bundle.Length - at - 2)
            {
                throw Tampered(ErrorCodes.LogInconsistent, "An entry bundle is cut short.");
            }

            entries.Add(bundle[(at + 2)..(at + 2 + length)]);
            at += 2 + length;
        }

        return entries.Count == width ? entries : throw Tampered(ErrorCodes.LogInconsistent, $"An entry bundle holds {entries.Count} entries, not {width}.");
    }

    private static CliException Tampered(string code, string message) => new(code, message, AuditCommand.TamperExitCode);
}
