// References: IETF draft-ietf-oauth-status-list (Token Status List), §5.1 Status List Token in JWT format, §8.3
//   Validation Rules, https://datatracker.ietf.org/doc/draft-ietf-oauth-status-list/
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Credentials.SdJwt;
using Identity.Credentials.Status;
using Identity.DidMethods.Key;
using Identity.Dids;
using Identity.Primitives;
using Identity.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Identity.Credentials.Tests.Status;

[TestClass]
public sealed class TokenStatusListCheckerTests : IDisposable
{
    private const string ListUri = "https://status.example/token-lists/1";
    private static readonly DateTimeOffset s_now = StatusListTestKit.Now;

    private readonly FakeTimeProvider _time = new(s_now);
    private readonly StatusListTestKit.Issuer _alice = new();
    private readonly StatusListTestKit.Issuer _mallory = new();
    private readonly FakeTokenSource _source = new();

    public void Dispose()
    {
        _alice.Dispose();
        _mallory.Dispose();
    }

    private TokenStatusListChecker Checker(TokenStatusListCheckerOptions? options = null) =>
        new(_source, new DidResolver([new DidKeyMethod()]), _time, options);

    // Revoked at 3, suspended at 5, 0x03 at 7, every other entry of 1,024 valid.
    private static TokenStatusList List() => TokenStatusList.Create(2, 1024, [
        KeyValuePair.Create(3, TokenStatusList.Invalid), KeyValuePair.Create(5, TokenStatusList.Suspended), KeyValuePair.Create(7, (byte)3)]);

    private string Sign(StatusListTestKit.Issuer signer, TokenStatusList? list = null, string uri = ListUri, DateTimeOffset? exp = null, string? kid = "") =>
        StatusListToken.Sign(uri, list ?? List(), s_now.AddMinutes(-1), exp ?? s_now.AddHours(1), TimeSpan.FromMinutes(5), signer.Key,
            kid == "" ? signer.VerificationMethod : kid);

    private ValueTask<Error?> CheckAsync(int index, string? issuer = null, string uri = ListUri, TokenStatusListChecker? checker = null) =>
        (checker ?? Checker()).CheckAsync(issuer ?? _alice.Did, TokenStatusReference.ToClaim(index, uri), CancellationToken.None);

    [TestMethod]
    [DataRow(0, null)]
    [DataRow(1023, null)]
    [DataRow(3, ErrorCodes.CredentialRevoked)]
    [DataRow(5, ErrorCodes.CredentialSuspended)]
    [DataRow(7, ErrorCodes.CredentialStatusFlagged)]
    [DataRow(1024, ErrorCodes.InvalidStatusList)]
    public async Task Check_SignedList_ReadsTheEntry(int index, string? expected)
    {
        _source.Publish(ListUri, Sign(_alice));

        var outcome = await CheckAsync(index);

        Assert.AreEqual(expected, outcome?.Code, outcome?.Detail);
    }

