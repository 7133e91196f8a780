// References: C2SP tlog-tiles — https://c2sp.org/tlog-tiles ; C2SP tlog-checkpoint — https://c2sp.org/tlog-checkpoint ;
// RFC 9162 §2.1.3–2.1.4 (proofs) — https://www.rfc-editor.org/rfc/rfc9162
using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json.Nodes;
using Identity.Primitives;
using Identity.Primitives.TransparencyLog;
using Identity.Server.Contracts;
using Identity.Server.Http;
using Identity.Server.Security;
using Identity.Server.TransparencyLog;
using Identity.Storage;

namespace Identity.Server.Endpoints;

/// <summary>
/// The audit log as a C2SP tiled transparency log under <c>/log</c>: the signed checkpoint, the log's verifier key,
/// hash tiles and entry bundles (immutable, cacheable), and RFC 9162 inclusion and consistency proofs.
/// </summary>
internal static class LogEndpoints
{
    private const string Immutable = "public, max-age=31536000, immutable";
    private const string OctetStream = "application/octet-stream";
    private const string PlainText = "text/plain; charset=utf-8";

    public static IEndpointRouteBuilder MapLog(this IEndpointRouteBuilder app)
    {
        var log = app.MapGroup("/log").WithTags("Transparency log");

        // The latest checkpoint, signed by the log key (mutable: cached for a second at most).
        log.MapGet("/checkpoint", async (HttpContext context, LogService service, CancellationToken ct) =>
        {
            var signed = await service.CheckpointAsync(ct);
            if (!signed.IsSuccess)
            {
                return Problems.For(signed.Error!, StatusCodes.Status500InternalServerError);
            }

            context.Response.Headers.CacheControl = "public, max-age=1";
            return Results.Text(signed.Value.Note, PlainText);
        })
        .WithSummary("The latest signed checkpoint (C2SP tlog-checkpoint)").Produces<string>(200, PlainText).ProducesProblem(500);

        // The log's public key as a C2SP note verifier key.
        log.MapGet("/key", (LogService service) => Results.Text(service.Key.VerifierKey + "\n", PlainText))
            .WithSummary("The log's verifier key (vkey)").Produces<string>(200, PlainText);

        // Hash tiles and entry bundles.
        log.MapGet("/tile/{**path}", async (string? path, HttpContext context, LogService service, IIdentityStore store, Authenticator authenticator, CancellationToken ct) =>
        {
            if (!TilePath.TryParse(path, out var tile))
            {
                return Problems.For(new Error(ErrorCodes.InvalidLogRequest, "The path is not a C2SP tile path such as 0/x001/234, 1/000.p/7 or entries/000."));
            }

            long size = await store.GetLogSizeAsync(ct);
            int level = (tile.Level ?? 0) * TilePath.Height;
            long available = level >= 63 ? 0 : size >> level;
            if (tile.Index > (available - tile.Width) / TilePath.FullWidth || available < tile.Width)
            {
                return Problems.For(new Error(ErrorCodes.NotFound, $"The tree of {size} leaves has no such tile."));
            }

            long start = tile.Index * TilePath.FullWidth;
            var (body, predatesLog) = tile.IsEntries
                ? await EntryBundleAsync(store, start, tile.Width, ct)
                : ([.. (await store.ReadLogNodesAsync(level, start, tile.Width, ct)).SelectMany(h => h)], false);
            if (!tile.IsEntries && body.Length != tile.Width * MerkleHash.Size)
            {
                throw new InvalidOperationException("The log tree lacks nodes its size needs.");
            }

            // Entries written before the log existed name patients in clear (no pseudonyms yet): only the operator reads them.
            if (predatesLog && authenticator.RequireAdmin(context) is { } refused)
            {
                return Problems.For(refused with { Detail = "This entry bundle holds entries written before the log existed, which are not pseudonymised; it needs the admin key." });
            }

            context.Response.Headers.CacheControl = predatesLog ? "no-store" : Immutable;
            return Results.Bytes(body, OctetStream);
        })
        .WithSummary("A hash tile or entry bundle (C2SP tlog-tiles)")
        .WithDescription("Public and immutable, except an entry bundle holding entries written before the log existed (an upgraded deployment's older, not pseudonymised entries): that one needs the admin key (docs/transparency-log.md).")
        .Produces<byte[]>(200, OctetStream).ProducesProblem(400).ProducesProblem(401).ProducesProblem(404);

        // An inclusion proof for the entry at `index` (0-based: sequence − 1) in the tree of `size` leaves (default: now).
        log.MapGet("/proof/inclusion", async (HttpRequest request, LogService service, IIdentityStore store, CancellationToken ct) =>
        {
            long treeSize = await store.GetLogSizeAsync(ct);
            if (Number(request, "index", null, treeSize) is not { } index || Number(request, "size", treeSize, treeSize) is not { } size || index >= size)
            {
                return Problems.For(new Error(ErrorCodes.InvalidLogRequest, $"Give index < size ≤ {treeSize} as decimal numbers."));
            }

            var ranges = MerkleProofs.InclusionRanges(index, size);
            var hashes = await service.HashRangesAsync([.. ranges, new LeafRange(index, index + 1), new LeafRange(0, size)], ct);
            return Results.Json(new JsonObject
            {
                ["index"] = index,
                ["treeSize"] = size,
                ["leafHash"] = Convert.ToBase64String(hashes[^2]),
                ["rootHash"] = Convert.ToBase64String(hashes[^1]),
                ["proof"] = new JsonArray([.. hashes.Take(ranges.Count).Select(h => JsonValue.Create(Convert.ToBase64String(h)))]),
            });
        })
        .WithSummary("An RFC 9162 inclusion proof").Produces<InclusionProofResponse>().ProducesProblem(400);

        // A consistency proof from the tree of `from` leaves to the tree of `to` leaves (default: now).
        log.MapGet("/proof/consistency", async (HttpRequest request, LogService service, IIdentityStore store, CancellationToken ct) =>
        {
            long treeSize = await store.GetLogSizeAsync(ct);
            if (Number(request, "from", null, treeSize) is not { } from || Number(request, "to", treeSize, treeSize) is not { } to || from < 1 || from > to)
            {
                return Problems.For(new Error(ErrorCodes.InvalidLogRequest, $"Give 1 ≤ from ≤ to ≤ {treeSize} as decimal numbers."));
            }

            var ranges = MerkleProofs.ConsistencyRanges(from, to);
            var hashes = await service.HashRangesAsync([.. ranges, new LeafRange(0, from), new LeafRange(0, to)], ct);
            return Results.Json(new JsonObject
            {
                ["from"] = from,
                ["to"] = to,
                ["fromRootHash"] = Convert.ToBase64String(hashes[^2]),
                ["toRootHash"] = Convert.ToBase64String(hashes[^1]),
                ["proof"] = new JsonArray([.. hashes.Take(ranges.Count).Select(h => JsonValue.Create(Convert.ToBase64String(h)))]),
            });
        })
        .WithSummary("An RFC 9162 consistency proof").Produces<ConsistencyProofResponse>().ProducesProblem(400);

        return app;
    }

