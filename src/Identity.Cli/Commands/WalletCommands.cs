using System.CommandLine;
using System.Text.Json.Nodes;
using Identity.Cli.Infrastructure;
using Identity.Cli.Qr;
using Identity.Cli.Wallet;
using Identity.Cryptography;
using Identity.Primitives;
using Spectre.Console;

namespace Identity.Cli.Commands;

/// <summary><c>identity wallet init | show | list | receive | remove | register | accept-offer | respond | consent</c>: the patient's side.</summary>
internal static partial class WalletCommands
{
    public static Command Create(CliContext context)
    {
        var wallet = CommonOptions.Wallet();
        var command = new Command("wallet", "The patient's wallet: keys, DIDs and credentials, encrypted with a passphrase") { wallet };
        command.Subcommands.Add(Init(context, wallet));
        command.Subcommands.Add(Show(context, wallet));
        command.Subcommands.Add(List(context, wallet));
        command.Subcommands.Add(Receive(context, wallet));
        command.Subcommands.Add(Fhir(context, wallet));
        command.Subcommands.Add(Remove(context, wallet));
        command.Subcommands.Add(Register(context, wallet));
        command.Subcommands.Add(WalletKeyCommands.Rotate(context, wallet));
        command.Subcommands.Add(WalletKeyCommands.AddKey(context, wallet));
        command.Subcommands.Add(AcceptOffer(context, wallet));
        command.Subcommands.Add(Respond(context, wallet));
        command.Subcommands.Add(ConsentCommands.Create(context, wallet));
        return command;
    }

    private static Command Init(CliContext context, Option<string?> wallet)
    {
        var command = new Command("init", "Create a wallet with a new Ed25519 did:key");
        command.SetAction(parse =>
        {
            var path = CommonOptions.WalletPath(context, parse.GetValue(wallet));
            if (File.Exists(path))
            {
                throw new CliException(ErrorCodes.WalletExists, $"A wallet already exists at {path}; it was not overwritten.");
            }

            var passphrase = context.Passphrase(confirm: true);
            using var key = SignatureAlgorithms.Ed25519.GenerateKey(PrivateKeyExport.AllowPlaintextExport); // stored encrypted in the wallet
            var data = WalletData.CreateNew(key, context.Time.GetUtcNow());
            WalletFile.Create(path, data, passphrase);
            context.Emit(new JsonObject { ["wallet"] = Path.GetFullPath(path), ["did"] = data.Did }, () =>
            {
                context.Output.WriteLine($"Created wallet {Path.GetFullPath(path)} (mode 0600)");
                context.Output.WriteLine($"DID: {data.Did}");
            });
            return 0;
        });
        return command;
    }

    private static Command Show(CliContext context, Option<string?> wallet)
    {
        var command = new Command("show", "Show the wallet's DIDs and keys (public parts only)");
        command.SetAction(parse =>
        {
            var (path, data, _) = Open(context, parse.GetValue(wallet));
            var json = new JsonObject
            {
                ["wallet"] = Path.GetFullPath(path),
                ["did"] = data.Did,
                ["registered"] = new JsonArray([.. data.Registered.Select(r => (JsonNode)new JsonObject { ["did"] = r.Did, ["server"] = r.Server, ["tenant"] = r.Tenant })]),
                ["keys"] = new JsonArray([.. data.Keys.Select(k => (JsonNode)k.PublicKeyMultibase)]),
                ["credentials"] = data.Credentials.Count,
            };
            context.Emit(json, () =>
            {
                context.Output.WriteLine($"Wallet: {Path.GetFullPath(path)}");
                context.Output.WriteLine($"DID: {data.Did}");
                foreach (var registered in data.Registered)
                {
                    context.Output.WriteLine($"DID: {registered.Did} (registered with {registered.Server}, tenant {registered.Tenant})");
                }

                context.Output.WriteLine($"Keys: {string.Join(", ", data.Keys.Select(k => k.PublicKeyMultibase))}");
                context.Output.WriteLine($"Credentials: {data.Credentials.Count}");
            });
            return 0;
        });
        return command;
    }

    private static Command List(CliContext context, Option<string?> wallet)
    {
        var check = new Option<bool>("--check") { Description = "Verify each credential now (signatures, validity, revocation) and show the outcome" };
        var command = new Command("list", "List the credentials in the wallet") { check };
        command.SetAction(async (parse, ct) =>
        {
            var (_, data, _) = Open(context, parse.GetValue(wallet));
            using var local = parse.GetValue(check) ? new LocalVerification(context) : null;
            var rows = new JsonArray();
            foreach (var stored in data.Credentials)
            {
                rows.Add(stored.Format == HealthCardFormat ? ListHealthCard(stored) : stored.IsSdJwt ? await ListSdJwtAsync(stored, local, ct) : await ListDataIntegrityAsync(stored, local, ct));
            }

            context.Emit(new JsonObject { ["credentials"] = rows }, () =>
            {
                if (rows.Count == 0)
                {
                    context.Output.WriteLine("The wallet holds no credentials.");
                    return;
                }

                // One labelled block per credential: ids and DIDs are long, and eight columns would not fit 100.
                string[] fields = ["id", "format", "type", "issuer", "validity", "status", "disclosable", "check"];
                foreach (var row in rows)
                {
                    var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
                    foreach (var field in fields)
                    {
                        grid.AddRow(new Text(field), new Text(field == "disclosable" ? Disclosable(row![field]!.AsArray()) : row![field]!.GetValue<string>()));
                    }

                    context.Console.Write(grid);
                    context.Console.WriteLine();
                }
            });
            return 0;
        });
        return command;
    }

