using System.Net;
using Identity.Testing;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// The issuer's single-use state (codes, transaction-code tries, access tokens, nonces, DPoP jtis) lives in the store:
/// it holds across a restart of the service, on SQLite and on PostgreSQL.
/// </summary>
[TestClass]
public sealed class Oid4VciStateTests
{
    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task SingleUseState_SurvivesARestart(Store store)
    {
        // Arrange: a real server process with two transaction-code tries.
        var environment = new Dictionary<string, string>
        {
            ["IDENTITY_ADMIN_KEY"] = IdentityServerFactory.AdminKey,
            ["IDENTITY_MASTER_KEY"] = IdentityServerFactory.MasterKey,
            ["IDENTITY_OID4VCI_TX_CODE_TRIES"] = "2",
        };
        if (store == Store.Postgres)
        {
            foreach (var (key, value) in Replicas.PostgresEnvironment(await Replicas.NewDatabaseAsync()).Where(s => s.Key != "IDENTITY_PUBLIC_URL"))
            {
                environment[key] = value;
            }
        }

        string data = Path.Combine(Path.GetTempPath(), "identity-vci-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        try
        {
            var first = await ServerProcess.StartAsync(environment, data);
            int port = first.Port;
            using var client = new HttpClient { BaseAddress = new Uri(first.BaseUrl) };
            var tenant = await client.CreateTenantAsync("st-marys");
            using var wallet = new Oid4VciWallet(client, tenant, first.BaseUrl);
            using var holder = Oid4VciWallet.NewKey();
            var locked = await wallet.OfferAsync(txCode: true);
            var right = locked["tx_code"]!.GetValue<string>();
            var wrong = right == "000000" ? "111111" : "000000";
            (await wallet.RedeemAsync(Oid4VciWallet.CodeOf(locked), wrong)).AssertOAuthError(HttpStatusCode.BadRequest, "invalidGrant", "invalid_grant");
            var redeemed = Oid4VciWallet.CodeOf(await wallet.OfferAsync());
            var proof = Oid4VciWallet.DpopProof(wallet.DpopKey, "POST", wallet.TokenEndpoint);
            var token = (await wallet.RedeemAsync(redeemed, dpop: proof)).AssertStatus(HttpStatusCode.OK).Body!["access_token"]!.GetValue<string>();
            var nonce = await wallet.NonceAsync();
            var pending = Oid4VciWallet.CodeOf(await wallet.OfferAsync());

            // Act: restart on the same data and address.
            await first.DisposeAsync();
            await using var second = await ServerProcess.StartAsync(environment, data, port);

            // Assert: what was counted or spent stays so; what was live stays usable, once.
            (await wallet.RedeemAsync(Oid4VciWallet.CodeOf(locked), wrong)).AssertOAuthError(HttpStatusCode.BadRequest, "invalidGrant", "invalid_grant");
            (await wallet.RedeemAsync(Oid4VciWallet.CodeOf(locked), right)).AssertOAuthError(HttpStatusCode.BadRequest, "invalidGrant", "invalid_grant");
            (await wallet.RedeemAsync(redeemed)).AssertOAuthError(HttpStatusCode.BadRequest, "invalidGrant", "invalid_grant");
            (await wallet.RedeemAsync(pending, dpop: proof)).AssertOAuthError(HttpStatusCode.BadRequest, "invalidDpopProof", "invalid_dpop_proof");
            var request = Oid4VciWallet.CredentialRequest("PatientIdentityCredential_sd_jwt", wallet.KeyProof(holder, nonce));
            (await wallet.CredentialAsync(token, request)).AssertStatus(HttpStatusCode.OK);
            (await wallet.CredentialAsync(token, request)).AssertOAuthError(HttpStatusCode.Unauthorized, "invalidToken", "invalid_token");
            var next = (await wallet.RedeemAsync(pending)).AssertStatus(HttpStatusCode.OK).Body!["access_token"]!.GetValue<string>();
            (await wallet.CredentialAsync(next, request)).AssertOAuthError(HttpStatusCode.BadRequest, "invalidNonce", "invalid_nonce");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
