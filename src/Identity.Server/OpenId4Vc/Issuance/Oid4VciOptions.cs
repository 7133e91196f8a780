// References: OpenID for Verifiable Credential Issuance 1.0 (final, 2025), https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html ;
//   RFC 9449 OAuth 2.0 Demonstrating Proof of Possession (DPoP), https://www.rfc-editor.org/rfc/rfc9449
using System.Collections.Frozen;
using System.Globalization;
using Identity.Server.Configuration;

namespace Identity.Server.OpenId4Vc.Issuance;

/// <summary>
/// The issuer's OpenID4VCI settings, read once at start. <c>IDENTITY_OID4VCI_REQUIRE_DPOP</c> is the per-tenant policy:
/// empty (the default: DPoP is accepted, not required), <c>*</c> (every tenant), or a comma-separated list of tenant ids
/// whose token endpoint refuses a request without a DPoP proof.
/// </summary>
internal sealed record Oid4VciOptions
{
    /// <summary>Most key proofs (and so credentials) one credential request may carry (<c>batch_credential_issuance.batch_size</c>).</summary>
    public const int BatchSize = 8;

    /// <summary>How old a DPoP proof or key proof (its <c>iat</c>) may be.</summary>
    public static readonly TimeSpan ProofMaxAge = TimeSpan.FromMinutes(5);

    /// <summary>How far ahead of our clock a proof's <c>iat</c> may be.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    private FrozenSet<string> DpopTenants { get; init; } = FrozenSet<string>.Empty;

    private bool DpopEveryTenant { get; init; }

    /// <summary>How long an offer and its pre-authorized code stay redeemable (<c>IDENTITY_OID4VCI_OFFER_SECONDS</c>, default 600).</summary>
    public TimeSpan OfferLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Wrong transaction codes a pre-authorized code survives before it is locked (<c>IDENTITY_OID4VCI_TX_CODE_TRIES</c>, default 5).</summary>
    public int TxCodeTries { get; init; } = 5;

    /// <summary>Access-token lifetime (<c>IDENTITY_OID4VCI_TOKEN_SECONDS</c>, default 300).</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary><c>c_nonce</c> lifetime (<c>IDENTITY_OID4VCI_NONCE_SECONDS</c>, default 300).</summary>
    public TimeSpan NonceLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>True when the tenant's token endpoint requires DPoP.</summary>
    public bool RequiresDpop(string tenantId) => DpopEveryTenant || DpopTenants.Contains(tenantId);

    /// <summary>Reads the settings; a value out of range stops the server at start.</summary>
    /// <exception cref="SettingsException">A setting is not a number in its range.</exception>
    public static Oid4VciOptions From(IConfiguration configuration)
    {
        var dpop = (configuration["IDENTITY_OID4VCI_REQUIRE_DPOP"] ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new Oid4VciOptions
        {
            DpopEveryTenant = dpop.Contains("*"),
            DpopTenants = dpop.Where(t => t != "*").ToFrozenSet(StringComparer.Ordinal),
            OfferLifetime = TimeSpan.FromSeconds(Seconds(configuration, "IDENTITY_OID4VCI_OFFER_SECONDS", 600, 86_400)),
            TxCodeTries = Seconds(configuration, "IDENTITY_OID4VCI_TX_CODE_TRIES", 5, 20),
            TokenLifetime = TimeSpan.FromSeconds(Seconds(configuration, "IDENTITY_OID4VCI_TOKEN_SECONDS", 300, 3_600)),
            NonceLifetime = TimeSpan.FromSeconds(Seconds(configuration, "IDENTITY_OID4VCI_NONCE_SECONDS", 300, 3_600)),
        };
    }

    private static int Seconds(IConfiguration configuration, string name, int fallback, int max)
    {
        var text = configuration[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= 1 && value <= max
            ? value
            : throw new SettingsException($"{name} must be a whole number from 1 to {max}, not '{text}'.");
    }
}
