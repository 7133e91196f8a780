using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.DidMethods.Key.Tests;

public sealed partial class DidKeyMethodTests
{
    [TestMethod]
    public async Task ResolveAsync_SameDidTwice_SameDocument()
    {
        var method = new DidKeyMethod();
        var did = DidKeyMethod.CreateDid(NewPublicKey(KeyType.Ed25519));

        var first = await method.ResolveAsync(did, DidResolutionOptions.Default);
        var second = await method.ResolveAsync(did, DidResolutionOptions.Default);

        Assert.AreSame(first, second);
    }

    [TestMethod]
    public async Task ResolveAsync_ManyDistinctDids_StaysCorrectPastTheCacheBound()
    {
        var method = new DidKeyMethod();
        var first = DidKeyMethod.CreateDid(NewPublicKey(KeyType.Ed25519));
        var firstKey = (await method.ResolveAsync(first, DidResolutionOptions.Default)).Document!.VerificationMethod[0].GetPublicKey().Value;

        for (var i = 0; i < 5000; i++)
        {
            var did = DidKeyMethod.CreateDid(NewPublicKey(KeyType.X25519));
            Assert.IsTrue((await method.ResolveAsync(did, DidResolutionOptions.Default)).IsSuccess);
        }

        var again = await method.ResolveAsync(first, DidResolutionOptions.Default);
        Assert.AreEqual(firstKey, again.Document!.VerificationMethod[0].GetPublicKey().Value);
    }

    [TestMethod]
    public async Task ResolveAsync_HugeBogusDids_CacheStaysWithinItsByteBound()
    {
        var method = new DidKeyMethod();

        for (var i = 0; i < 3000; i++)
        {
            var did = Did.Parse("did:key:z" + new string('0', 4000) + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Value;
            Assert.IsFalse((await method.ResolveAsync(did, DidResolutionOptions.Default)).IsSuccess);
        }

        // 3,000 DIDs of 4,000 characters would be 24 MB as UTF-16 keys alone, as much again in error details; the cache holds at most 8 MiB.
        Assert.IsTrue(method.CachedBytes <= 8L * 1024 * 1024, $"{method.CachedBytes} bytes cached");
        Assert.IsTrue(method.CachedBytes > 0);
    }

    [TestMethod]
    public async Task ResolveAsync_DifferentAccept_KeepsItsOwnContentType()
    {
        var method = new DidKeyMethod();
        var did = DidKeyMethod.CreateDid(NewPublicKey(KeyType.P256));

        var ld = await method.ResolveAsync(did, new DidResolutionOptions { Accept = DidDocumentJson.DidLdJson });
        var plain = await method.ResolveAsync(did, new DidResolutionOptions { Accept = DidDocumentJson.DidJson });

        Assert.AreEqual(DidDocumentJson.DidLdJson, ld.ContentType);
        Assert.AreEqual(DidDocumentJson.DidJson, plain.ContentType);
    }
}
