// References: docs/health.md (ConsentCredential, registration, withdrawal); W3C Data Integrity 1.0 (eddsa-jcs-2022)
using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Identity.Cli.Infrastructure;
using Identity.Cli.Wallet;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Presentations;
using Identity.Primitives;

namespace Identity.Cli.Commands;

/// <summary>
/// <c>identity wallet consent grant | withdraw</c>: the patient signs a <c>ConsentCredential</c> with their own key, as the
/// did:web their hospital registered, has the hospital register (countersign) it, and withdraws it with a holder proof.
/// </summary>
internal static class ConsentCommands
{
    public static Command Create(CliContext context, Option<string?> wallet)
    {
        var command = new Command("consent", "Consent the patient controls: grant a provider access to data, or withdraw it");
        command.Subcommands.Add(Grant(context, wallet));
        command.Subcommands.Add(Withdraw(context, wallet));
        return command;
    }

    private static Command Grant(CliContext context, Option<string?> wallet)
    {
        var provider = new Option<string>("--provider") { Description = "The provider's DID who may access the data", Required = true };
        var data = new Option<string[]>("--data") { Description = "FHIR R4 resource types, each optionally Type:category (comma-separated or repeated), e.g. Observation:laboratory,Immunization", Required = true, AllowMultipleArgumentsPerToken = true };
        var purpose = new Option<string[]>("--purpose") { Description = "HL7 PurposeOfUse codes (comma-separated or repeated), e.g. TREAT", Required = true, AllowMultipleArgumentsPerToken = true };
        var until = new Option<string>("--until") { Description = "The last day (YYYY-MM-DD, to its end, UTC) or an RFC 3339 date-time", Required = true };
        var tenant = new Option<string?>("--tenant") { Description = "The hospital (tenant) whose registered did:web signs, when the wallet has several" };
        var command = new Command("grant", "Sign a ConsentCredential and register it with the hospital (POST /tenants/{t}/consents)") { provider, data, purpose, until, tenant };
        command.SetAction(async (parse, ct) =>
        {
            var (path, walletData, passphrase) = WalletCommands.Open(context, parse.GetValue(wallet));
            var registered = Registration(walletData, parse.GetValue(tenant));
            var now = context.Time.GetUtcNow();
            var end = ReadUntil(parse.GetValue(until)!);
            if (end <= now)
            {
                throw new CliException(ErrorCodes.InvalidRequest, "--until must be in the future.");
            }

            var custodian = registered.Did[..registered.Did.LastIndexOf(":patients:", StringComparison.Ordinal)];
            var consent = new JsonObject
            {
                ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://identity.example/ns/consent/v1"),
                ["id"] = $"urn:uuid:{Guid.NewGuid()}",
                ["type"] = new JsonArray("VerifiableCredential", "ConsentCredential"),
                ["issuer"] = registered.Did,
                ["validFrom"] = Time(now),
                ["validUntil"] = Time(end),
                ["credentialSubject"] = new JsonObject
                {
                    ["id"] = registered.Did,
                    ["custodian"] = custodian,
                    ["provider"] = parse.GetValue(provider),
                    ["data"] = List(parse.GetValue(data)),
                    ["purpose"] = List(parse.GetValue(purpose)),
                },
            };
            using var local = new LocalVerification(context);
            using var key = walletData.OpenKey(registered.PublicKeyMultibase);
            var signed = local.Proofs.AddProof(consent, "eddsa-jcs-2022", new ProofOptions
            {
                VerificationMethod = $"{registered.Did}#{registered.PublicKeyMultibase}",
                ProofPurpose = "assertionMethod",
                Created = now,
            }, key);
            if (!signed.IsSuccess)
            {
                throw new CliException(signed.Error!);
            }

            using var client = new ServerClient(registered.Server, context);
            var (_, answer) = await client.PostAsync($"tenants/{Uri.EscapeDataString(registered.Tenant)}/consents", new JsonObject { ["consent"] = signed.Value.DeepClone() }, null, ct);
            var id = consent["id"]!.GetValue<string>();
            var registration = answer["registration"]!.AsObject();
            walletData.Credentials.Add(new StoredCredential(id, now, signed.Value.ToJsonString()));
            walletData.Credentials.Add(new StoredCredential(registration["id"]!.GetValue<string>(), now, registration.ToJsonString()));
            WalletFile.Save(path, walletData, passphrase);
            context.Emit(
                new JsonObject { ["consentId"] = id, ["registrationId"] = registration["id"]!.DeepClone(), ["tenant"] = registered.Tenant, ["validUntil"] = Time(end) },
                () => context.Output.WriteLine($"Granted {id} to {parse.GetValue(provider)} until {Time(end)}; registered by {registered.Tenant} ({registration["id"]})"));
            return 0;
        });
        return command;
    }

