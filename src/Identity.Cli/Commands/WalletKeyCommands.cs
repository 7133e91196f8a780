using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Identity.Cli.Infrastructure;
using Identity.Cli.Wallet;
using Identity.Credentials.DataIntegrity;
using Identity.Cryptography;
using Identity.Primitives;

namespace Identity.Cli.Commands;

/// <summary>
/// <c>identity wallet rotate | add-key</c>: change the keys of a registered patient did:web with an update signed by
/// the wallet's current key (docs/patient-dids.md) — the service accepts nothing else.
/// </summary>
internal static class WalletKeyCommands
{
    public static Command Rotate(CliContext context, Option<string?> wallet)
    {
        var did = new Option<string?>("--did") { Description = "The registered did:web (default: the only one)" };
        var keepOld = new Option<bool>("--keep-old") { Description = "Keep the current key in the document as well" };
        var command = new Command("rotate", "Replace the wallet key of a registered did:web with a new one") { did, keepOld };
        command.SetAction(async (parse, ct) =>
        {
            var (path, data, passphrase) = WalletCommands.Open(context, parse.GetValue(wallet));
            var registered = Registered(data, parse.GetValue(did));

            // The new key is saved before the service hears of it, so an accepted update can never lock the wallet out.
            using var fresh = SignatureAlgorithms.Ed25519.GenerateKey(PrivateKeyExport.AllowPlaintextExport); // stored encrypted in the wallet
            var freshMultibase = Multikey.EncodePublicKey(fresh.PublicKey);
            data.Keys.Add(new WalletKey(freshMultibase, Multikey.EncodePrivateKey(fresh), context.Time.GetUtcNow()));
            WalletFile.Save(path, data, passphrase);

            var current = await CurrentKeysAsync(context, registered, ct);
            List<string> keys = parse.GetValue(keepOld) ? [.. current.Keys, freshMultibase] : [.. current.Keys.Where(k => k != registered.PublicKeyMultibase), freshMultibase];
            var updated = await SendAsync(context, data, registered, current.Version, keys, ct);

            data.Registered[data.Registered.IndexOf(registered)] = registered with { PublicKeyMultibase = freshMultibase };
            WalletFile.Save(path, data, passphrase);
            context.Emit(updated, () => context.Output.WriteLine($"Rotated {registered.Did} to key {freshMultibase} (version {updated["version"]})"));
            return 0;
        });
        return command;
    }

    public static Command AddKey(CliContext context, Option<string?> wallet)
    {
        var key = new Argument<string>("PUBLIC_KEY") { Description = "The device's public key (publicKeyMultibase, e.g. from 'identity did create --key-out')" };
        var did = new Option<string?>("--did") { Description = "The registered did:web (default: the only one)" };
        var command = new Command("add-key", "Add another device's public key to a registered did:web") { key, did };
        command.SetAction(async (parse, ct) =>
        {
            var (_, data, _) = WalletCommands.Open(context, parse.GetValue(wallet));
            var registered = Registered(data, parse.GetValue(did));
            var current = await CurrentKeysAsync(context, registered, ct);
            var added = parse.GetValue(key)!;
            if (current.Keys.Contains(added))
            {
                throw new CliException(ErrorCodes.InvalidRequest, $"{registered.Did} already lists {added}.");
            }

            var updated = await SendAsync(context, data, registered, current.Version, [.. current.Keys, added], ct);
            context.Emit(updated, () => context.Output.WriteLine($"Added {added} to {registered.Did} (version {updated["version"]})"));
            return 0;
        });
        return command;
    }

    private static RegisteredDid Registered(WalletData data, string? did) => did is null
        ? data.Registered.Count == 1 ? data.Registered[0] : throw new CliException(ErrorCodes.InvalidRequest,
            data.Registered.Count == 0 ? "This wallet has no registered did:web; see 'identity wallet register'." : "Name the registered DID with --did.")
        : data.Registered.SingleOrDefault(r => r.Did == did) ?? throw new CliException(ErrorCodes.NotFound, $"This wallet has no registered DID {did}.");

    private static async Task<(long Version, List<string> Keys)> CurrentKeysAsync(CliContext context, RegisteredDid registered, CancellationToken ct)
    {
        using var client = new ServerClient(registered.Server, context);
        var (_, resolution) = await client.GetAsync("1.0/identifiers/" + Uri.EscapeDataString(registered.Did), ct);
        var version = long.Parse(resolution["didDocumentMetadata"]?["versionId"]?.GetValue<string>() ?? "0", CultureInfo.InvariantCulture);
        var keys = (resolution["didDocument"]?["verificationMethod"] as JsonArray ?? [])
            .Select(m => m?["publicKeyMultibase"]?.GetValue<string>()).OfType<string>().ToList();
        return (version, keys);
    }

    private static async Task<JsonObject> SendAsync(CliContext context, WalletData data, RegisteredDid registered, long version, List<string> keys, CancellationToken ct)
    {
        using var client = new ServerClient(registered.Server, context);
        var (_, challenge) = await client.PostAsync("challenges", null, null, ct);
        var update = new JsonObject
        {
            ["did"] = registered.Did,
            ["version"] = version,
            ["publicKeys"] = new JsonArray([.. keys.Select(k => (JsonNode)k)]),
        };
        using var local = new LocalVerification(context);
        using var signer = data.OpenKey(registered.PublicKeyMultibase);
        var signed = local.Proofs.AddProof(update, "eddsa-jcs-2022", new ProofOptions
        {
            VerificationMethod = $"{registered.Did}#{registered.PublicKeyMultibase}",
            ProofPurpose = "authentication",
            Challenge = challenge["challenge"]!.GetValue<string>(),
            Domain = challenge["domain"]!.GetValue<string>(),
            Created = context.Time.GetUtcNow(),
        }, signer);
        if (!signed.IsSuccess)
        {
            throw new CliException(signed.Error!);
        }

        var (_, updated) = await client.PostAsync(
            $"tenants/{Uri.EscapeDataString(registered.Tenant)}/patients/{Uri.EscapeDataString(registered.PatientId)}/did", signed.Value, null, ct);
        return updated;
    }
}