    private static Command Receive(CliContext context, Option<string?> wallet)
    {
        var file = new Argument<string?>("FILE")
        {
            Arity = ArgumentArity.ZeroOrOne,
            Description = "The credential (JSON; or an SD-JWT VC, as its envelope JSON or compact token; or a .smart-health-card file or shc:/ QR text), or - for standard input",
        };
        var qr = new Option<string[]>("--qr") { Description = "Read the credential from the QR code in this image (PNG, JPEG) instead of FILE; repeat once per chunk of a multi-part shc:/ card" };
        var server = CommonOptions.Server(context, needsServer: false);
        server.Description = "Verify through this service (POST /credentials/verify) instead of locally";
        var command = new Command("receive", "Import a credential addressed to this wallet's DID, after verifying it") { file, qr, server };
        command.SetAction(async (parse, ct) =>
        {
            var (path, data, passphrase) = Open(context, parse.GetValue(wallet));
            var images = parse.GetValue(qr) ?? [];
            if ((parse.GetValue(file) is null) == (images.Length == 0))
            {
                throw new CliException(ErrorCodes.InvalidRequest, "Give the credential FILE (- for standard input) or --qr IMAGE (once per QR code), not both.");
            }

            var text = images.Length > 0 ? string.Join('\n', images.Select(QrImageReader.Read)) : context.ReadText(parse.GetValue(file)!, "credential");
            if (HealthCardsIn(text) is { } cards)
            {
                return await ReceiveHealthCardsAsync(context, path, data, passphrase, cards, parse.GetValue(server), ct);
            }

            var source = parse.GetValue(file) ?? "the QR code";
            if (SdJwtCredential.TryFind(text, source, out var token))
            {
                return await ReceiveSdJwtAsync(context, path, data, passphrase, token, parse.GetValue(server), ct);
            }

            var credential = CliContext.ParseJsonObject(text, source, "credential");
            var summary = CredentialSummary.Of(credential);
            if (!summary.Subjects.Any(s => data.Dids.Contains(s, StringComparer.Ordinal)))
            {
                var subjects = summary.Subjects.Count == 0 ? "no subject id" : "subject " + string.Join(", ", summary.Subjects);
                throw new CliException(ErrorCodes.CredentialNotForWallet,
                    $"The credential is addressed to {subjects}, not to this wallet ({string.Join(", ", data.Dids)}); it was not added.");
            }

            var id = credential["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "urn:uuid:" + Guid.NewGuid();
            if (data.Credentials.Any(c => c.Id == id))
            {
                throw new CliException(ErrorCodes.CredentialExists, $"The wallet already holds {id}.");
            }

            var verdict = await VerifyAsync(context, credential, parse.GetValue(server), ct);
            if (!verdict.Verified)
            {
                throw new CliException(verdict.FirstErrorCode, $"The credential did not verify ({verdict.FirstFailure}); it was not added.");
            }

            data.Credentials.Add(new StoredCredential(id, context.Time.GetUtcNow(), credential.ToJsonString()));
            WalletFile.Save(path, data, passphrase);
            context.Emit(new JsonObject { ["id"] = id, ["type"] = summary.Type, ["issuer"] = summary.Issuer }, () =>
                context.Output.WriteLine($"Received {id} ({summary.Type}) from {summary.Issuer}: verified"));
            return 0;
        });
        return command;
    }

    private static Command Remove(CliContext context, Option<string?> wallet)
    {
        var id = new Argument<string>("ID") { Description = "The credential's id, as 'wallet list' shows it" };
        var command = new Command("remove", "Remove a credential from the wallet") { id };
        command.SetAction(parse =>
        {
            var (path, data, passphrase) = Open(context, parse.GetValue(wallet));
            var target = parse.GetValue(id)!;
            if (data.Credentials.RemoveAll(c => c.Id == target) == 0)
            {
                throw new CliException(ErrorCodes.NotFound, $"The wallet holds no credential {target}.");
            }

            WalletFile.Save(path, data, passphrase);
            context.Emit(new JsonObject { ["removed"] = target }, () => context.Output.WriteLine($"Removed {target}"));
            return 0;
        });
        return command;
    }

    private static Command Register(CliContext context, Option<string?> wallet)
    {
        var server = CommonOptions.Server(context, needsServer: true);
        var tenant = new Option<string>("--tenant") { Description = "The hospital (tenant) id", Required = true };
        var key = CommonOptions.TenantKey();
        var patientId = new Option<string?>("--id") { Description = "The patient id in the DID (default: chosen by the service)" };
        var command = new Command("register", "Have a hospital register did:web:{host}:tenants:{t}:patients:{id} for this wallet's key") { server, tenant, key, patientId };
        command.SetAction(async (parse, ct) =>
        {
            var (path, data, passphrase) = Open(context, parse.GetValue(wallet));
            var apiKey = CommonOptions.Required(context, parse.GetValue(key), "IDENTITY_TENANT_KEY", "--key (the hospital's API key)");
            var publicKey = data.Keys[0].PublicKeyMultibase;
            var body = new JsonObject { ["publicKeys"] = new JsonArray(publicKey) };
            if (parse.GetValue(patientId) is { } id)
            {
                body["id"] = id;
            }

            using var client = new ServerClient(parse.GetValue(server), context);
            var t = parse.GetValue(tenant)!;
            var (_, created) = await client.PostAsync($"tenants/{Uri.EscapeDataString(t)}/patients", body, apiKey, ct);
            var did = created["did"]!.GetValue<string>();
            data.Registered.Add(new RegisteredDid(did, client.BaseUri.ToString().TrimEnd('/'), t, created["id"]!.GetValue<string>(), publicKey));
            WalletFile.Save(path, data, passphrase);
            context.Emit(new JsonObject { ["did"] = did, ["patientId"] = created["id"]!.DeepClone() }, () => context.Output.WriteLine($"Registered DID: {did}"));
            return 0;
        });
        return command;
    }

    private static async Task<JsonObject> ListDataIntegrityAsync(StoredCredential stored, LocalVerification? local, CancellationToken ct)
    {
        var credential = stored.Parse();
        var summary = CredentialSummary.Of(credential);
        string state = "not checked";
        if (local is not null)
        {
            var result = await local.Verifier.VerifyCredentialAsync(credential, cancellationToken: ct);
            state = result.Verified ? "verified" : "failed: " + result.Errors[0].Code;
        }

        return Row(stored, summary, [], state);
    }

    private static JsonObject Row(StoredCredential stored, CredentialSummary summary, IReadOnlyList<string> disclosable, string state) => new()
    {
        ["id"] = stored.Id, ["format"] = stored.Format, ["type"] = summary.Type, ["issuer"] = summary.Issuer, ["validity"] = summary.Validity,
        ["status"] = summary.Status, ["disclosable"] = new JsonArray([.. disclosable.Select(p => (JsonNode)p)]), ["check"] = state,
    };

    private static string Disclosable(JsonArray paths) => paths.Count == 0 ? "-" : string.Join(", ", paths.Select(p => p!.GetValue<string>()));

    internal static (string Path, WalletData Data, string Passphrase) Open(CliContext context, string? option)
    {
        var path = CommonOptions.WalletPath(context, option);
        if (!File.Exists(path))
        {
            throw new CliException(ErrorCodes.WalletNotFound, $"There is no wallet at {path}; create one with 'identity wallet init'.");
        }

        if (SecureFiles.ExposedMode(path) is { } mode)
        {
            context.Warn($"{path} can be read or written by other users (mode {Convert.ToString((int)mode, 8)}); restrict it with: chmod 600 {path}");
        }

        var passphrase = context.Passphrase(confirm: false);
        return (path, WalletFile.Open(path, passphrase), passphrase);
    }

    internal static async Task<Verdict> VerifyAsync(CliContext context, JsonObject credential, string? server, CancellationToken ct)
    {
        if (server is null)
        {
            using var local = new LocalVerification(context);
            return Verdict.From((await local.Verifier.VerifyCredentialAsync(credential, cancellationToken: ct)).ToJson());
        }

        using var client = new ServerClient(server, context);
        var (_, body) = await client.PostAsync("credentials/verify", new JsonObject { ["verifiableCredential"] = credential.DeepClone() }, null, ct, 422);
        return Verdict.From(body);
    }
}

/// <summary>A verification outcome in the VC-API shape, from the local verifier or a server.</summary>
internal sealed record Verdict(bool Verified, JsonObject Json)
{
    public static Verdict From(JsonObject json) => new(json["verified"]?.GetValue<bool>() == true, json);

    public IEnumerable<JsonObject> FailedChecks => (Json["checks"] as JsonArray ?? []).OfType<JsonObject>().Where(c => c["status"]?.GetValue<string>() == "failed");

    public string FirstErrorCode => FailedChecks.Select(c => c["code"]?.GetValue<string>()).FirstOrDefault(c => c is not null) ?? ErrorCodes.InvalidProof;

    public string FirstFailure => FailedChecks.Select(c => $"{c["check"]}: {c["code"]}").FirstOrDefault() ?? "no check passed";
}
