using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Cli.Infrastructure;
using Identity.Cryptography;
using Identity.DidMethods.Jwk;
using Identity.DidMethods.Key;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.Cli.Commands;

/// <summary><c>identity did create | resolve</c>.</summary>
internal static class DidCommands
{
    public static Command Create(CliContext context)
    {
        var command = new Command("did", "Create or resolve DIDs");
        command.Subcommands.Add(CreateDid(context));
        command.Subcommands.Add(Resolve(context));
        return command;
    }

    private static Command CreateDid(CliContext context)
    {
        var method = new Option<string>("--method") { Description = "key or jwk", DefaultValueFactory = _ => "key" };
        method.AcceptOnlyFromAmong("key", "jwk");
        var type = new Option<string>("--type") { Description = "ed25519, p256 or secp256k1", DefaultValueFactory = _ => "ed25519" };
        type.AcceptOnlyFromAmong("ed25519", "p256", "secp256k1");
        var keyOut = new Option<string?>("--key-out") { Description = "Save the private key (secretKeyMultibase, JSON, mode 0600) to this file" };
        var command = new Command("create", "Generate a key and print its did:key or did:jwk and DID document") { method, type, keyOut };
        command.SetAction(parse =>
        {
            var algorithm = parse.GetValue(type) switch
            {
                "p256" => SignatureAlgorithms.P256,
                "secp256k1" => SignatureAlgorithms.Secp256k1,
                _ => SignatureAlgorithms.Ed25519,
            };
            using var key = algorithm.GenerateKey(PrivateKeyExport.AllowPlaintextExport); // printed as secretKeyMultibase
            var did = parse.GetValue(method) == "jwk" ? DidJwkMethod.CreateDid(key.PublicKey) : DidKeyMethod.CreateDid(key.PublicKey);
            var document = (parse.GetValue(method) == "jwk" ? DidJwkMethod.Expand(did) : DidKeyMethod.Expand(did)).Value;
            var saved = parse.GetValue(keyOut);
            if (saved is not null)
            {
                var secret = new JsonObject
                {
                    ["did"] = did.Value,
                    ["verificationMethod"] = document.VerificationMethod[0].Id,
                    ["publicKeyMultibase"] = Multikey.EncodePublicKey(key.PublicKey),
                    ["secretKeyMultibase"] = Multikey.EncodePrivateKey(key),
                };
                SecureFiles.WriteAtomically(saved, Encoding.UTF8.GetBytes(secret.ToJsonString() + "\n"));
            }

            var json = DidDocumentJson.ToJson(document, DidDocumentJson.DidJson);
            context.Emit(new JsonObject { ["did"] = did.Value, ["didDocument"] = json, ["keyFile"] = saved }, () =>
            {
                context.Output.WriteLine($"DID: {did.Value}");
                context.Output.WriteLine(json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
                context.Error.WriteLine(saved is null ? "The private key was not saved (use --key-out FILE to keep it)." : $"Private key saved to {saved} (mode 0600).");
            });
            return 0;
        });
        return command;
    }

    private static Command Resolve(CliContext context)
    {
        var did = new Argument<string>("DID") { Description = "The DID to resolve (did:key, did:jwk, did:web)" };
        var server = CommonOptions.Server(context, needsServer: false);
        server.Description = "Resolve through this service (GET /1.0/identifiers/{did}) instead of locally";
        var command = new Command("resolve", "Resolve a DID and print its DID document") { did, server };
        command.SetAction(async (parse, ct) =>
        {
            JsonNode document;
            if (parse.GetValue(server) is { } url)
            {
                using var client = new ServerClient(url, context);
                var (_, result) = await client.GetAsync("1.0/identifiers/" + Uri.EscapeDataString(parse.GetValue(did)!), ct);
                document = result["didDocument"]?.DeepClone() ?? throw new CliException(ErrorCodes.InvalidDidDocument, "The server's resolution result has no didDocument.");
            }
            else
            {
                using var local = new LocalVerification(context);
                var resolution = await local.Resolver.ResolveAsync(parse.GetValue(did)!, new DidResolutionOptions(), ct);
                if (!resolution.IsSuccess)
                {
                    throw new CliException(resolution.Error!.Code, $"Cannot resolve {parse.GetValue(did)}: {resolution.Error.Detail}");
                }

                document = DidDocumentJson.ToJson(resolution.Document!, DidDocumentJson.DidJson);
            }

            context.WriteJson(document);
            return 0;
        });
        return command;
    }
}
