// References: OpenID for Verifiable Credential Issuance 1.0 and OpenID for Verifiable Presentations 1.0 (final), HAIP 1.0.
// Peers: tests/interop/oid4vc-peer-issuer.mjs and oid4vc-peer-verifier.mjs (@openid4vc/* 0.4.6, @sd-jwt/sd-jwt-vc 0.19.0).
using System.Text.Json.Nodes;
using Identity.Cryptography;
using Identity.Primitives;

namespace Identity.Cli.Tests;

/// <summary>
/// The CLI wallet against an independent issuer and verifier built from the OWF OpenID4VC libraries: issuance with a
/// pre-authorized code, tx_code and DPoP; presentation by DCQL with both response modes, verified by the peer.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed partial class Oid4vcWalletTests
{
    private const string Vct = "https://peer.example/HealthCredential";

    private static Oid4vcPeer s_issuer = null!;
    private static Oid4vcPeer s_verifier = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartPeersAsync(TestContext _)
    {
        s_issuer = await Oid4vcPeer.StartAsync("oid4vc-peer-issuer.mjs");
        s_verifier = await Oid4vcPeer.StartAsync("oid4vc-peer-verifier.mjs");
    }

    [ClassCleanup]
    public static async Task StopPeersAsync()
    {
        if (s_issuer is not null)
        {
            await s_issuer.DisposeAsync();
        }

        if (s_verifier is not null)
        {
            await s_verifier.DisposeAsync();
        }
    }

    private static Dictionary<string, string?> Env(string wallet)
    {
        var env = Cli.Env(loopback: true);
        env["IDENTITY_WALLET"] = wallet;
        return env;
    }

    private static async Task<string> NewWalletAsync()
    {
        var wallet = Path.Combine(Directory.CreateTempSubdirectory("identity-oid4vc-").FullName, "wallet.json");
        (await Cli.RunAsync(Env(wallet), null, "wallet", "init")).AssertSuccess();
        return wallet;
    }

    private static Task<JsonObject> OfferAsync(bool txCode, bool byValue = false) => s_issuer.PostAsync("/test/offers", new JsonObject
    {
        ["claims"] = new JsonObject { ["given_name"] = "Ada", ["blood_type"] = "O+", ["address"] = new JsonObject { ["locality"] = "Oslo" } },
        ["tx_code"] = txCode,
        ["by_value"] = byValue,
    });

    private static async Task<string> WalletWithCredentialAsync()
    {
        var wallet = await NewWalletAsync();
        var offer = await OfferAsync(txCode: false);
        (await Cli.RunAsync(Env(wallet), null, "wallet", "accept-offer", offer["offer_uri"]!.GetValue<string>())).AssertSuccess();
        return wallet;
    }

    private static JsonObject Query(string vct = Vct, params string[] claims) => new()
    {
        ["credentials"] = new JsonArray(new JsonObject
        {
            ["id"] = "health",
            ["format"] = "dc+sd-jwt",
            ["meta"] = new JsonObject { ["vct_values"] = new JsonArray(vct) },
            ["claims"] = new JsonArray([.. claims.Select(c => (JsonNode)new JsonObject { ["path"] = new JsonArray([.. c.Split('.').Select(p => (JsonNode)p)]) })]),
        }),
    };

    private static Task<JsonObject> RequestAsync(Oid4vcPeer verifier, string mode, JsonObject query, JsonObject? extra = null)
    {
        var body = new JsonObject { ["response_mode"] = mode, ["dcql_query"] = query };
        foreach (var (name, value) in extra ?? [])
        {
            body[name] = value?.DeepClone();
        }

        return verifier.PostAsync("/test/requests", body);
    }

    private static async Task<JsonObject> OutcomeAsync(Oid4vcPeer verifier, JsonObject request) =>
        (await verifier.GetAsync("/test/requests/" + request["id"]!.GetValue<string>())).AsObject();

    private static string Link(JsonObject request) => request["authorization_request"]!.GetValue<string>();

    private static string WritePng(string text) => QrPng.Write(text);

    [TestMethod]
    public async Task AcceptOffer_TxCodeAndDpop_StoresSdJwtBoundToANewP256Key()
    {
        // Arrange
        var wallet = await NewWalletAsync();
        var offer = await OfferAsync(txCode: true);

        // Act
        var run = (await Cli.RunAsync(Env(wallet), null, "wallet", "accept-offer", offer["offer_uri"]!.GetValue<string>(),
            "--tx-code", offer["tx_code"]!.GetValue<string>(), "--json")).AssertSuccess();

        // Assert: what the wallet kept is what the peer issued, bound to the key the wallet proved.
        var received = run.Json["credentials"]![0]!.AsObject();
        Assert.AreEqual("dc+sd-jwt", received["format"]!.GetValue<string>());
        Assert.AreEqual(Vct, received["type"]!.GetValue<string>());
        Assert.AreEqual("Ada", received["claims"]!["given_name"]!.GetValue<string>());
        var issued = (await s_issuer.GetAsync("/test/issued")).AsArray().Last()!;
        var holder = JwkConverter.FromJson(issued["holder_jwk"]!.ToJsonString()).Value;
        Assert.AreEqual(KeyType.P256, holder.KeyType);
        Assert.AreEqual(Multikey.EncodePublicKey(holder), received["holderKey"]!.GetValue<string>());
        var listed = (await Cli.RunAsync(Env(wallet), null, "wallet", "list", "--json")).AssertSuccess().Json["credentials"]!.AsArray();
        Assert.AreEqual(1, listed.Count);
        CollectionAssert.AreEquivalent(new[] { "given_name", "blood_type", "address" }, listed[0]!["disclosable"]!.AsArray().Select(p => p!.GetValue<string>()).ToArray());
    }

    [TestMethod]
    public async Task AcceptOffer_WrongTxCode_InvalidGrant_WalletUnchanged()
    {
        var wallet = await NewWalletAsync();
        var offer = await OfferAsync(txCode: true);
        var wrong = offer["tx_code"]!.GetValue<string>() == "000000" ? "111111" : "000000";
        var before = await File.ReadAllBytesAsync(wallet);

        var run = (await Cli.RunAsync(Env(wallet), null, "wallet", "accept-offer", offer["offer_uri"]!.GetValue<string>(), "--tx-code", wrong)).AssertFailure(ErrorCodes.IssuerRefused);

        StringAssert.Contains(run.Error, "invalid_grant");
        CollectionAssert.AreEqual(before, await File.ReadAllBytesAsync(wallet), "A refused issuance must leave the wallet untouched.");
    }

    [TestMethod]
    public async Task AcceptOffer_TxCodeMissing_RefusedBeforeTheTokenRequest()
    {
        var wallet = await NewWalletAsync();
        var offer = await OfferAsync(txCode: true);

        (await Cli.RunAsync(Env(wallet), null, "wallet", "accept-offer", offer["offer_uri"]!.GetValue<string>())).AssertFailure(ErrorCodes.InvalidRequest);

        // The code was not spent: the right transaction code still redeems it.
        (await Cli.RunAsync(Env(wallet), null, "wallet", "accept-offer", offer["offer_uri"]!.GetValue<string>(), "--tx-code", offer["tx_code"]!.GetValue<string>())).AssertSuccess();
    }

    [TestMethod]
    public async Task AcceptOffer_ByValueFromQrPng_Stored()
    {
        var wallet = await NewWalletAsync();
        var offer = await OfferAsync(txCode: false, byValue: true);
        StringAssert.Contains(offer["offer_uri"]!.GetValue<string>(), "credential_offer=");
        var png = WritePng(offer["offer_uri"]!.GetValue<string>());

        var run = (await Cli.RunAsync(Env(wallet), null, "wallet", "accept-offer", "--qr", png, "--json")).AssertSuccess();

        Assert.AreEqual("dc+sd-jwt", run.Json["credentials"]![0]!["format"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task AcceptOffer_TxCodeNotAskedFor_NotSent_Warned()
    {
        var wallet = await NewWalletAsync();
        var offer = await OfferAsync(txCode: false);

        var run = (await Cli.RunAsync(Env(wallet), null, "wallet", "accept-offer", offer["offer_uri"]!.GetValue<string>(), "--tx-code", "123456")).AssertSuccess();

        StringAssert.Contains(run.Error, "--tx-code was not sent");
    }

    [TestMethod]
    public async Task AcceptOffer_UsedTwice_SecondIsRefused()
    {
        var wallet = await NewWalletAsync();
        var offer = await OfferAsync(txCode: false);
        (await Cli.RunAsync(Env(wallet), null, "wallet", "accept-offer", offer["offer_uri"]!.GetValue<string>())).AssertSuccess();

        (await Cli.RunAsync(Env(wallet), null, "wallet", "accept-offer", offer["offer_uri"]!.GetValue<string>())).AssertFailure(ErrorCodes.IssuerRefused);
    }
}