    private static Command Withdraw(CliContext context, Option<string?> wallet)
    {
        var id = new Argument<string>("ID") { Description = "The consent's id (urn:uuid:…), as 'consent grant' or 'wallet list' shows it" };
        var command = new Command("withdraw", "Withdraw a consent: a holder proof over a fresh challenge (POST /tenants/{t}/consents/withdraw)") { id };
        command.SetAction(async (parse, ct) =>
        {
            var (_, walletData, _) = WalletCommands.Open(context, parse.GetValue(wallet));
            var consentId = parse.GetValue(id)!;
            var stored = walletData.Credentials.FirstOrDefault(c => c.Id == consentId && !c.IsSdJwt)
                ?? throw new CliException(ErrorCodes.NotFound, $"The wallet holds no consent {consentId}.");
            var patient = stored.Parse()["credentialSubject"]?["id"]?.GetValue<string>();
            var registered = walletData.Registered.FirstOrDefault(r => r.Did == patient)
                ?? throw new CliException(ErrorCodes.NotFound, $"{consentId} is not a consent of a did:web this wallet registered.");

            using var client = new ServerClient(registered.Server, context);
            var (_, challenge) = await client.PostAsync("challenges", null, null, ct);
            using var local = new LocalVerification(context);
            using var key = walletData.OpenKey(registered.PublicKeyMultibase);
            var proof = PresentationBuilder.Sign(local.Proofs, PresentationBuilder.Create(registered.Did, []), key, $"{registered.Did}#{registered.PublicKeyMultibase}",
                challenge["challenge"]!.GetValue<string>(), challenge["domain"]!.GetValue<string>(), context.Time.GetUtcNow());
            if (!proof.IsSuccess)
            {
                throw new CliException(proof.Error!);
            }

            var (_, answer) = await client.PostAsync(
                $"tenants/{Uri.EscapeDataString(registered.Tenant)}/consents/withdraw", new JsonObject { ["consentId"] = consentId, ["holderProof"] = proof.Value }, null, ct);
            context.Emit(answer, () => context.Output.WriteLine($"Withdrew {consentId}: the hospital's status list {answer["statusListCredential"]} now marks it"));
            return 0;
        });
        return command;
    }

    // The registered did:web that signs: the one of --tenant, or the wallet's only one.
    private static RegisteredDid Registration(WalletData data, string? tenant)
    {
        var candidates = data.Registered.Where(r => tenant is null || r.Tenant == tenant).ToList();
        return candidates switch
        {
            [var one] => one,
            [] => throw new CliException(ErrorCodes.NotFound, "A consent is signed as the did:web a hospital registered for this wallet; run 'identity wallet register' first" + (tenant is null ? "." : $" (none for tenant '{tenant}').")),
            _ => throw new CliException(ErrorCodes.InvalidRequest, $"The wallet has did:web DIDs at several hospitals ({string.Join(", ", candidates.Select(c => c.Tenant))}); choose one with --tenant."),
        };
    }

    private static JsonArray List(string[]? values) =>
        new([.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(v => (JsonNode)v)]);

    private static DateTimeOffset ReadUntil(string text)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : throw new CliException(ErrorCodes.InvalidRequest, $"--until must be a date (YYYY-MM-DD) or an RFC 3339 date-time, not '{text}'.");
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
