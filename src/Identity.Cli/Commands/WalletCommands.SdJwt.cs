using System.Text.Json.Nodes;
using Identity.Cli.Infrastructure;
using Identity.Cli.Wallet;
using Identity.Cryptography;
using Identity.Primitives;

namespace Identity.Cli.Commands;

/// <summary><c>wallet receive</c> and <c>wallet list</c> for SD-JWT VCs (docs/jose.md, "From the CLI").</summary>
internal static partial class WalletCommands
{
    // Receives an issued SD-JWT VC: it must be bound to this wallet (cnf names one of its keys, or, without cnf, sub
    // names one of its DIDs), verify, and be new. It is stored as the exact token with every disclosure.
    private static async Task<int> ReceiveSdJwtAsync(
        CliContext context, string path, WalletData data, string passphrase, string token, string? server, CancellationToken ct)
    {
        var parsed = SdJwtCredential.Parse(token);
        if (!parsed.IsSuccess)
        {
            throw new CliException(parsed.Error!.Code, $"The SD-JWT VC cannot be read ({parsed.Error.Detail}); it was not added.");
        }

        var held = parsed.Value;
        CheckBoundToWallet(held, data);
        var id = held.Id ?? "urn:uuid:" + Guid.NewGuid();
        if (data.Credentials.Any(c => c.Id == id))
        {
            throw new CliException(ErrorCodes.CredentialExists, $"The wallet already holds {id}.");
        }

        var verdict = await VerifySdJwtAsync(context, token, server, ct);
        if (!verdict.Verified)
        {
            throw new CliException(verdict.FirstErrorCode, $"The credential did not verify ({verdict.FirstFailure}); it was not added.");
        }

        data.Credentials.Add(new StoredCredential(id, context.Time.GetUtcNow(), token, held.Format));
        WalletFile.Save(path, data, passphrase);
        var summary = held.Summary();
        context.Emit(
            new JsonObject
            {
                ["id"] = id, ["format"] = held.Format, ["type"] = summary.Type, ["issuer"] = summary.Issuer,
                ["disclosable"] = new JsonArray([.. held.DisclosablePaths.Select(p => (JsonNode)p)]),
            },
            () => context.Output.WriteLine(
                $"Received {id} ({held.Format}, {summary.Type}) from {summary.Issuer}: verified; disclosable: {(held.DisclosablePaths.Count == 0 ? "none" : string.Join(", ", held.DisclosablePaths))}"));
        return 0;
    }

    private static void CheckBoundToWallet(SdJwtCredential held, WalletData data)
    {
        var holderKey = held.HolderKey();
        if (holderKey is { IsSuccess: false })
        {
            throw new CliException(holderKey.Value.Error!.Code, $"The SD-JWT VC's cnf.jwk is not a usable public key ({holderKey.Value.Error.Detail}); it was not added.");
        }

        // A cnf key decides on its own: a credential bound to someone else's key could never be presented with Key Binding.
        if (holderKey is { } bound)
        {
            if (held.WalletKey(data) is null)
            {
                throw new CliException(ErrorCodes.CredentialNotForWallet,
                    $"The SD-JWT VC is bound (cnf) to the key {Multikey.EncodePublicKey(bound.Value)}, which this wallet does not hold; it was not added.");
            }

            return;
        }

        if (held.Subject is not { } subject || !data.Dids.Contains(subject, StringComparer.Ordinal))
        {
            throw new CliException(ErrorCodes.CredentialNotForWallet,
                $"The SD-JWT VC binds no holder key and is addressed to {held.Subject ?? "no subject (sub)"}, not to this wallet ({string.Join(", ", data.Dids)}); it was not added.");
        }
    }

    private static async Task<Verdict> VerifySdJwtAsync(CliContext context, string token, string? server, CancellationToken ct)
    {
        if (server is null)
        {
            using var local = new LocalVerification(context);
            return Verdict.From((await local.Jose.VerifyCredentialAsync(token, cancellationToken: ct)).ToJson());
        }

        using var client = new ServerClient(server, context);
        var (_, body) = await client.PostAsync("credentials/verify", new JsonObject { ["verifiableCredential"] = token }, null, ct, 422);
        return Verdict.From(body);
    }

    private static async Task<JsonObject> ListSdJwtAsync(StoredCredential stored, LocalVerification? local, CancellationToken ct)
    {
        var parsed = SdJwtCredential.Parse(stored.Document);
        if (!parsed.IsSuccess)
        {
            throw new CliException(ErrorCodes.WalletCorrupted, $"The wallet's SD-JWT VC {stored.Id} cannot be read: {parsed.Error!.Detail}");
        }

        string state = "not checked";
        if (local is not null)
        {
            var result = await local.Jose.VerifyCredentialAsync(stored.Document, cancellationToken: ct);
            state = result.Verified ? "verified" : "failed: " + result.Errors[0].Code;
        }

        return Row(stored, parsed.Value.Summary(), parsed.Value.DisclosablePaths, state);
    }
}
