// References: W3C Data Integrity 1.0 §2.1 (challenge, domain) and §5.3 Replay attacks, https://www.w3.org/TR/vc-data-integrity/
using System.Buffers.Text;
using Identity.Server.Configuration;
using Identity.Storage;
using System.Security.Cryptography;

namespace Identity.Server.Challenges;

/// <summary>Issues single-use challenges (128 random bits, base64url) with an expiry and the domain the holder must sign.</summary>
internal sealed class ChallengeService(IIdentityStore store, ServerSettings settings, PublicUrl publicUrl, TimeProvider time)
{
    public async Task<ChallengeRecord> IssueAsync(string? domain, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var record = new ChallengeRecord(
            Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)), domain ?? publicUrl.Authority, now, now + settings.ChallengeLifetime);
        await store.AddChallengeAsync(record, cancellationToken).ConfigureAwait(false);
        return record;
    }
}
