using Identity.Primitives;

namespace Identity.Storage.Tests;

public abstract partial class IdentityStoreContractTests
{
    private static PresentationRequestRecord NewPresentationRequest(string id, string tenantId = "t1") =>
        new(id, tenantId, "enc1:sealed-state", T0, T0.AddMinutes(5));

    [TestMethod]
    public async Task AddPresentationRequest_RoundTrips_AndUnknownTenantIsNotFound()
    {
        var store = await CreateStoreWithTenantAsync("t1");

        var added = await store.AddPresentationRequestAsync(NewPresentationRequest("r1"));
        var unknownTenant = await store.AddPresentationRequestAsync(NewPresentationRequest("r2", "nobody"));
        var read = await store.GetPresentationRequestAsync("r1");

        Assert.IsTrue(added.IsSuccess, added.ToString());
        Assert.AreEqual(ErrorCodes.NotFound, unknownTenant.Error?.Code);
        Assert.AreEqual(NewPresentationRequest("r1"), read);
        Assert.IsNull(await store.GetPresentationRequestAsync("r2"));
    }

    [TestMethod]
    public async Task DeleteExpiredPresentationRequests_Mixed_DeletesOnlyThoseExpiredBefore()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        await store.AddPresentationRequestAsync(NewPresentationRequest("early"));
        await store.AddPresentationRequestAsync(new PresentationRequestRecord("late", "t1", "enc1:sealed-state", T0, T0.AddMinutes(10)));
        await store.ClaimPresentationRequestAsync("early", T0.AddMinutes(1));

        int deleted = await store.DeleteExpiredPresentationRequestsAsync(T0.AddMinutes(6));

        Assert.AreEqual(1, deleted);
        Assert.IsNull(await store.GetPresentationRequestAsync("early"));
        Assert.IsNotNull(await store.GetPresentationRequestAsync("late"));
        Assert.AreEqual(0, await store.DeleteExpiredPresentationRequestsAsync(T0.AddMinutes(6)));
    }

    [TestMethod]
    public async Task ClaimPresentationRequest_20Concurrent_ExactlyOneClaims_ThenFinishIsFinal()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        await store.AddPresentationRequestAsync(NewPresentationRequest("r1"));

        var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => store.ClaimPresentationRequestAsync("r1", T0.AddMinutes(1))));
        await store.FinishPresentationRequestAsync("r1", PresentationRequestStatus.Verified, "enc1:result", T0.AddMinutes(2));
        await store.FinishPresentationRequestAsync("r1", PresentationRequestStatus.Failed, "enc1:other", T0.AddMinutes(3));
        var read = await store.GetPresentationRequestAsync("r1");

        Assert.AreEqual(1, claims.Count(c => c == PresentationRequestClaim.Claimed));
        Assert.AreEqual(19, claims.Count(c => c == PresentationRequestClaim.Finished));
        Assert.AreEqual(PresentationRequestStatus.Verified, read!.Status);
        Assert.AreEqual("enc1:result", read.Result);
        Assert.AreEqual(T0.AddMinutes(2), read.FinishedAt);
        Assert.AreEqual(PresentationRequestClaim.Finished, await store.ClaimPresentationRequestAsync("r1", T0.AddMinutes(4)));
    }

    [TestMethod]
    public async Task ClaimPresentationRequest_ExpiredOrUnknown_IsRefused()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        await store.AddPresentationRequestAsync(NewPresentationRequest("r1"));

        var expired = await store.ClaimPresentationRequestAsync("r1", T0.AddMinutes(5));
        var unknown = await store.ClaimPresentationRequestAsync("nope", T0);

        Assert.AreEqual(PresentationRequestClaim.Expired, expired);
        Assert.AreEqual(PresentationRequestClaim.NotFound, unknown);
        Assert.AreEqual(PresentationRequestStatus.Pending, (await store.GetPresentationRequestAsync("r1"))!.Status);
    }

    [TestMethod]
    public async Task FindTenantSecret_NeverCreatesOne()
    {
        var store = await CreateStoreWithTenantAsync("t1");

        var before = await store.FindTenantSecretAsync("t1", "oid4vp-request-key");
        await store.GetOrAddTenantSecretAsync("t1", "oid4vp-request-key", [7, 7], T0);
        var after = await store.FindTenantSecretAsync("t1", "oid4vp-request-key");

        Assert.IsNull(before);
        CollectionAssert.AreEqual(new byte[] { 7, 7 }, after);
        Assert.IsNull(await store.FindTenantSecretAsync("nobody", "oid4vp-request-key"));
    }
}
