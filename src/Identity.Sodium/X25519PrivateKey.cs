// References: RFC 7748 "Elliptic Curves for Security", January 2016, §5 (X25519) and §6.1 (Diffie-Hellman),
// https://www.rfc-editor.org/rfc/rfc7748 ; libsodium 1.0.18 crypto_scalarmult_curve25519.
using System.Diagnostics;
using Identity.Sodium.Interop;
using static Identity.Sodium.Interop.Libsodium;

namespace Identity.Sodium;

/// <summary>An X25519 private key whose secret scalar lives only in libsodium secure memory.</summary>
/// <remarks>
/// <para>
/// Deliberately mutable: this class owns unmanaged memory (<c>sodium_malloc</c>) and is <see cref="IDisposable"/>,
/// the one exception to the project's immutability rule (as NSec's <c>Key</c>). Disposal wipes the secret; every
/// member of a disposed key throws <see cref="ObjectDisposedException"/>.
/// </para>
/// <para>The 32 stored bytes are the raw scalar; clamping happens inside the X25519 function (RFC 7748 §5).</para>
/// <threadsafety>
/// Key agreement and reading the public key are safe to call concurrently. Disposing while another thread uses the
/// key is memory-safe, but later calls throw <see cref="ObjectDisposedException"/>.
/// </threadsafety>
/// </remarks>
public sealed class X25519PrivateKey : IDisposable
{
    private readonly SecureMemoryHandle _secretKey;
    private readonly PublicKeyBytes _publicKey;

    private X25519PrivateKey(SecureMemoryHandle secretKey, PublicKeyBytes publicKey)
    {
        _secretKey = secretKey;
        _publicKey = publicKey;
    }

    /// <summary>A copy of the 32-byte public key X25519(k, 9).</summary>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public byte[] PublicKey
    {
        get
        {
            ThrowIfDisposed();
            return ((ReadOnlySpan<byte>)_publicKey).ToArray();
        }
    }

    /// <summary>Creates a key from 32 fresh random bytes, generated directly in secure memory.</summary>
    /// <exception cref="SodiumUnavailableException">libsodium cannot be loaded.</exception>
    public static X25519PrivateKey Generate()
    {
        SecureMemoryHandle secretKey = SecureMemoryHandle.Create(X25519.PrivateKeySize);
        randombytes_buf(secretKey, (nuint)X25519.PrivateKeySize);
        return FromSecureMemory(secretKey);
    }

    /// <summary>Imports a raw 32-byte private key (as in RFC 7748 §6.1); the caller owns (and should wipe) <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not <see cref="X25519.PrivateKeySize"/> bytes long.</exception>
    /// <exception cref="SodiumUnavailableException">libsodium cannot be loaded.</exception>
    public static X25519PrivateKey FromBytes(ReadOnlySpan<byte> key)
    {
        if (key.Length != X25519.PrivateKeySize)
        {
            throw Error.Argument_Length(nameof(key), X25519.PrivateKeySize, key.Length);
        }

        SecureMemoryHandle secretKey = SecureMemoryHandle.Create(X25519.PrivateKeySize);
        secretKey.Import(key);
        return FromSecureMemory(secretKey);
    }

    /// <summary>
    /// Computes the raw shared secret X25519(k, <paramref name="peerPublicKey"/>). Does not allocate.
    /// </summary>
    /// <param name="peerPublicKey">The peer's <see cref="X25519.PublicKeySize"/>-byte public key.</param>
    /// <param name="sharedSecret">Receives exactly <see cref="X25519.SharedSecretSize"/> bytes; feed them to a KDF.</param>
    /// <returns>
    /// False (with <paramref name="sharedSecret"/> cleared) when the result is all zeros, i.e. the peer key has small
    /// order (RFC 7748 §6.1 check), or when either span has the wrong length.
    /// </returns>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public bool TryAgree(ReadOnlySpan<byte> peerPublicKey, Span<byte> sharedSecret)
    {
        ThrowIfDisposed();
        if (peerPublicKey.Length != X25519.PublicKeySize || sharedSecret.Length != X25519.SharedSecretSize)
        {
            sharedSecret.Clear();
            return false;
        }

        if (crypto_scalarmult_curve25519(sharedSecret, _secretKey, peerPublicKey) != 0)
        {
            sodium_memzero(sharedSecret, (nuint)sharedSecret.Length);
            return false;
        }

        return true;
    }

    /// <summary>Copies the raw 32-byte private key out of secure memory, e.g. to persist it encrypted.</summary>
    /// <param name="destination">Receives exactly <see cref="X25519.PrivateKeySize"/> bytes; wipe it after use.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not <see cref="X25519.PrivateKeySize"/> bytes long.</exception>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public void ExportPrivateKey(Span<byte> destination)
    {
        if (destination.Length != X25519.PrivateKeySize)
        {
            throw Error.Argument_Length(nameof(destination), X25519.PrivateKeySize, destination.Length);
        }

        ThrowIfDisposed();
        _secretKey.Export(destination);
    }

    /// <summary>Wipes and frees the secret. Idempotent.</summary>
    public void Dispose()
    {
        _secretKey.Dispose();
    }

    /// <summary>Takes ownership of <paramref name="secretKey"/> (32 bytes already filled) and derives the public key.</summary>
    internal static X25519PrivateKey FromSecureMemory(SecureMemoryHandle secretKey)
    {
        Debug.Assert(secretKey.Length == X25519.PrivateKeySize);
        PublicKeyBytes publicKey = default;
        int result = crypto_scalarmult_curve25519_base(publicKey, secretKey);
        Debug.Assert(result == 0);
        return new X25519PrivateKey(secretKey, publicKey);
    }

    private void ThrowIfDisposed()
    {
        ObjectDisposedException.ThrowIf(_secretKey.IsClosed, this);
    }
}