    [TestMethod]
    public async Task Check_TamperedList_FailsClosed()
    {
        // The revoked entry cleared in the payload, the issuer's signature kept.
        string token = Sign(_alice);
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Convert.FromBase64String(Pad(parts[1])))!.AsObject();
        payload["status_list"]!["lst"] = TokenStatusList.Create(2, 1024, []).Encode();
        _source.Publish(ListUri, parts[0] + "." + System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString())) + "." + parts[2]);

        var outcome = await CheckAsync(3);

        Assert.AreEqual(ErrorCodes.InvalidStatusList, outcome?.Code, outcome?.Detail);
    }

    [TestMethod]
    public async Task Check_UnsignedList_FailsClosed()
    {
        string header = System.Buffers.Text.Base64Url.EncodeToString("{\"alg\":\"none\",\"typ\":\"statuslist+jwt\"}"u8);
        string payload = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(new JsonObject
        {
            ["sub"] = ListUri, ["iat"] = s_now.ToUnixTimeSeconds(), ["status_list"] = new JsonObject { ["bits"] = 2, ["lst"] = TokenStatusList.Create(2, 1024, []).Encode() },
        }.ToJsonString()));
        _source.Publish(ListUri, header + "." + payload + ".");

        Assert.AreEqual(ErrorCodes.InvalidStatusList, (await CheckAsync(3))?.Code);
    }

    [TestMethod]
    public async Task Check_ListSignedByAnotherDid_IsStatusListIssuerMismatch()
    {
        _source.Publish(ListUri, Sign(_mallory, TokenStatusList.Create(2, 1024, [])));

        Assert.AreEqual(ErrorCodes.StatusListIssuerMismatch, (await CheckAsync(3))?.Code);
    }

    [TestMethod]
    public async Task Check_ListSignedByAnotherKeyWithoutKid_IsInvalidStatusList()
    {
        _source.Publish(ListUri, Sign(_mallory, TokenStatusList.Create(2, 1024, []), kid: null));

        Assert.AreEqual(ErrorCodes.InvalidStatusList, (await CheckAsync(3))?.Code);
    }

    [TestMethod]
    public async Task Check_SubIsNotTheUri_IsInvalidStatusList()
    {
        _source.Publish(ListUri, Sign(_alice, uri: "https://status.example/token-lists/2"));

        var outcome = await CheckAsync(0);

        Assert.AreEqual(ErrorCodes.InvalidStatusList, outcome?.Code);
        StringAssert.Contains(outcome!.Detail, "sub");
    }

    [TestMethod]
    public async Task Check_ExpiredList_IsInvalidStatusList()
    {
        _source.Publish(ListUri, Sign(_alice, exp: s_now.AddMinutes(-5)));

        var outcome = await CheckAsync(0);

        Assert.AreEqual(ErrorCodes.InvalidStatusList, outcome?.Code);
        StringAssert.Contains(outcome!.Detail, "expired");
    }

    [TestMethod]
    public async Task Check_WrongTyp_IsInvalidStatusList()
    {
        var payload = new JsonObject
        {
            ["sub"] = ListUri, ["iat"] = s_now.ToUnixTimeSeconds(), ["status_list"] = new JsonObject { ["bits"] = 2, ["lst"] = List().Encode() },
        };
        _source.Publish(ListUri, CompactJws.Sign(new JsonObject { ["typ"] = "JWT", ["kid"] = _alice.VerificationMethod }, Encoding.UTF8.GetBytes(payload.ToJsonString()), _alice.Key));

        Assert.AreEqual(ErrorCodes.InvalidStatusList, (await CheckAsync(0))?.Code);
    }

    [TestMethod]
    public async Task Check_SourceFails_IsStatusListUnavailable()
    {
        var outcome = await CheckAsync(0, uri: "https://status.example/nothing-here");

        Assert.AreEqual(ErrorCodes.StatusListUnavailable, outcome?.Code);
    }

    [TestMethod]
    [DataRow("{\"status_list\":{\"idx\":-1,\"uri\":\"https://status.example/l\"}}")]
    [DataRow("{\"status_list\":{\"idx\":\"1\",\"uri\":\"https://status.example/l\"}}")]
    [DataRow("{\"status_list\":{\"idx\":1.5,\"uri\":\"https://status.example/l\"}}")]
    [DataRow("{\"status_list\":{\"idx\":1,\"uri\":\"ftp://status.example/l\"}}")]
    [DataRow("{\"status_list\":{\"idx\":1}}")]
    [DataRow("{\"status_list\":[]}")]
    [DataRow("\"revoked\"")]
    public async Task Check_MalformedClaim_IsInvalidStatusEntry_WithoutFetching(string claim)
    {
        var outcome = await Checker().CheckAsync(_alice.Did, JsonNode.Parse(claim)!, CancellationToken.None);

        Assert.AreEqual(ErrorCodes.InvalidStatusEntry, outcome?.Code);
        Assert.AreEqual(0, _source.Calls);
    }

    [TestMethod]
    public async Task Check_ListLargerThanTheLimit_IsInvalidStatusList()
    {
        _source.Publish(ListUri, Sign(_alice, TokenStatusList.Create(1, 8 * 1024 * 1024, [])));

        var outcome = await CheckAsync(0, checker: Checker(new TokenStatusListCheckerOptions { MaxListBytes = 64 * 1024 }));

        Assert.AreEqual(ErrorCodes.InvalidStatusList, outcome?.Code);
    }

    [TestMethod]
    public async Task Check_Cache_ReusesAVerifiedListUntilItsTtl()
    {
        _source.Publish(ListUri, Sign(_alice));
        var checker = Checker();

        await CheckAsync(0, checker: checker);
        await CheckAsync(3, checker: checker);
        _time.Advance(TimeSpan.FromMinutes(5));
        await CheckAsync(0, checker: checker);

        Assert.AreEqual(2, _source.Calls); // iat is a minute ago and ttl 5 minutes: the third check fetches again.
    }

    [TestMethod]
    public async Task Check_Cache_StaysWithinItsByteBudget()
    {
        // 100 distinct lists of 32 KiB each against a 256 KiB budget: the cache keeps at most 7, so going back to the
        // first list fetches it again, and the process never holds more than the budget.
        var options = new TokenStatusListCheckerOptions { CacheBytes = 256 * 1024 };
        var checker = Checker(options);
        for (int i = 0; i < 100; i++)
        {
            string uri = $"https://status.example/token-lists/{i}";
            _source.Publish(uri, Sign(_alice, TokenStatusList.Create(2, 131_072, []), uri));
            Assert.IsNull(await CheckAsync(0, uri: uri, checker: checker));
        }

        await CheckAsync(0, uri: "https://status.example/token-lists/99", checker: checker);
        Assert.AreEqual(100, _source.Calls, "the newest list stays cached");
        await CheckAsync(0, uri: "https://status.example/token-lists/0", checker: checker);
        Assert.AreEqual(101, _source.Calls, "the oldest list was evicted");
    }

    [TestMethod]
    public async Task Check_OneRequest_FetchesEachListOnceAndAtMostTheBudgetsNumber()
    {
        // One request (one StatusCheckBudget) naming 20 distinct lists, each twice, and one list that cannot be fetched,
        // five times: 8 lists are fetched, the rest refused without a fetch, and the failing list is tried only once.
        var checker = Checker();
        var budget = new Identity.Credentials.Verification.StatusCheckBudget();
        var outcomes = new List<string?>();
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < 20; i++)
            {
                string uri = $"https://status.example/token-lists/{i}";
                _source.Publish(uri, Sign(_alice, uri: uri));
                outcomes.Add((await checker.CheckAsync(_alice.Did, TokenStatusReference.ToClaim(0, uri), budget, CancellationToken.None))?.Code);
            }
        }

        int callsForTwenty = _source.Calls;
        var missing = new List<string?>();
        var fresh = new Identity.Credentials.Verification.StatusCheckBudget();
        for (int i = 0; i < 5; i++)
        {
            missing.Add((await checker.CheckAsync(_alice.Did, TokenStatusReference.ToClaim(0, "https://status.example/nothing-here"), fresh, CancellationToken.None))?.Code);
        }

        Assert.AreEqual(8, callsForTwenty);
        Assert.AreEqual(16, outcomes.Count(o => o is null), "the 8 fetched lists, valid both times");
        Assert.AreEqual(24, outcomes.Count(o => o == ErrorCodes.StatusListLimitExceeded));
        Assert.AreEqual(9, _source.Calls, "the missing list was fetched once for five checks");
        Assert.IsTrue(missing.All(m => m == ErrorCodes.StatusListUnavailable));
    }

    [TestMethod]
    public async Task SdJwtVerifier_StatusClaim_RevokedEntryFailsCredentialStatus()
    {
        // Arrange: an SD-JWT VC of Alice whose status claim names entry 3 (revoked) of her list.
        _source.Publish(ListUri, Sign(_alice));
        var claims = new JsonObject
        {
            ["iss"] = _alice.Did, ["iat"] = s_now.ToUnixTimeSeconds(), ["vct"] = "https://vct.example/Test",
            ["status"] = TokenStatusReference.ToClaim(3, ListUri), ["bloodType"] = "O+",
        };
        string sdJwt = SdJwtIssuer.Issue(claims, new SdJwtIssueOptions { Disclosable = ["bloodType"], KeyId = _alice.VerificationMethod }, _alice.Key).Value;
        var verifier = new SdJwtVerifier(new DidResolver([new DidKeyMethod()]), _time, Checker());

        // Act
        var result = await verifier.VerifyAsync(sdJwt);

        // Assert
        Assert.IsFalse(result.Result.Verified);
        var status = result.Result.Checks.Single(c => c.Check == "credentialStatus");
        Assert.AreEqual(ErrorCodes.CredentialRevoked, status.Error?.Code);
    }

    [TestMethod]
    public async Task SdJwtVerifier_StatusAsADisclosure_FailsCredentialStatus()
    {
        // An issuer that made status disclosable lets the holder hide it: refused even when it is disclosed.
        _source.Publish(ListUri, Sign(_alice));
        var claims = new JsonObject
        {
            ["iss"] = _alice.Did, ["iat"] = s_now.ToUnixTimeSeconds(), ["vct"] = "https://vct.example/Test", ["bloodType"] = "O+",
        };
        string sdJwt = SdJwtIssuer.Issue(claims, new SdJwtIssueOptions { Disclosable = ["bloodType"], KeyId = _alice.VerificationMethod }, _alice.Key).Value;
        string disclosure = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            new JsonArray("c2FsdHNhbHQ", "status", TokenStatusReference.ToClaim(0, ListUri)).ToJsonString()));
        var parts = sdJwt.Split('~');
        var jws = CompactJws.Parse(parts[0]).Value;
        var payload = jws.PayloadObject()!;
        payload["_sd"]!.AsArray().Add(System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes(disclosure))));
        string issuerJwt = CompactJws.Sign(jws.Header, Encoding.UTF8.GetBytes(payload.ToJsonString()), _alice.Key);
        string withStatusDisclosure = issuerJwt + "~" + string.Join("~", parts[1..^1]) + "~" + disclosure + "~";
        var verifier = new SdJwtVerifier(new DidResolver([new DidKeyMethod()]), _time, Checker());

        var result = await verifier.VerifyAsync(withStatusDisclosure);

        Assert.IsFalse(result.Result.Verified);
        Assert.AreEqual("passed", result.Result.Checks.Single(c => c.Check == "proof").Status.ToString().ToLowerInvariant(), "the forgery is the issuer's own");
        Assert.AreEqual(ErrorCodes.InvalidStatusEntry, result.Result.Checks.Single(c => c.Check == "credentialStatus").Error?.Code);
    }

    private static string Pad(string base64Url)
    {
        string s = base64Url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - (s.Length % 4)) % 4);
    }

    /// <summary>Serves published tokens by URI and counts calls.</summary>
    private sealed class FakeTokenSource : ITokenStatusListSource
    {
        private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public void Publish(string uri, string token) => _tokens[uri] = token;

        public ValueTask<Result<string>> GetAsync(Uri uri, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return ValueTask.FromResult<Result<string>>(_tokens.TryGetValue(uri.OriginalString, out var token)
                ? token
                : new Error(ErrorCodes.NotFound, $"Nothing is published at {uri}."));
        }
    }
}
