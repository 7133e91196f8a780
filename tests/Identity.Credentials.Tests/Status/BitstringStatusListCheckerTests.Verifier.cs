using System.Text.Json.Nodes;
using Identity.Credentials.Verification;
using Identity.Primitives;
using static Identity.Credentials.Tests.Status.StatusListTestKit;

namespace Identity.Credentials.Tests.Status;

/// <summary>The checker plugged into <see cref="CredentialVerifier"/>: the status outcome becomes the <c>credentialStatus</c> check.</summary>
public sealed partial class BitstringStatusListCheckerTests
{
    [TestMethod]
    public async Task VerifyCredential_RevokedCredential_FailsCredentialStatusWithCredentialRevoked()
    {
        // Arrange: Alice issues a credential at index 94567 of her revocation list, then revokes it.
        JsonObject credential = _kit.Sign(CredentialJson(_kit.Alice, Entry(94567)), _kit.Alice);
        _kit.PublishList(_kit.Alice, "revocation", [94567]);
        var verifier = new CredentialVerifier(_kit.Proofs, _kit.Time, status: _kit.Checker());

        // Act
        VerificationResult result = await verifier.VerifyCredentialAsync(credential, cancellationToken: TestContext.CancellationToken);

        // Assert
        Assert.IsFalse(result.Verified);
        VerificationCheck status = result.Checks.Single(c => c.Check == CheckNames.CredentialStatus);
        Assert.AreEqual(CheckStatus.Failed, status.Status);
        Assert.AreEqual(ErrorCodes.CredentialRevoked, status.Error?.Code);
        Assert.AreEqual(ErrorCodes.CredentialRevoked, result.Errors.Single().Code);
        Assert.IsTrue(result.Checks.Where(c => c.Check != CheckNames.CredentialStatus).All(c => c.Status != CheckStatus.Failed));
    }

    [TestMethod]
    public async Task VerifyCredential_RevocationAndSuspensionClear_VerifiedWithTwoPassedStatusChecks()
    {
        JsonObject credential = _kit.Sign(
            CredentialJson(_kit.Alice, Entry(94567, "revocation", ListUrl), Entry(23452, "suspension", OtherListUrl)), _kit.Alice);
        _kit.PublishList(_kit.Alice, "revocation", [94566], ListUrl);
        _kit.PublishList(_kit.Alice, "suspension", [23451], OtherListUrl);
        var verifier = new CredentialVerifier(_kit.Proofs, _kit.Time, status: _kit.Checker());

        VerificationResult result = await verifier.VerifyCredentialAsync(credential, cancellationToken: TestContext.CancellationToken);

        Assert.IsTrue(result.Verified, string.Join("; ", result.Errors));
        Assert.AreEqual(2, result.Checks.Count(c => c.Check == CheckNames.CredentialStatus && c.Status == CheckStatus.Passed));
    }
}
