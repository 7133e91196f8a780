// References: HAIP 1.0 §5 (ES256 request objects; x509_hash client identifiers), OpenID4VP 1.0 §5.9.3
//   (decentralized_identifier: the request is signed with a key of the DID's document; x509_hash: base64url SHA-256
//   of the DER leaf certificate in x5c), https://openid.net/specs/openid-4-verifiable-presentations-1_0.html ; RFC 5280
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Identity.Cryptography;
using PublicKey = Identity.Cryptography.PublicKey;
using Identity.Primitives;
using Identity.Server.Configuration;
using Identity.Server.Security;
using Identity.Storage;

namespace Identity.Server.OpenId4Vc.Presentation;

/// <summary>
/// Each tenant's P-256 request-signing key (ES256, as HAIP asks, whatever the tenant's own key types): the tenant
/// secret <c>oid4vp-request-key</c> (random, stored wrapped by the master key like every tenant secret, the same on
/// every replica) used as the EC scalar. It appears in the tenant's did:web document as <c>#oid4vp</c> once the tenant
/// has made its first request; for <c>x509_hash</c> it is certified by a self-signed certificate, or by the CA named
/// in <c>IDENTITY_OID4VP_CA_CERT</c> / <c>IDENTITY_OID4VP_CA_KEY</c> (PEM files).
/// </summary>
/// <remarks><threadsafety>Thread-safe; keys and certificates are cached per tenant for the process.</threadsafety></remarks>
internal sealed class RequestSigningKeys(TenantSecrets secrets, IIdentityStore store, IConfiguration configuration, TimeProvider time)
{
    public const string SecretName = "oid4vp-request-key";
    public const string Fragment = "oid4vp";
    private readonly ConcurrentDictionary<string, ECDsa> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _certificates = new(StringComparer.Ordinal);
    private readonly Lazy<X509Certificate2?> _ca = new(() => LoadCa(configuration));

    /// <summary>The tenant's request-signing key, created on first use; <c>notFound</c> for an unknown tenant.</summary>
    public async Task<Result<ECDsa>> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (_keys.TryGetValue(tenantId, out var cached))
        {
            return cached;
        }

        var secret = await secrets.GetAsync(tenantId, SecretName, cancellationToken).ConfigureAwait(false);
        if (!secret.IsSuccess)
        {
            return secret.Error!;
        }

        // A 256-bit random scalar is at least the group order with probability below 2^-32; the import then fails closed.
        var key = secret.Value.Use(0, static (span, _) => ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = span.ToArray() }));
        return _keys.GetOrAdd(tenantId, key);
    }

    /// <summary>The tenant's request-signing public key when it has one already (never creates it), for its DID document.</summary>
    public async Task<PublicKey?> FindPublicKeyAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (!_keys.ContainsKey(tenantId) && await store.FindTenantSecretAsync(tenantId, SecretName, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        var key = await GetAsync(tenantId, cancellationToken).ConfigureAwait(false);
        return key.IsSuccess ? PublicKeyOf(key.Value) : null;
    }

    /// <summary>The DER certificate chain (leaf first) for the tenant's request key, for <c>x5c</c>.</summary>
    public byte[][] CertificateChain(string tenantId, string tenantDid, ECDsa key)
    {
        var leaf = _certificates.GetOrAdd(tenantId, _ => Certify(tenantDid, key));
        return _ca.Value is { } ca ? [leaf, ca.RawData] : [leaf];
    }

    /// <summary>The <c>x509_hash</c> client identifier value: base64url SHA-256 of the DER leaf certificate.</summary>
    public static string X509Hash(byte[] leaf) => Base64Url.EncodeToString(SHA256.HashData(leaf));

    public static PublicKey PublicKeyOf(ECDsa key)
    {
        var q = key.ExportParameters(includePrivateParameters: false).Q;
        return PublicKey.Create(KeyType.P256, [0x04, .. q.X!, .. q.Y!]).Value;
    }

    private byte[] Certify(string tenantDid, ECDsa key)
    {
        var now = time.GetUtcNow();
        var request = new CertificateRequest(new X500DistinguishedName("CN=OpenID4VP verifier " + tenantDid.Replace(",", "%2C", StringComparison.Ordinal)), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(tenantDid));
        request.CertificateExtensions.Add(san.Build());
        if (_ca.Value is { } ca)
        {
            var serial = RandomNumberGenerator.GetBytes(16);
            serial[0] &= 0x7F;
            var notAfter = now.AddDays(90) < ca.NotAfter ? now.AddDays(90) : new DateTimeOffset(ca.NotAfter.ToUniversalTime());
            using var issued = request.Create(ca, now.AddMinutes(-5), notAfter, serial);
            return issued.RawData;
        }

        using var self = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(365));
        return self.RawData;
    }

    /// <summary>
    /// The CA that issues the <c>x509_hash</c> leaf certificates: <c>IDENTITY_OID4VP_CA_CERT</c> and
    /// <c>IDENTITY_OID4VP_CA_KEY</c>, PEM files of a CA certificate and its private key, both or neither. Read at start
    /// (<see cref="ServerSettings.From"/>), so a bad pair stops the service with one line.
    /// </summary>
    /// <exception cref="SettingsException">Only one is set, or the files do not hold a certificate with its private key.</exception>
    internal static X509Certificate2? LoadCa(IConfiguration configuration)
    {
        string? certPath = configuration["IDENTITY_OID4VP_CA_CERT"];
        string? keyPath = configuration["IDENTITY_OID4VP_CA_KEY"];
        if (string.IsNullOrEmpty(certPath) && string.IsNullOrEmpty(keyPath))
        {
            return null;
        }

        if (string.IsNullOrEmpty(certPath) || string.IsNullOrEmpty(keyPath))
        {
            throw new SettingsException("IDENTITY_OID4VP_CA_CERT and IDENTITY_OID4VP_CA_KEY must be set together (PEM files of the CA certificate and its key).");
        }

        try
        {
            var ca = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            return ca.HasPrivateKey ? ca : throw new SettingsException("IDENTITY_OID4VP_CA_KEY does not hold the key of IDENTITY_OID4VP_CA_CERT.");
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new SettingsException($"IDENTITY_OID4VP_CA_CERT / IDENTITY_OID4VP_CA_KEY could not be read as a PEM certificate and its private key: {e.Message}");
        }
    }
}
