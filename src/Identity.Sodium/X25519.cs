// References: RFC 7748 "Elliptic Curves for Security", January 2016, §5 and §6.1,
// https://www.rfc-editor.org/rfc/rfc7748 ; libsodium 1.0.18 crypto_scalarmult_curve25519.
using Identity.Sodium.Interop;

namespace Identity.Sodium;

/// <summary>Sizes for X25519 key agreement (RFC 7748 §6.1). Private keys are <see cref="X25519PrivateKey"/>.</summary>
/// <remarks><threadsafety>Constants only; safe from any thread.</threadsafety></remarks>
public static class X25519
{
    /// <summary>The size of a public key, the little-endian u-coordinate.</summary>
    public const int PublicKeySize = Libsodium.crypto_scalarmult_curve25519_BYTES;

    /// <summary>The size of a private key (a scalar, clamped by the X25519 function itself).</summary>
    public const int PrivateKeySize = Libsodium.crypto_scalarmult_curve25519_SCALARBYTES;

    /// <summary>The size of the raw shared secret X25519(a, B). Feed it to a KDF; never use it as a key directly.</summary>
    public const int SharedSecretSize = Libsodium.crypto_scalarmult_curve25519_BYTES;
}
