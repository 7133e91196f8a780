// References: RFC 7748 §4.1 (birational map between edwards25519 and curve25519), https://www.rfc-editor.org/rfc/rfc7748 ;
// libsodium crypto_sign_ed25519_pk_to_curve25519
using Identity.Primitives;

namespace Identity.Cryptography;

/// <summary>Derives the X25519 key-agreement key that belongs to an Ed25519 key (as did:key does).</summary>
/// <remarks><threadsafety>Stateless; safe to use from any thread.</threadsafety></remarks>
public static class X25519Conversion
{
    /// <summary>Maps an Ed25519 public key to its Montgomery-form X25519 public key.</summary>
    /// <exception cref="ArgumentException">The key is not an Ed25519 key.</exception>
    public static Result<PublicKey> FromEd25519(PublicKey ed25519Key)
    {
        ArgumentNullException.ThrowIfNull(ed25519Key);
        if (ed25519Key.KeyType != KeyType.Ed25519)
        {
            throw new ArgumentException($"Expected an Ed25519 key, got {ed25519Key.KeyType}.", nameof(ed25519Key));
        }

        Span<byte> x25519 = stackalloc byte[Interop.Libsodium.X25519PublicKeySize];
        if (!Interop.Libsodium.TryConvertEd25519PublicKeyToX25519(ed25519Key.Bytes.Span, x25519))
        {
            return new Error(ErrorCodes.InvalidPublicKey, "The Ed25519 key has no X25519 counterpart.");
        }

        return PublicKey.Create(KeyType.X25519, x25519);
    }
}
