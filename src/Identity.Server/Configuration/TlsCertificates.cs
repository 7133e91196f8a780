// References: RFC 5280 (subjectAltName), ASP.NET Core Kestrel HTTPS configuration (ConfigureHttpsDefaults).
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Identity.Server.Configuration;

/// <summary>
/// The certificate for <c>https://</c> listen addresses: the PEM files of <c>IDENTITY_TLS_CERT</c> (and
/// <c>IDENTITY_TLS_KEY</c> when the key is in its own file); otherwise, in local (dev) mode only, a self-signed P-256
/// certificate for localhost, 127.0.0.1 and ::1 made at start and never written to disk (what the W3C suites need:
/// they accept self-signed certificates). Outside local mode with no files, Kestrel's own defaults apply.
/// </summary>
internal sealed class TlsCertificates(ServerSettings settings, ILogger<TlsCertificates> logger)
{
    private readonly Lazy<X509Certificate2?> _certificate = new(() => Load(settings, logger));

    public X509Certificate2? Certificate => _certificate.Value;

    private static X509Certificate2? Load(ServerSettings settings, ILogger logger)
    {
        if (settings.TlsCertificatePath is { } certificatePath)
        {
            try
            {
                return X509Certificate2.CreateFromPemFile(certificatePath, settings.TlsKeyPath);
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new SettingsException(
                    $"IDENTITY_TLS_CERT '{certificatePath}' (key: '{settings.TlsKeyPath ?? "in the same file"}') could not be loaded as PEM: {e.GetType().Name}.");
            }
        }

        if (!settings.DevMode)
        {
            return null;
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));
        logger.LogWarning("Local mode: serving HTTPS with a self-signed certificate for localhost (SHA-256 {Thumbprint}); clients must not trust it beyond this machine.",
            certificate.GetCertHashString(HashAlgorithmName.SHA256));
        return certificate;
    }
}
