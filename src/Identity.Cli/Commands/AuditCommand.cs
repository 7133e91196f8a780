// References: C2SP tlog-checkpoint, signed-note and tlog-tiles — https://c2sp.org/tlog-tiles ; RFC 9162 §2.1.4.2 —
// https://www.rfc-editor.org/rfc/rfc9162#section-2.1.4.2
using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Cli.Infrastructure;
using Identity.Cryptography.TransparencyLog;
using Identity.Primitives;
using Identity.Primitives.TransparencyLog;

namespace Identity.Cli.Commands;

/// <summary>
/// <c>identity audit</c>: keeps the service's last verified log checkpoint in a file, and on each run proves that the
/// log only grew since then (a consistency proof, and the root recomputed from every entry), failing with exit code 3
/// on a rewrite or a truncation.
/// </summary>
internal static class AuditCommand
{
    /// <summary>The exit code for a log that is not an append-only extension of the kept checkpoint, or is not signed.</summary>
    public const int TamperExitCode = 3;

    public static Command Create(CliContext context)
    {
        var server = CommonOptions.Server(context, needsServer: true);
        var state = new Option<string>("--checkpoint")
        {
            Description = "The file that keeps the last verified checkpoint and the log's key (created on the first run)",
            Required = true,
        };
        var key = new Option<string?>("--key") { Description = "The log's verifier key (vkey, from GET /log/key or the operator); needed on the first run" };
        var command = new Command("audit", "Prove the service's transparency log only grew since the kept checkpoint (GET /log/…)") { server, state, key };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(state)!;
            var kept = AuditState.Load(path);
            var vkey = ResolveKey(parse.GetValue(key), kept);
            using var client = new ServerClient(parse.GetValue(server), context);
            var auditor = new LogAuditor(client, vkey);
            var latest = await auditor.FetchCheckpointAsync(ct);
            await auditor.ProveGrowthAsync(kept?.Checkpoint, latest.Checkpoint, ct);
            await auditor.RecomputeAsync(kept?.Checkpoint, latest.Checkpoint, ct);
            AuditState.Save(path, vkey, latest.Note);
            var result = new JsonObject
            {
                ["origin"] = latest.Checkpoint.Origin,
                ["treeSize"] = latest.Checkpoint.Size,
                ["rootHash"] = Convert.ToBase64String(latest.Checkpoint.Root),
                ["previousTreeSize"] = kept?.Checkpoint.Size,
            };
            context.Emit(result, () => context.Output.WriteLine(kept is null
                ? $"Log {latest.Checkpoint.Origin}: {latest.Checkpoint.Size} entries verified; checkpoint kept in {path}."
                : $"Log {latest.Checkpoint.Origin}: grew from {kept.Checkpoint.Size} to {latest.Checkpoint.Size} entries, append-only; checkpoint kept in {path}."));
            return 0;
        });
        return command;
    }

    private static NoteVerifierKey ResolveKey(string? option, AuditState? kept)
    {
        if (option is null)
        {
            return kept?.Key ?? throw new CliException(ErrorCodes.InvalidRequest,
                "--key is required on the first run: the log's vkey, from the operator or GET /log/key.");
        }

        if (!NoteVerifierKey.TryParse(option, out var parsed))
        {
            throw new CliException(ErrorCodes.InvalidRequest, "--key is not a C2SP verifier key (name+keyid+base64 of 0x01 and an Ed25519 key).");
        }

        return kept is null || kept.Key.Equals(parsed) ? parsed! : throw new CliException(ErrorCodes.InvalidRequest,
            "--key differs from the key kept in the checkpoint file; use a new --checkpoint file for another log.");
    }
}

/// <summary>The kept state: the log's key and the last checkpoint verified with it (JSON, mode 0600).</summary>
internal sealed record AuditState(NoteVerifierKey Key, Checkpoint Checkpoint)
{
    public static AuditState? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        JsonObject? json;
        try
        {
            json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            json = null;
        }

        if (!NoteVerifierKey.TryParse((json?["key"] as JsonValue)?.ToString(), out var key)
            || !SignedNote.TryParse((json?["checkpoint"] as JsonValue)?.ToString(), out var note) || !note!.VerifiedBy(key!)
            || !Checkpoint.TryParse(note.Text, out var checkpoint))
        {
            throw new CliException(ErrorCodes.InvalidCheckpoint, $"{path} does not hold a checkpoint signed by its log key.", AuditCommand.TamperExitCode);
        }

        return new AuditState(key!, checkpoint!);
    }

    public static void Save(string path, NoteVerifierKey key, string note) =>
        SecureFiles.WriteAtomically(path, Encoding.UTF8.GetBytes(new JsonObject { ["key"] = key.ToString(), ["checkpoint"] = note }.ToJsonString()));
}
