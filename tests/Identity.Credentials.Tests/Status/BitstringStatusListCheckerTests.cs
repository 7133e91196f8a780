// References: W3C Bitstring Status List v1.0 (W3C Recommendation, 15 May 2025), §3.2 Validate Algorithm,
//   https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm
using System.Text.Json.Nodes;
using Identity.Credentials.Status;
using Identity.Primitives;
using static Identity.Credentials.Tests.Status.StatusListTestKit;

namespace Identity.Credentials.Tests.Status;

[TestClass]
public sealed partial class BitstringStatusListCheckerTests : IDisposable
{
    private readonly StatusListTestKit _kit = new();

    public TestContext TestContext { get; set; } = null!;

    public void Dispose() => _kit.Dispose();

    private ValueTask<Error?> CheckAsync(JsonObject entry, BitstringStatusListChecker? checker = null, Issuer? issuer = null) =>
        (checker ?? _kit.Checker()).CheckAsync(Credential(issuer ?? _kit.Alice), entry, TestContext.CancellationToken);

    [TestMethod]
    public async Task CheckAsync_BitClear_Passes()
    {
        _kit.PublishList(_kit.Alice, "revocation", [1, 94566, 94568]);

        Error? outcome = await CheckAsync(Entry(94567));

        Assert.IsNull(outcome, outcome?.ToString());
    }

    [TestMethod]
    [DataRow("revocation", ErrorCodes.CredentialRevoked)]
    [DataRow("suspension", ErrorCodes.CredentialSuspended)]
    [DataRow("refresh", ErrorCodes.CredentialStatusFlagged)]
    [DataRow("message", ErrorCodes.CredentialStatusFlagged)]
    public async Task CheckAsync_BitSet_CodeFollowsPurpose(string purpose, string code)
    {
        _kit.PublishList(_kit.Alice, purpose, [0, 94567, BitstringStatusList.MinimumSize - 1]);

        foreach (int index in new[] { 0, 94567, BitstringStatusList.MinimumSize - 1 })
        {
            Error? outcome = await CheckAsync(Entry(index, purpose));

            Assert.AreEqual(code, outcome?.Code, outcome?.ToString());
            StringAssert.Contains(outcome!.Detail, purpose == "revocation" ? "revoked" : purpose == "suspension" ? "suspended" : $"'{purpose}'");
        }
    }

    [TestMethod]
    public async Task CheckAsync_ListWithSeveralPurposes_EachPurposeMatches()
    {
        JsonObject list = UnsignedList(_kit.Alice, "revocation", [5]);
        list["credentialSubject"]!["statusPurpose"] = new JsonArray("revocation", "suspension");
        _kit.Source.Publish(ListUrl, _kit.Sign(list, _kit.Alice));

        Assert.AreEqual(ErrorCodes.CredentialRevoked, (await CheckAsync(Entry(5, "revocation")))?.Code);
        Assert.AreEqual(ErrorCodes.CredentialSuspended, (await CheckAsync(Entry(5, "suspension")))?.Code);
        Assert.AreEqual(ErrorCodes.InvalidStatusList, (await CheckAsync(Entry(5, "refresh")))?.Code);
    }

    [TestMethod]
    public async Task CheckAsync_PurposeNotInList_InvalidStatusList()
    {
        _kit.PublishList(_kit.Alice, "revocation", [5]);

        Error? outcome = await CheckAsync(Entry(5, "suspension"));

        Assert.AreEqual(ErrorCodes.InvalidStatusList, outcome?.Code);
        StringAssert.Contains(outcome!.Detail, "suspension");
    }

    [TestMethod]
    public async Task CheckAsync_ListOfAnotherIssuer_StatusListIssuerMismatch()
    {
        // Mallory's own, validly signed list says Alice's credential is fine.
        _kit.PublishList(_kit.Mallory, "revocation", []);

        Error? outcome = await CheckAsync(Entry(5));

        Assert.AreEqual(ErrorCodes.StatusListIssuerMismatch, outcome?.Code);
        StringAssert.Contains(outcome!.Detail, _kit.Mallory.Did);
    }

