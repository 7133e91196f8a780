// References: W3C Data Integrity 1.0 §2.1 (challenge, domain) and §5.3 Replay attacks, https://www.w3.org/TR/vc-data-integrity/ ;
//   RFC 2104 (HMAC)
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using Identity.Server.Configuration;
using Identity.Server.Security;
using Identity.Storage;

namespace Identity.Server.Challenges;

/// <summary>
/// Issues single-use challenges with an expiry and the domain the holder must sign. A challenge is base64url of 128
/// random bits, its expiry (Unix seconds) and a 128-bit HMAC over both under a key derived from the master key, so the
/// service still knows a challenge as its own, and as expired, after the sweeper deleted its row
/// (<see cref="ExpiredStateSweeper"/>): a presentation replayed then is refused, not taken for a relying party's nonce.
/// </summary>
/// <remarks><threadsafety>Thread-safe.</threadsafety></remarks>
internal sealed class ChallengeService(IIdentityStore store, ServerSettings settings, PublicUrl publicUrl, KeyWrapper keys, TimeProvider time)
{
    private const int RandomBytes = 16;
    private const int TagBytes = 16;
    private const int Length = RandomBytes + sizeof(long) + TagBytes;

    private readonly byte[] _key = keys.DeriveKey("challenge-mac/v1");

    public async Task<ChallengeRecord> IssueAsync(string? domain, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expires = now + settings.ChallengeLifetime;
        var record = new ChallengeRecord(NewValue(expires), domain ?? publicUrl.Authority, now, expires);
        await store.AddChallengeAsync(record, cancellationToken).ConfigureAwait(false);
        return record;
    }

    /// <summary>A fresh challenge value that expires at <paramref name="expires"/> (the caller stores its row).</summary>
    public string NewValue(DateTimeOffset expires)
    {
        Span<byte> value = stackalloc byte[Length];
        RandomNumberGenerator.Fill(value[..RandomBytes]);
        BinaryPrimitives.WriteInt64BigEndian(value[RandomBytes..], expires.ToUnixTimeSeconds());
        Tag(value[..^TagBytes], value[^TagBytes..]);
        return Base64Url.EncodeToString(value);
    }

    /// <summary>When <paramref name="challenge"/> is one this service issued (its tag verifies), its expiry; else null.</summary>
    public DateTimeOffset? ExpiryOfIssued(string challenge)
    {
        Span<byte> value = stackalloc byte[Length];
        if (challenge.Length != Base64Url.GetEncodedLength(Length)
            || Base64Url.DecodeFromChars(challenge, value, out _, out int written) != System.Buffers.OperationStatus.Done || written != Length)
        {
            return null;
        }

        Span<byte> expected = stackalloc byte[TagBytes];
        Tag(value[..^TagBytes], expected);
        return CryptographicOperations.FixedTimeEquals(expected, value[^TagBytes..])
            ? DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(BinaryPrimitives.ReadInt64BigEndian(value[RandomBytes..]), 0, 253_402_300_799))
            : null;
    }

    private void Tag(ReadOnlySpan<byte> data, Span<byte> tag)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, data, mac);
        mac[..TagBytes].CopyTo(tag);
    }
}
