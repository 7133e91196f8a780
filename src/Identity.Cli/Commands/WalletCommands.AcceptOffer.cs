// References: OpenID for Verifiable Credential Issuance 1.0 (final, 2025-09-16), https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html ;
//   OpenID4VC High Assurance Interoperability Profile (HAIP) 1.0 §6 (dc+sd-jwt with ES256 holder keys, DPoP).
using System.CommandLine;
using System.Text.Json.Nodes;
using Identity.Cli.Infrastructure;
using Identity.Cli.OpenId4Vc;
using Identity.Cli.Wallet;
using Identity.Cryptography;
using Identity.Primitives;
using Spectre.Console;

namespace Identity.Cli.Commands;

/// <summary><c>identity wallet accept-offer</c>: receive credentials from an OpenID4VCI 1.0 issuer (pre-authorized code flow).</summary>
internal static partial class WalletCommands
{
    private static Command AcceptOffer(CliContext context, Option<string?> wallet)
    {
        var link = new Argument<string?>("OFFER") { Description = "The credential offer link (openid-credential-offer://?credential_offer_uri=… or credential_offer=…)", Arity = ArgumentArity.ZeroOrOne };
        var qr = new Option<string?>("--qr") { Description = "Read the offer link from the QR code in this image (PNG, JPEG) instead" };
        var txCode = new Option<string?>("--tx-code") { Description = "The transaction code the issuer sent you separately, when the offer asks for one" };
        var command = new Command("accept-offer", "Receive a credential offered through OpenID4VCI 1.0 (pre-authorized code, DPoP), verify it and keep it") { link, qr, txCode };
        command.SetAction(async (parse, ct) =>
        {
            var offerLink = LinkInput.Read(parse.GetValue(link), parse.GetValue(qr), "credential offer");
            var (path, data, passphrase) = Open(context, parse.GetValue(wallet));
            using var http = new OpenIdHttp(context);
            var offer = await CredentialOffer.ResolveAsync(offerLink, http, ct);
            using var dpop = new DpopSession(http, context.Time);
            var client = new Oid4vciClient(http, dpop, context.Time);
            await client.LoadMetadataAsync(offer, ct);
            var wanted = offer.ConfigurationIds.Select(id => (Id: id, Format: FormatOf(client.Metadata, id))).ToList();
            if (!wanted.Any(w => IsSdJwt(w.Format) || w.Format == StoredCredential.DataIntegrity))
            {
                throw new CliException(ErrorCodes.OfferInvalid,
                    $"The offer has no credential in a format this wallet keeps (dc+sd-jwt, ldp_vc): {string.Join(", ", wanted.Select(w => $"{w.Id} ({w.Format ?? "unknown"})"))}.");
            }

            await client.RequestTokenAsync(offer, TxCode(context, offer, parse.GetValue(txCode)), ct);
            var received = new JsonArray();
            foreach (var (id, format) in wanted)
            {
                if (IsSdJwt(format))
                {
                    received.Add(await AcceptSdJwtAsync(context, client, data, id, ct));
                }
                else if (format == StoredCredential.DataIntegrity)
                {
                    received.Add(await AcceptDataIntegrityAsync(context, client, data, id, ct));
                }
                else
                {
                    context.Warn($"Skipped {id}: this wallet does not keep {format ?? "unknown"} credentials.");
                }
            }

            // Saved once, after every credential verified: a refused one leaves the wallet as it was (no half-issued credential).
            WalletFile.Save(path, data, passphrase);
            context.Emit(new JsonObject { ["issuer"] = client.Metadata.CredentialIssuer, ["credentials"] = received }, () =>
            {
                foreach (var row in received.OfType<JsonObject>())
                {
                    context.Output.WriteLine($"Received {row["id"]} ({row["format"]}, {row["type"]}) from {client.Metadata.DisplayName ?? client.Metadata.CredentialIssuer}: verified");
                    var claims = row["claims"] as JsonObject ?? [];
                    foreach (var (name, value) in claims)
                    {
                        context.Output.WriteLine($"  {name}: {ClaimText.Format(value)}");
                    }
                }
            });
            return 0;
        });
        return command;
    }

    private static bool IsSdJwt(string? format) => format is "dc+sd-jwt" or "vc+sd-jwt";

    private static string? FormatOf(IssuerMetadata metadata, string id) => CredentialOffer.Text(metadata.Configuration(id)?["format"]);

