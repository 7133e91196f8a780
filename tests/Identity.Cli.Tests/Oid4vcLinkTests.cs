using Identity.Primitives;

namespace Identity.Cli.Tests;

/// <summary>Offer and request links the wallet refuses before it sends anything (no peer needed).</summary>
[TestClass]
public sealed class Oid4vcLinkTests
{
    private static async Task<Dictionary<string, string?>> WalletAsync()
    {
        var wallet = Path.Combine(Directory.CreateTempSubdirectory("identity-oid4vc-").FullName, "wallet.json");
        var env = Cli.Env();
        env["IDENTITY_WALLET"] = wallet;
        (await Cli.RunAsync(env, null, "wallet", "init")).AssertSuccess();
        return env;
    }

    [TestMethod]
    [DataRow("openid-credential-offer://?credential_offer=%7B%22credential_issuer%22%3A%22http%3A%2F%2Fhospital.example%22%2C%22credential_configuration_ids%22%3A%5B%22x%22%5D%7D", DisplayName = "plain http issuer")]
    [DataRow("openid-credential-offer://?credential_offer=%7B%22credential_issuer%22%3A%22https%3A%2F%2Fhospital.example%22%2C%22credential_configuration_ids%22%3A%5B%22x%22%5D%2C%22grants%22%3A%7B%22authorization_code%22%3A%7B%7D%7D%7D", DisplayName = "authorization-code grant only")]
    [DataRow("openid-credential-offer://?credential_offer=not-json", DisplayName = "offer not JSON")]
    [DataRow("openid-credential-offer://?credential_offer=%7B%7D&credential_offer_uri=https%3A%2F%2Fa.example", DisplayName = "both by value and by reference")]
    [DataRow("https://hospital.example/offer", DisplayName = "no query")]
    public async Task AcceptOffer_UnusableOffer_OfferInvalid(string link)
    {
        var env = await WalletAsync();

        (await Cli.RunAsync(env, null, "wallet", "accept-offer", link)).AssertFailure(ErrorCodes.OfferInvalid);
    }

    [TestMethod]
    [DataRow("openid4vp://?client_id=decentralized_identifier%3Adid%3Aweb%3Aclinic.example&response_type=vp_token&nonce=n", DisplayName = "unsigned request")]
    [DataRow("openid4vp://?client_id=x509_hash%3Aabc&request_uri=http%3A%2F%2Fclinic.example%2Fr", DisplayName = "plain http request_uri")]
    [DataRow("openid4vp://?client_id=redirect_uri%3Ahttps%3A%2F%2Fclinic.example&request=e30.e30.c2ln", DisplayName = "request object not a valid JWS")]
    public async Task Respond_RequestThatCannotBeVerified_RequestObjectInvalid(string link)
    {
        var env = await WalletAsync();

        (await Cli.RunAsync(env, null, "wallet", "respond", link, "--yes")).AssertFailure(ErrorCodes.RequestObjectInvalid);
    }

    [TestMethod]
    public async Task AcceptOffer_LinkAndQrTogether_UsageError()
    {
        (await Cli.RunAsync("wallet", "accept-offer", "openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fa.example", "--qr", "x.png"))
            .AssertFailure(ErrorCodes.InvalidRequest);
    }
}
