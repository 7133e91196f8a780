// References: OpenID for Verifiable Presentations 1.0 (final, 2025-07-09) §5.9.3 (x509_hash: the base64url SHA-256 of
//   the DER leaf certificate, sent in the x5c header), https://openid.net/specs/openid-4-verifiable-presentations-1_0.html ;
//   RFC 7515 §4.1.6 (x5c: standard base64 DER, leaf first); RFC 5280 §6 (path validation).
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Cryptography;
using Identity.Primitives;
using Identity.Cli.Infrastructure;

namespace Identity.Cli.OpenId4Vc;

/// <summary>
/// Checks a request object signed under an <c>x509_hash:</c> client identifier: the <c>x5c</c> leaf hashes to the
/// identifier, its P-256 key verifies the signature, it is within its validity period, and it chains to a root this
/// machine trusts (the operating system's store). A certificate without such a chain (self-signed) passes only with
/// <c>--trust-x509</c>.
/// </summary>
internal static class VerifierCertificate
{
    private const int MaxChainLength = 5;

    /// <returns>A description of the signer for the holder (subject and hash).</returns>
    public static string Verify(CompactJws jws, string expectedHash, bool trustX509, TimeProvider time)
    {
        var x5c = (jws.Header["x5c"] as JsonArray)?.Select(CredentialOffer.Text).ToList();
        if (x5c is null || x5c.Count is 0 or > MaxChainLength || x5c.Any(c => c is null))
        {
            throw AuthorizationRequest.Invalid($"An x509_hash: request carries its certificate chain in x5c (1 to {MaxChainLength} certificates).");
        }

        var certificates = new List<X509Certificate2>();
        try
        {
            foreach (var encoded in x5c)
            {
                certificates.Add(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(encoded!)));
            }

            var leaf = certificates[0];
            if (DpopSession.Base64Url(SHA256.HashData(leaf.RawData)) != expectedHash)
            {
                throw AuthorizationRequest.Invalid("The x5c leaf certificate's SHA-256 is not the x509_hash in the client_id.");
            }

            if (!JwsAlgorithms.Verify(jws, LeafKey(leaf)).IsSuccess)
            {
                throw AuthorizationRequest.Invalid("The request object's signature does not verify with the x5c leaf certificate's key.");
            }

            var now = time.GetUtcNow();
            if (now < leaf.NotBefore || now > leaf.NotAfter)
            {
                throw new CliException(ErrorCodes.VerifierNotTrusted, $"The verifier's certificate is valid from {leaf.NotBefore:u} to {leaf.NotAfter:u}, not now.");
            }

            if (!trustX509 && !Chains(certificates, now))
            {
                throw new CliException(ErrorCodes.VerifierNotTrusted,
                    $"The verifier's certificate ({leaf.Subject}) does not chain to a root this machine trusts. If you know this verifier, pass --trust-x509.");
            }

            return $"{leaf.Subject} (x509_hash {expectedHash}{(trustX509 ? ", accepted with --trust-x509" : "")})";
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            throw AuthorizationRequest.Invalid($"The x5c certificates cannot be read ({e.Message})");
        }
        finally
        {
            certificates.ForEach(c => c.Dispose());
        }
    }

    private static Identity.Cryptography.PublicKey LeafKey(X509Certificate2 leaf)
    {
        using var ecdsa = leaf.GetECDsaPublicKey() ?? throw AuthorizationRequest.Invalid("The x5c leaf certificate's key is not an EC key (ES256 is expected).");
        var parameters = ecdsa.ExportParameters(false);
        if (parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw AuthorizationRequest.Invalid("The x5c leaf certificate's key is not on P-256 (ES256 is expected).");
        }

        var key = Identity.Cryptography.PublicKey.Create(KeyType.P256, [0x04, .. parameters.Q.X!, .. parameters.Q.Y!]);
        return key.IsSuccess ? key.Value : throw AuthorizationRequest.Invalid("The x5c leaf certificate's key is not a valid P-256 point.");
    }

    private static bool Chains(List<X509Certificate2> certificates, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.ExtraStore.AddRange(certificates.Skip(1).ToArray());
        return chain.Build(certificates[0]);
    }
}