    [TestMethod]
    public async Task CheckAsync_ListNamingIssuerButSignedByAnother_InvalidStatusList()
    {
        _kit.Source.Publish(ListUrl, _kit.Sign(UnsignedList(_kit.Alice, "revocation", []), _kit.Mallory));

        Error? outcome = await CheckAsync(Entry(5));

        Assert.AreEqual(ErrorCodes.InvalidStatusList, outcome?.Code);
        StringAssert.Contains(outcome!.Detail, "not a key of its issuer");
    }

    [TestMethod]
    public async Task CheckAsync_TamperedEncodedList_InvalidStatusList()
    {
        // Arrange: the signed list revokes index 5; an attacker swaps in a list that does not.
        JsonObject signed = _kit.PublishList(_kit.Alice, "revocation", [5]);
        signed["credentialSubject"]!["encodedList"] = BitstringStatusList.Create(BitstringStatusList.MinimumSize, []).Encode();
        _kit.Source.Publish(ListUrl, signed);

        // Act
        Error? outcome = await CheckAsync(Entry(5));

        // Assert
        Assert.AreEqual(ErrorCodes.InvalidStatusList, outcome?.Code);
        StringAssert.Contains(outcome!.Detail, "proof");
    }

    [TestMethod]
    public async Task CheckAsync_UnsignedList_InvalidStatusList()
    {
        _kit.Source.Publish(ListUrl, UnsignedList(_kit.Alice, "revocation", []));

        Error? outcome = await CheckAsync(Entry(5));

        Assert.AreEqual(ErrorCodes.InvalidStatusList, outcome?.Code);
    }

    [TestMethod]
    public async Task CheckAsync_ExpiredList_InvalidStatusList()
    {
        JsonObject list = UnsignedList(_kit.Alice, "revocation", [], validFrom: Now.AddDays(-10), validUntil: Now.AddSeconds(-1));
        _kit.Source.Publish(ListUrl, _kit.Sign(list, _kit.Alice));

        Error? outcome = await CheckAsync(Entry(5));

        Assert.AreEqual(ErrorCodes.InvalidStatusList, outcome?.Code);
        StringAssert.Contains(outcome!.Detail, "expired");
    }

    [TestMethod]
    public async Task CheckAsync_ListNotYetValid_InvalidStatusList()
    {
        JsonObject list = UnsignedList(_kit.Alice, "revocation", [], validFrom: Now.AddHours(1), validUntil: Now.AddDays(1));
        _kit.Source.Publish(ListUrl, _kit.Sign(list, _kit.Alice));

        Error? outcome = await CheckAsync(Entry(5));

        Assert.AreEqual(ErrorCodes.InvalidStatusList, outcome?.Code);
    }

    [TestMethod]
    [DataRow("131072")]
    [DataRow("2147483648")]
    [DataRow("99999999999999999999999999999999")]
    public async Task CheckAsync_IndexBeyondList_InvalidStatusList(string index)
    {
        _kit.PublishList(_kit.Alice, "revocation", []);
        JsonObject entry = Entry(0);
        entry["statusListIndex"] = index;

        Error? outcome = await CheckAsync(entry);

        Assert.AreEqual(ErrorCodes.InvalidStatusList, outcome?.Code);
        StringAssert.Contains(outcome!.Detail, "beyond");
    }

    [TestMethod]
    public async Task CheckAsync_ListIdIsNotItsUrl_InvalidStatusList()
    {
        // A genuine list of the same issuer, served for another list's URL.
        _kit.Source.Publish(ListUrl, _kit.Sign(UnsignedList(_kit.Alice, "revocation", [], url: OtherListUrl), _kit.Alice));

        Error? outcome = await CheckAsync(Entry(5));

        Assert.AreEqual(ErrorCodes.InvalidStatusList, outcome?.Code);
        StringAssert.Contains(outcome!.Detail, OtherListUrl);
    }

