// References: /work contract of issue 21 (POST /tenants/{t}/devices/bindings); W3C VC Data Model 2.0 (presentations
// without credentials as holder proofs); W3C Data Integrity ECDSA and EdDSA cryptosuites (ecdsa-jcs-2019, eddsa-jcs-2022).
using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Cli.Device;
using Identity.Cli.Infrastructure;
using Identity.Cryptography;
using Identity.Credentials.Presentations;
using Identity.Primitives;

namespace Identity.Cli.Commands;

/// <summary>
/// <c>identity device init | bind | simulate</c>: a home device (or its gateway app) with its own key and DID, bound to a
/// patient by the hospital with the patient's consent, streaming signed readings to the service.
/// </summary>
internal static partial class DeviceCommands
{
    public static Command Create(CliContext context)
    {
        var device = new Option<string?>("--device")
        {
            Description = "The device file (default: $IDENTITY_DEVICE, else ~/.identity/device.json)",
            Recursive = true,
        };
        var command = new Command("device", "A simulated home device: its key and DID, its binding to a patient, its signed readings") { device };
        command.Subcommands.Add(Init(context, device));
        command.Subcommands.Add(Bind(context, device));
        command.Subcommands.Add(Simulate(context, device));
        command.Subcommands.Add(Presign(context, device));
        return command;
    }

    private static Command Init(CliContext context, Option<string?> device)
    {
        var alg = new Option<string>("--alg") { Description = "The device key: p256 (ES256) or ed25519 (EdDSA)", DefaultValueFactory = _ => "p256" };
        alg.AcceptOnlyFromAmong("p256", "ed25519");
        var method = new Option<string>("--did-method") { Description = "key (did:key) or jwk (did:jwk)", DefaultValueFactory = _ => "key" };
        method.AcceptOnlyFromAmong("key", "jwk");
        var command = new Command("init", "Create a device file with a new key and its DID, encrypted like the wallet") { alg, method };
        command.SetAction(parse =>
        {
            var path = DevicePath(context, parse.GetValue(device));
            if (File.Exists(path))
            {
                throw new CliException(ErrorCodes.DeviceFileExists, $"A device file already exists at {path}; it was not overwritten.");
            }

            var passphrase = context.Passphrase(confirm: true, DeviceFile.PassphraseVariable, "device file");
            var algorithm = parse.GetValue(alg) == "ed25519" ? SignatureAlgorithms.Ed25519 : SignatureAlgorithms.P256;
            using var key = algorithm.GenerateKey(PrivateKeyExport.AllowPlaintextExport); // stored encrypted in the device file
            var data = DeviceData.CreateNew(key, parse.GetValue(method)!, context.Time.GetUtcNow());
            DeviceFile.Create(path, data, passphrase);
            context.Emit(new JsonObject { ["device"] = Path.GetFullPath(path), ["did"] = data.Did, ["verificationMethod"] = data.VerificationMethod }, () =>
            {
                context.Output.WriteLine($"Created device file {Path.GetFullPath(path)} (mode 0600)");
                context.Output.WriteLine($"DID: {data.Did}");
            });
            return 0;
        });
        return command;
    }

    private static Command Bind(CliContext context, Option<string?> device)
    {
        var server = CommonOptions.Server(context, needsServer: true);
        var tenant = new Option<string>("--tenant") { Description = "The hospital (tenant) that binds the device", Required = true };
        var key = CommonOptions.TenantKey();
        var wallet = CommonOptions.Wallet();
        var patient = new Option<string?>("--patient") { Description = "The patient's did:web the hospital registered for the wallet (default: the wallet's only one at --tenant)" };
        var kind = new Option<string>("--kind") { Description = "cgm, bp or pulse-ox", Required = true };
        kind.AcceptOnlyFromAmong(TraceGenerator.Kinds);
        var manufacturer = new Option<string>("--manufacturer") { Description = "The FHIR Device's manufacturer", DefaultValueFactory = _ => "Identity simulated devices" };
        var model = new Option<string?>("--model") { Description = "The FHIR Device's modelNumber (default: per kind)" };
        var validUntil = new Option<string?>("--valid-until") { Description = "The binding's end (RFC 3339; default and maximum: the service's)" };
        var command = new Command("bind", "Have the hospital bind this device to the patient, with the wallet's holder proof as consent (POST /tenants/{t}/devices/bindings)")
        {
            server, tenant, key, wallet, patient, kind, manufacturer, model, validUntil,
        };
        command.SetAction(async (parse, ct) =>
        {
            var apiKey = CommonOptions.Required(context, parse.GetValue(key), "IDENTITY_TENANT_KEY", "--key");
            var (path, data, passphrase) = Open(context, parse.GetValue(device));
            var (_, walletData, _) = WalletCommands.Open(context, parse.GetValue(wallet));
            var tenantId = parse.GetValue(tenant)!;
            var registered = walletData.Registered.FirstOrDefault(r => r.Tenant == tenantId && (parse.GetValue(patient) is null || r.Did == parse.GetValue(patient)));
            // The patient is the did:web the hospital registered for this wallet; the wallet signs as it, with its key.
            var patientDid = registered?.Did ?? throw new CliException(ErrorCodes.NotFound, parse.GetValue(patient) is { } named
                ? $"The wallet has no registered did:web {named} at {tenantId}."
                : $"The wallet has no did:web registered at {tenantId}; run 'identity wallet register' first.");
            var patientKey = registered.PublicKeyMultibase;

            using var client = new ServerClient(parse.GetValue(server), context);
            using var local = new LocalVerification(context);
            var now = context.Time.GetUtcNow();
            JsonObject holderProof, deviceProof;
            using (var walletKey = walletData.OpenKey(patientKey))
            {
                holderProof = await ProofAsync(client, local, patientDid, walletKey, $"{patientDid}#{patientKey}", now, ct);
            }

            using (var deviceKey = data.OpenKey())
            {
                deviceProof = await ProofAsync(client, local, data.Did, deviceKey, data.VerificationMethod, now, ct);
            }

            var request = new JsonObject
            {
                ["deviceDid"] = data.Did,
                ["patient"] = patientDid,
                ["device"] = FhirDevice(data.Did, parse.GetValue(kind)!, parse.GetValue(manufacturer)!, parse.GetValue(model)),
                ["kind"] = parse.GetValue(kind),
                ["holderProof"] = holderProof,
                ["deviceProof"] = deviceProof,
            };
            if (parse.GetValue(validUntil) is { } until)
            {
                request["validUntil"] = until;
            }

            var (_, bound) = await client.PostAsync($"tenants/{Uri.EscapeDataString(tenantId)}/devices/bindings", request, apiKey, ct);
            data.Binding = new DeviceBinding(client.BaseUri.ToString(), tenantId, bound["bindingId"]!.GetValue<string>(), patientDid, parse.GetValue(kind)!,
                bound["validUntil"]!.GetValue<DateTimeOffset>(), bound["credential"]!.ToJsonString());
            DeviceFile.Save(path, data, passphrase);
            context.Emit(
                new JsonObject { ["bindingId"] = data.Binding.BindingId, ["deviceDid"] = data.Did, ["patient"] = patientDid, ["kind"] = data.Binding.Kind, ["validUntil"] = bound["validUntil"]!.DeepClone() },
                () => context.Output.WriteLine($"Bound {data.Did} ({data.Binding.Kind}) to {patientDid} at {tenantId} until {bound["validUntil"]} ({data.Binding.BindingId})"));
            return 0;
        });
        return command;
    }