    // Each entry as stored, with a big-endian uint16 length prefix (leaves never exceed 65,535 bytes: AuditLog.LeafData),
    // and whether any entry predates the log.
    private static async Task<(byte[] Bundle, bool PredatesLog)> EntryBundleAsync(IIdentityStore store, long start, int width, CancellationToken ct)
    {
        var records = await store.ReadAuditAsync(start, width, ct);
        if (records.Count != width || records[^1].Sequence != start + width)
        {
            throw new InvalidOperationException("The audit log lacks entries its tree has.");
        }

        using var bundle = new MemoryStream();
        Span<byte> prefix = stackalloc byte[2];
        bool predatesLog = false;
        foreach (var record in records)
        {
            var data = AuditLog.LeafData(record.Sequence, record.Entry);
            predatesLog |= IsHashChainRow(record, data);
            BinaryPrimitives.WriteUInt16BigEndian(prefix, checked((ushort)data.Length));
            bundle.Write(prefix);
            bundle.Write(data);
        }

        return (bundle.ToArray(), predatesLog);
    }

    // A row written before the log existed keeps the old hash chain's value, SHA-256(previous hash ‖ JCS(entry)), in its
    // hash column (a log-era row keeps its leaf hash there). A log-era row rewritten later matches neither, so it is served
    // and the rewrite is caught by whoever checks the bundle against the tree.
    private static bool IsHashChainRow(AuditRecord record, byte[] data)
    {
        using var sha256 = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        sha256.AppendData(record.PreviousHash);
        sha256.AppendData(data);
        return sha256.GetHashAndReset().AsSpan().SequenceEqual(record.Hash);
    }

    // A query number: absent → fallback (null: required); otherwise canonical decimal digits, at most `max`.
    private static long? Number(HttpRequest request, string name, long? fallback, long max)
    {
        var values = request.Query[name];
        if (values.Count == 0)
        {
            return fallback;
        }

        string? text = values.Count == 1 ? values[0] : null;
        return text is { Length: > 0 and <= 19 } && text.All(char.IsAsciiDigit) && (text.Length == 1 || text[0] != '0')
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value <= max
            ? value
            : null;
    }
}
