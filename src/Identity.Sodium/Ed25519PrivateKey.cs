// References: RFC 8032 §5.1.5 (key generation) and §5.1.6 (signing), https://www.rfc-editor.org/rfc/rfc8032 ;
// libsodium 1.0.18 crypto_sign_ed25519 and "Ed25519 to Curve25519",
// https://doc.libsodium.org/advanced/ed25519-curve25519
using System.Diagnostics;
using Identity.Sodium.Interop;
using static Identity.Sodium.Interop.Libsodium;

namespace Identity.Sodium;

/// <summary>An Ed25519 private key whose secret lives only in libsodium secure memory.</summary>
/// <remarks>
/// <para>
/// Deliberately mutable: this class owns unmanaged memory (<c>sodium_malloc</c>) and is <see cref="IDisposable"/>,
/// the one exception to the project's immutability rule (as NSec's <c>Key</c>). Dispose it as soon as it is no
/// longer needed; disposal wipes the secret. Every member of a disposed key throws <see cref="ObjectDisposedException"/>.
/// </para>
/// <para>Invariant: the 64-byte libsodium secret key (seed || public key) is never copied into managed memory.</para>
/// <threadsafety>
/// Signing, exporting and reading the public key are safe to call concurrently. Disposing while another thread
/// signs is memory-safe (the native call holds a reference), but later calls throw <see cref="ObjectDisposedException"/>.
/// </threadsafety>
/// </remarks>
public sealed class Ed25519PrivateKey : IDisposable
{
    private readonly SecureMemoryHandle _secretKey;
    private readonly PublicKeyBytes _publicKey;

    private Ed25519PrivateKey(SecureMemoryHandle secretKey, PublicKeyBytes publicKey)
    {
        _secretKey = secretKey;
        _publicKey = publicKey;
    }

    /// <summary>A copy of the 32-byte public key A.</summary>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public byte[] PublicKey
    {
        get
        {
            ThrowIfDisposed();
            return ((ReadOnlySpan<byte>)_publicKey).ToArray();
        }
    }

    /// <summary>Creates a key from fresh randomness (libsodium's CSPRNG).</summary>
    /// <exception cref="SodiumUnavailableException">libsodium cannot be loaded.</exception>
    public static Ed25519PrivateKey Generate()
    {
        SecureMemoryHandle secretKey = SecureMemoryHandle.Create(crypto_sign_ed25519_SECRETKEYBYTES);
        PublicKeyBytes publicKey = default;
        int result = crypto_sign_ed25519_keypair(publicKey, secretKey);
        Debug.Assert(result == 0);
        return new Ed25519PrivateKey(secretKey, publicKey);
    }

    /// <summary>Derives the key deterministically from a 32-byte seed (RFC 8032 §5.1.5).</summary>
    /// <param name="seed">Exactly <see cref="Ed25519.SeedSize"/> bytes; the caller owns (and should wipe) it.</param>
    /// <exception cref="ArgumentException"><paramref name="seed"/> is not <see cref="Ed25519.SeedSize"/> bytes long.</exception>
    /// <exception cref="SodiumUnavailableException">libsodium cannot be loaded.</exception>
    public static Ed25519PrivateKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != Ed25519.SeedSize)
        {
            throw Error.Argument_Length(nameof(seed), Ed25519.SeedSize, seed.Length);
        }

        SecureMemoryHandle secretKey = SecureMemoryHandle.Create(crypto_sign_ed25519_SECRETKEYBYTES);
        PublicKeyBytes publicKey = default;
        int result = crypto_sign_ed25519_seed_keypair(publicKey, secretKey, seed);
        Debug.Assert(result == 0);
        return new Ed25519PrivateKey(secretKey, publicKey);
    }

    /// <summary>Signs <paramref name="message"/> (RFC 8032 §5.1.6, deterministic). Does not allocate.</summary>
    /// <param name="message">The message; any length.</param>
    /// <param name="signature">Receives exactly <see cref="Ed25519.SignatureSize"/> bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="signature"/> is not <see cref="Ed25519.SignatureSize"/> bytes long.</exception>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public void Sign(ReadOnlySpan<byte> message, Span<byte> signature)
    {
        if (signature.Length != Ed25519.SignatureSize)
        {
            throw Error.Argument_Length(nameof(signature), Ed25519.SignatureSize, signature.Length);
        }

        ThrowIfDisposed();
        int result = crypto_sign_ed25519_detached(signature, out _, message, (ulong)message.Length, _secretKey);
        Debug.Assert(result == 0);
    }

    /// <summary>Signs <paramref name="message"/> into a new 64-byte array.</summary>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        byte[] signature = new byte[Ed25519.SignatureSize];
        Sign(message, signature);
        return signature;
    }

    /// <summary>Copies the 32-byte seed out of secure memory, e.g. to persist the key encrypted.</summary>
    /// <param name="destination">Receives exactly <see cref="Ed25519.SeedSize"/> bytes; wipe it after use.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not <see cref="Ed25519.SeedSize"/> bytes long.</exception>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public void ExportSeed(Span<byte> destination)
    {
        if (destination.Length != Ed25519.SeedSize)
        {
            throw Error.Argument_Length(nameof(destination), Ed25519.SeedSize, destination.Length);
        }

        ThrowIfDisposed();
        int result = crypto_sign_ed25519_sk_to_seed(destination, _secretKey);
        Debug.Assert(result == 0);
    }

    /// <summary>
    /// The X25519 private key with the same secret scalar (<c>crypto_sign_ed25519_sk_to_curve25519</c>); its public key
    /// equals <see cref="Ed25519.TryConvertPublicKeyToX25519"/> of <see cref="PublicKey"/>. The caller owns the result.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public X25519PrivateKey ToX25519()
    {
        ThrowIfDisposed();
        SecureMemoryHandle x25519SecretKey = SecureMemoryHandle.Create(X25519.PrivateKeySize);
        try
        {
            int result = crypto_sign_ed25519_sk_to_curve25519(x25519SecretKey, _secretKey);
            Debug.Assert(result == 0);
            return X25519PrivateKey.FromSecureMemory(x25519SecretKey);
        }
        catch
        {
            x25519SecretKey.Dispose();
            throw;
        }
    }

    /// <summary>Wipes and frees the secret. Idempotent.</summary>
    public void Dispose()
    {
        _secretKey.Dispose();
    }

    private void ThrowIfDisposed()
    {
        ObjectDisposedException.ThrowIf(_secretKey.IsClosed, this);
    }
}
