using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Cli.Infrastructure;
using Identity.Credentials.Jose;

namespace Identity.Cli.Commands;

/// <summary>The hospital's and operator's commands: <c>tenant create</c>, <c>issue</c>, <c>revoke</c>, and the verifier's <c>challenge</c>.</summary>
internal static class OperatorCommands
{
    public static Command Tenant(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The hospital's display name" };
        var server = CommonOptions.Server(context, needsServer: true);
        var adminKey = new Option<string?>("--admin-key") { Description = "The operator's admin key (default: $IDENTITY_ADMIN_KEY)" };
        var id = new Option<string?>("--id") { Description = "The tenant id (a-z, 0-9, '-'; default: generated)" };
        var create = new Command("create", "Create a hospital tenant; prints its DIDs and its API key (shown once)") { name, server, adminKey, id };
        create.SetAction(async (parse, ct) =>
        {
            var key = CommonOptions.Required(context, parse.GetValue(adminKey), "IDENTITY_ADMIN_KEY", "--admin-key");
            var body = new JsonObject { ["name"] = parse.GetValue(name) };
            if (parse.GetValue(id) is { } tenantId)
            {
                body["id"] = tenantId;
            }

            using var client = new ServerClient(parse.GetValue(server), context);
            var (_, tenant) = await client.PostAsync("admin/tenants", body, key, ct);
            context.Emit(tenant, () =>
            {
                context.Output.WriteLine($"Tenant: {tenant["id"]} ({tenant["name"]})");
                context.Output.WriteLine($"DID: {tenant["did"]}");
                context.Output.WriteLine($"API key (shown once): {tenant["apiKey"]}");
            });
            return 0;
        });
        return new Command("tenant", "Manage hospital tenants (operator)") { create };
    }

    public static Command Issue(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "The unsigned credential (JSON), or - for standard input" };
        var server = CommonOptions.Server(context, needsServer: true);
        var tenant = new Option<string>("--tenant") { Description = "The issuing hospital (tenant) id", Required = true };
        var key = CommonOptions.TenantKey();
        var output = new Option<string?>("--out") { Description = "Write the signed credential to this file instead of standard output" };
        var format = new Option<string?>("--format") { Description = "options.format: ldp_vc (Data Integrity, the default), vc+jwt or dc+sd-jwt (SD-JWT VC)" };
        var command = new Command("issue", "Issue a credential as a hospital (POST /tenants/{t}/credentials/issue)") { file, server, tenant, key, output, format };
        command.SetAction(async (parse, ct) =>
        {
            var apiKey = CommonOptions.Required(context, parse.GetValue(key), "IDENTITY_TENANT_KEY", "--key");
            var credential = context.ReadJsonObject(parse.GetValue(file)!, "credential");
            using var client = new ServerClient(parse.GetValue(server), context);
            var request = new JsonObject { ["credential"] = credential };
            if (parse.GetValue(format) is { } f)
            {
                request["options"] = new JsonObject { ["format"] = f };
            }

            var (_, issued) = await client.PostAsync($"tenants/{Uri.EscapeDataString(parse.GetValue(tenant)!)}/credentials/issue", request, apiKey, ct);
            var vc = issued["verifiableCredential"]!;
            var text = vc.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            if (parse.GetValue(output) is { } outFile)
            {
                File.WriteAllText(outFile, text + "\n");
                // An enveloped (JOSE) credential's id is its whole token as a data: URL; name its media type instead.
                var enveloped = EnvelopedCredentials.TryUnwrap(vc, EnvelopedCredentials.EnvelopedCredentialType, out var mediaType, out _);
                context.Emit(new JsonObject { ["id"] = vc["id"]?.DeepClone(), ["out"] = outFile },
                    () => context.Output.WriteLine(enveloped ? $"Issued an {mediaType} credential to {outFile}" : $"Issued {vc["id"]} to {outFile}"));
            }
            else
            {
                context.Output.WriteLine(text);
            }

            return 0;
        });
        return command;
    }

    public static Command Revoke(CliContext context)
    {
        var ids = new Argument<string[]>("ID") { Description = "The ids of credentials this hospital issued", Arity = ArgumentArity.OneOrMore };
        var server = CommonOptions.Server(context, needsServer: true);
        var tenant = new Option<string>("--tenant") { Description = "The issuing hospital (tenant) id", Required = true };
        var key = CommonOptions.TenantKey();
        var suspend = new Option<bool>("--suspend") { Description = "Suspend instead of revoke" };
        var undo = new Option<bool>("--undo") { Description = "Clear the status (reinstate a suspended credential)" };
        var command = new Command("revoke", "Revoke (or suspend) credentials (POST /tenants/{t}/credentials/status)") { ids, server, tenant, key, suspend, undo };
        command.SetAction(async (parse, ct) =>
        {
            var apiKey = CommonOptions.Required(context, parse.GetValue(key), "IDENTITY_TENANT_KEY", "--key");
            var purpose = parse.GetValue(suspend) ? "suspension" : "revocation";
            using var client = new ServerClient(parse.GetValue(server), context);
            var results = new JsonArray();
            foreach (var id in parse.GetValue(ids)!)
            {
                var (_, changed) = await client.PostAsync($"tenants/{Uri.EscapeDataString(parse.GetValue(tenant)!)}/credentials/status",
                    new JsonObject { ["credentialId"] = id, ["statusPurpose"] = purpose, ["status"] = !parse.GetValue(undo) }, apiKey, ct);
                results.Add(changed);
                if (!context.Json)
                {
                    context.Output.WriteLine($"{(parse.GetValue(undo) ? "Cleared" : purpose == "revocation" ? "Revoked" : "Suspended")} {id} (list {changed["statusListCredential"]}, index {changed["statusListIndex"]})");
                }
            }

            if (context.Json)
            {
                context.WriteJson(new JsonObject { ["changed"] = results });
            }

            return 0;
        });
        return command;
    }

    public static Command Challenge(CliContext context)
    {
        var server = CommonOptions.Server(context, needsServer: true);
        var domain = new Option<string?>("--domain") { Description = "The domain the holder must sign (default: the service's)" };
        var command = new Command("challenge", "Get a single-use challenge for a presentation (POST /challenges)") { server, domain };
        command.SetAction(async (parse, ct) =>
        {
            using var client = new ServerClient(parse.GetValue(server), context);
            var body = parse.GetValue(domain) is { } d ? new JsonObject { ["domain"] = d } : null;
            var (_, challenge) = await client.PostAsync("challenges", body, null, ct);
            context.Emit(challenge, () =>
            {
                context.Output.WriteLine($"Challenge: {challenge["challenge"]}");
                context.Output.WriteLine($"Domain: {challenge["domain"]}");
                context.Output.WriteLine($"Expires: {challenge["expires"]}");
            });
            return 0;
        });
        return command;
    }
}