    [TestMethod]
    public async Task CheckAsync_NotAStatusListCredential_InvalidStatusList()
    {
        JsonObject list = UnsignedList(_kit.Alice, "revocation", []);
        list["type"] = new JsonArray("VerifiableCredential");
        _kit.Source.Publish(ListUrl, _kit.Sign(list, _kit.Alice));

        Error? outcome = await CheckAsync(Entry(5));

        Assert.AreEqual(ErrorCodes.InvalidStatusList, outcome?.Code);
    }

    [TestMethod]
    [DataRow("encodedList", "not-a-list")]
    [DataRow("encodedList", null)]
    [DataRow("statusPurpose", null)]
    [DataRow("type", "StatusList2021")]
    public async Task CheckAsync_MalformedListSubject_InvalidStatusList(string property, string? value)
    {
        JsonObject list = UnsignedList(_kit.Alice, "revocation", []);
        list["credentialSubject"]![property] = value;
        _kit.Source.Publish(ListUrl, _kit.Sign(list, _kit.Alice));

        Error? outcome = await CheckAsync(Entry(5));

        Assert.AreEqual(ErrorCodes.InvalidStatusList, outcome?.Code);
    }

    [TestMethod]
    public async Task CheckAsync_ListLargerThanMaxListBits_StatusListTooLarge()
    {
        _kit.PublishList(_kit.Alice, "revocation", []);

        Error? outcome = await CheckAsync(Entry(5), _kit.Checker(new StatusListCheckerOptions { MaxListBits = 1024 }));

        Assert.AreEqual(ErrorCodes.StatusListTooLarge, outcome?.Code);
        StringAssert.Contains(outcome!.Detail, "limit");
    }

    [TestMethod]
    public async Task CheckAsync_SourceFails_StatusListUnavailableWithSourceDetail()
    {
        _kit.Source.Failure = new Error("httpError", "GET returned 503 Service Unavailable.");

        Error? outcome = await CheckAsync(Entry(5));

        Assert.AreEqual(ErrorCodes.StatusListUnavailable, outcome?.Code);
        StringAssert.Contains(outcome!.Detail, "503 Service Unavailable");
        StringAssert.Contains(outcome.Detail, ListUrl);
    }

    [TestMethod]
    public async Task CheckAsync_NothingPublished_StatusListUnavailable()
    {
        Error? outcome = await CheckAsync(Entry(5));

        Assert.AreEqual(ErrorCodes.StatusListUnavailable, outcome?.Code);
        StringAssert.Contains(outcome!.Detail, ErrorCodes.NotFound);
    }

    [TestMethod]
    public void Constructor_ProgrammingErrors_Throw()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => new BitstringStatusListChecker(null!, _kit.Proofs, _kit.Time));
        Assert.ThrowsExactly<ArgumentNullException>(() => new BitstringStatusListChecker(_kit.Source, null!, _kit.Time));
        Assert.ThrowsExactly<ArgumentNullException>(() => new BitstringStatusListChecker(_kit.Source, _kit.Proofs, null!));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _kit.Checker(new StatusListCheckerOptions { CacheCapacity = -1 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _kit.Checker(new StatusListCheckerOptions { CacheDuration = TimeSpan.FromSeconds(-1) }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _kit.Checker(new StatusListCheckerOptions { MaxListBits = 7 }));
    }

    [TestMethod]
    public async Task CheckAsync_NullArguments_Throw()
    {
        BitstringStatusListChecker checker = _kit.Checker();

        await Assert.ThrowsExactlyAsync<ArgumentNullException>(async () => await checker.CheckAsync(null!, Entry(1), TestContext.CancellationToken));
        await Assert.ThrowsExactlyAsync<ArgumentNullException>(async () => await checker.CheckAsync(Credential(_kit.Alice), null!, TestContext.CancellationToken));
    }
}