    // HAIP: a new P-256 key per credential, so that two verifiers cannot link presentations by the holder key.
    private static async Task<JsonObject> AcceptSdJwtAsync(CliContext context, Oid4vciClient client, WalletData data, string id, CancellationToken ct)
    {
        using var key = SignatureAlgorithms.P256.GenerateKey(PrivateKeyExport.AllowPlaintextExport); // stored encrypted in the wallet
        var credentials = await client.RequestCredentialAsync(id, key, null, ct);
        var multibase = Multikey.EncodePublicKey(key.PublicKey);
        data.Keys.Add(new WalletKey(multibase, Multikey.EncodePrivateKey(key), context.Time.GetUtcNow()));
        JsonObject? row = null;
        foreach (var issued in credentials)
        {
            var token = CredentialOffer.Text(issued) ?? throw new CliException(ErrorCodes.IssuerRefused, $"The issuer sent a {id} credential that is not an SD-JWT string.");
            var parsed = SdJwtCredential.Parse(token);
            if (!parsed.IsSuccess)
            {
                throw new CliException(parsed.Error!.Code, $"The issued SD-JWT VC cannot be read ({parsed.Error.Detail}); nothing was added.");
            }

            var held = parsed.Value;
            if (held.WalletKey(data)?.PublicKeyMultibase != multibase)
            {
                throw new CliException(ErrorCodes.CredentialNotForWallet, "The issued SD-JWT VC is not bound (cnf.jwk) to the key this wallet proved; nothing was added.");
            }

            var verdict = await VerifySdJwtAsync(context, token, null, ct);
            if (!verdict.Verified)
            {
                throw new CliException(verdict.FirstErrorCode, $"The issued credential did not verify ({verdict.FirstFailure}); nothing was added.");
            }

            var storedId = held.Id ?? "urn:uuid:" + Guid.NewGuid();
            data.Credentials.Add(new StoredCredential(storedId, context.Time.GetUtcNow(), token, held.Format));
            var claims = Credentials.SdJwt.SdJwtWallet.AllClaims(token);
            row ??= new JsonObject
            {
                ["id"] = storedId, ["format"] = held.Format, ["type"] = held.Summary().Type, ["issuer"] = held.Summary().Issuer, ["holderKey"] = multibase,
                ["claims"] = claims.IsSuccess ? Visible(claims.Value) : null, ["batch"] = credentials.Count,
            };
        }

        return row!;
    }

    // A Data Integrity credential names its subject by DID: the proof is signed by the wallet's did:key.
    private static async Task<JsonObject> AcceptDataIntegrityAsync(CliContext context, Oid4vciClient client, WalletData data, string id, CancellationToken ct)
    {
        var walletKey = data.Keys[0].PublicKeyMultibase;
        using var key = data.OpenKey(walletKey);
        var credentials = await client.RequestCredentialAsync(id, key, $"{data.Did}#{walletKey}", ct);
        var credential = credentials[0] as JsonObject ?? throw new CliException(ErrorCodes.IssuerRefused, $"The issuer sent a {id} credential that is not a JSON object.");
        var summary = CredentialSummary.Of(credential);
        if (!summary.Subjects.Any(s => data.Dids.Contains(s, StringComparer.Ordinal)))
        {
            throw new CliException(ErrorCodes.CredentialNotForWallet, $"The issued {id} credential is not addressed to this wallet's DID; nothing was added.");
        }

        var verdict = await VerifyAsync(context, credential, null, ct);
        if (!verdict.Verified)
        {
            throw new CliException(verdict.FirstErrorCode, $"The issued credential did not verify ({verdict.FirstFailure}); nothing was added.");
        }

        var storedId = CredentialOffer.Text(credential["id"]) ?? "urn:uuid:" + Guid.NewGuid();
        data.Credentials.Add(new StoredCredential(storedId, context.Time.GetUtcNow(), credential.ToJsonString()));
        return new JsonObject
        {
            ["id"] = storedId, ["format"] = StoredCredential.DataIntegrity, ["type"] = summary.Type, ["issuer"] = summary.Issuer,
            ["claims"] = credential["credentialSubject"]?.DeepClone(), ["batch"] = credentials.Count,
        };
    }

    // The claims a person recognises: registered JWT and SD-JWT VC claims are left out.
    private static JsonObject Visible(JsonObject claims)
    {
        var visible = new JsonObject();
        foreach (var (name, value) in claims)
        {
            if (name is not ("iss" or "iat" or "nbf" or "exp" or "cnf" or "vct" or "status" or "sub" or "jti" or "vct#integrity"))
            {
                visible[name] = value?.DeepClone();
            }
        }

        return visible;
    }

    // The transaction code is sent only when the offer asks for one; without --tx-code a terminal is asked for it.
    private static string? TxCode(CliContext context, CredentialOffer offer, string? given)
    {
        if (offer.TxCode is not { } request)
        {
            if (given is not null)
            {
                context.Warn("The offer asks for no transaction code; --tx-code was not sent.");
            }

            return null;
        }

        if (given is null && context.Interactive)
        {
            var prompter = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            given = prompter.Prompt(new TextPrompt<string>($"{request.Description ?? "Transaction code from the issuer"}{(request.Length is { } n ? $" ({n} characters)" : "")}:").Secret());
        }

        if (string.IsNullOrEmpty(given))
        {
            throw new CliException(ErrorCodes.InvalidRequest,
                $"The offer asks for a transaction code{(request.Description is { } d ? $" ({d})" : "")}: pass it with --tx-code.");
        }

        if (request.InputMode == "numeric" && !given.All(char.IsAsciiDigit))
        {
            throw new CliException(ErrorCodes.InvalidOptions, "The offer's transaction code is numeric; --tx-code has other characters.");
        }

        return given;
    }
}