    // A presentation without credentials over a fresh challenge: the patient's consent, or the device's proof of its key.
    private static async Task<JsonObject> ProofAsync(ServerClient client, LocalVerification local, string holder, PrivateKey key, string method, DateTimeOffset now, CancellationToken ct)
    {
        var (_, challenge) = await client.PostAsync("challenges", null, null, ct);
        var suite = key.KeyType == KeyType.Ed25519 ? "eddsa-jcs-2022" : "ecdsa-jcs-2019";
        var proof = PresentationBuilder.Sign(local.Proofs, PresentationBuilder.Create(holder, []), key, method,
            challenge["challenge"]!.GetValue<string>(), challenge["domain"]!.GetValue<string>(), now, suite);
        return proof.IsSuccess ? proof.Value : throw new CliException(proof.Error!);
    }

    private static JsonObject FhirDevice(string did, string kind, string manufacturer, string? model) => new()
    {
        ["resourceType"] = "Device",
        ["identifier"] = new JsonArray(new JsonObject { ["system"] = "urn:ietf:rfc:3986", ["value"] = did }),
        ["type"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "urn:identity:device-kind", ["code"] = kind }), ["text"] = kind },
        ["manufacturer"] = manufacturer,
        ["modelNumber"] = model ?? kind switch { TraceGenerator.Cgm => "SimCGM 1", TraceGenerator.BloodPressure => "SimCuff 1", _ => "SimOx 1" },
        // A serial number derived from the DID: stable for the device, telling nothing else.
        ["serialNumber"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(did)))[..12],
    };

    internal static string DevicePath(CliContext context, string? option) =>
        option ?? context.Environment("IDENTITY_DEVICE")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".identity", "device.json");

    internal static (string Path, DeviceData Data, string Passphrase) Open(CliContext context, string? option)
    {
        var path = DevicePath(context, option);
        if (!File.Exists(path))
        {
            throw new CliException(ErrorCodes.DeviceFileNotFound, $"There is no device file at {path}; create one with 'identity device init'.");
        }

        if (SecureFiles.ExposedMode(path) is { } mode)
        {
            context.Warn($"{path} can be read or written by other users (mode {Convert.ToString((int)mode, 8)}); restrict it with: chmod 600 {path}");
        }

        var passphrase = context.Passphrase(confirm: false, DeviceFile.PassphraseVariable, "device file");
        return (path, DeviceFile.Open(path, passphrase), passphrase);
    }

    internal static DeviceBinding Bound(DeviceData data) => data.Binding
        ?? throw new CliException(ErrorCodes.DeviceFileUnbound, $"{data.Did} is not bound to a patient yet; run 'identity device bind' first.");

    /// <summary>Reads 30s, 5m, 1h (or a TimeSpan such as 00:05:00); between 1 second and 1 day.</summary>
    internal static TimeSpan ParseInterval(string text)
    {
        TimeSpan? parsed = text.Length > 1 && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? text[^1] switch { 's' => TimeSpan.FromSeconds(n), 'm' => TimeSpan.FromMinutes(n), 'h' => TimeSpan.FromHours(n), _ => null }
            : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : null;
        return parsed is { } interval && interval >= TimeSpan.FromSeconds(1) && interval <= TimeSpan.FromDays(1) && interval.Ticks % TimeSpan.TicksPerSecond == 0
            ? interval
            : throw new CliException(ErrorCodes.InvalidRequest, $"--interval must be a whole number of seconds between 1s and 24h (e.g. 30s, 5m, 1h), not '{text}'.");
    }
}
