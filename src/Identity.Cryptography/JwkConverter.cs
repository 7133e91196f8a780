// References:
//   RFC 7517, JSON Web Key (JWK), May 2015, https://www.rfc-editor.org/rfc/rfc7517
//   RFC 7518, JSON Web Algorithms (JWA), May 2015, §6.2 EC keys, https://www.rfc-editor.org/rfc/rfc7518
//   RFC 8037, CFRG ECDH and Signatures in JOSE, January 2017, §2 OKP keys, https://www.rfc-editor.org/rfc/rfc8037
//   RFC 8812, COSE and JOSE Registrations for WebAuthn Algorithms, August 2020, §3.1 (crv secp256k1), https://www.rfc-editor.org/rfc/rfc8812
//   RFC 7638, JSON Web Key (JWK) Thumbprint, September 2015, §3, https://www.rfc-editor.org/rfc/rfc7638
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Identity.Primitives;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Cryptography;

/// <summary>
/// Converts public keys to and from JSON Web Keys: <c>OKP</c> (<c>Ed25519</c>, <c>X25519</c>) with <c>x</c>, and
/// <c>EC</c> (<c>P-256</c>, <c>P-384</c>, <c>secp256k1</c>) with <c>x</c> and <c>y</c>.
/// </summary>
/// <remarks>
/// Import is strict. Structural problems — a missing or non-string <c>kty</c>/<c>crv</c>/<c>x</c>/<c>y</c>, a
/// <c>crv</c> that does not belong to the <c>kty</c>, a <c>y</c> on an OKP key, coordinates that are not canonical
/// unpadded base64url, or any private member (<c>d</c>, <c>p</c>, <c>q</c>, <c>dp</c>, <c>dq</c>, <c>qi</c>,
/// <c>oth</c>, <c>k</c>) — give <c>invalidJwk</c>. A well-formed key of a type we do not support (RSA, oct, P-521,
/// Ed448, …) gives <c>unsupportedPublicKeyType</c>. Key material of the wrong size gives <c>invalidPublicKeyLength</c>,
/// and a point not on the curve <c>invalidPublicKey</c>. <c>alg</c>, <c>use</c>, <c>key_ops</c> and <c>kid</c> are ignored.
/// <threadsafety>All members are static and safe to call from any thread.</threadsafety>
/// </remarks>
public static class JwkConverter
{
    /// <summary>Returns the public JWK of <paramref name="key"/> (no <c>kid</c>, <c>alg</c> or <c>use</c>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public static JsonWebKey ToJwk(PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        JwkCurve curve = JwkCurve.For(key.KeyType);
        var jwk = new JsonWebKey { Kty = curve.Kty, Crv = curve.Crv };
        (jwk.X, jwk.Y) = Coordinates(key);
        return jwk;
    }

    /// <summary>Imports a public key from a <see cref="JsonWebKey"/> (see the type remarks for the error codes).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="jwk"/> is null.</exception>
    public static Result<PublicKey> FromJwk(JsonWebKey jwk)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        bool hasPrivate = !string.IsNullOrEmpty(jwk.D) || !string.IsNullOrEmpty(jwk.P) || !string.IsNullOrEmpty(jwk.Q)
            || !string.IsNullOrEmpty(jwk.DP) || !string.IsNullOrEmpty(jwk.DQ) || !string.IsNullOrEmpty(jwk.QI)
            || !string.IsNullOrEmpty(jwk.K) || jwk.Oth is { Count: > 0 };
        return FromMembers(new JwkMembers(jwk.Kty, jwk.Crv, jwk.X, jwk.Y, hasPrivate));
    }

    /// <summary>
    /// Parses JWK JSON text with System.Text.Json and imports the public key. Duplicate member names are rejected.
    /// </summary>
    /// <returns>The key, <c>invalidJson</c> when the text is not a JSON object, or the codes in the type remarks.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    public static Result<PublicKey> FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JwkMembers.Parse(json).Bind(FromMembers);
    }

    /// <summary>
    /// Returns the minimal public JWK as compact JSON with members in lexicographic order, e.g.
    /// <c>{"crv":"Ed25519","kty":"OKP","x":"…"}</c>. This is also the RFC 7638 thumbprint input.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public static string ToJson(PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        JwkCurve curve = JwkCurve.For(key.KeyType);
        (string x, string? y) = Coordinates(key);

        // Every value is a fixed name or base64url text, so nothing needs JSON escaping.
        return y is null
            ? $$"""{"crv":"{{curve.Crv}}","kty":"{{curve.Kty}}","x":"{{x}}"}"""
            : $$"""{"crv":"{{curve.Crv}}","kty":"{{curve.Kty}}","x":"{{x}}","y":"{{y}}"}""";
    }

    /// <summary>Returns the RFC 7638 thumbprint: base64url(SHA-256(required members, sorted, no whitespace)).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public static string Thumbprint(PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson(key))));
    }

    private static (string X, string? Y) Coordinates(PublicKey key)
    {
        if (!key.IsEcKey)
        {
            return (Base64Url.EncodeToString(key.Bytes.Span), null);
        }

        (byte[] x, byte[] y) = key.GetAffineCoordinates();
        return (Base64Url.EncodeToString(x), Base64Url.EncodeToString(y));
    }

    private static Result<PublicKey> FromMembers(JwkMembers members)
    {
        if (members.HasPrivate)
        {
            return Invalid("it contains private key members; only public keys are accepted");
        }

        if (members.Kty is not ("OKP" or "EC"))
        {
            return members.Kty is null
                ? Invalid("the member \"kty\" is missing")
                : new Error(ErrorCodes.UnsupportedPublicKeyType, $"The JWK key type \"{members.Kty}\" is not supported.");
        }

        if (members.Crv is null)
        {
            return Invalid("the member \"crv\" is missing");
        }

        if (JwkCurve.Find(members.Crv) is not { } curve)
        {
            return new Error(ErrorCodes.UnsupportedPublicKeyType, $"The JWK curve \"{members.Crv}\" is not supported.");
        }

        if (curve.Kty != members.Kty)
        {
            return Invalid($"the curve \"{curve.Crv}\" belongs to kty \"{curve.Kty}\", not \"{members.Kty}\"");
        }

        if (!TryDecodeCoordinate(members.X, "x", out byte[]? x, out Error? error))
        {
            return error;
        }

        if (curve.Kty == "OKP")
        {
            return members.Y is null ? PublicKey.Create(curve.KeyType, x) : Invalid("an OKP key has no member \"y\"");
        }

        if (!TryDecodeCoordinate(members.Y, "y", out byte[]? y, out error))
        {
            return error;
        }

        if (x.Length != curve.CoordinateSize || y.Length != curve.CoordinateSize)
        {
            return new Error(
                ErrorCodes.InvalidPublicKeyLength,
                $"{curve.Crv} coordinates are {curve.CoordinateSize} bytes each, not {x.Length} and {y.Length}.");
        }

        return PublicKey.Create(curve.KeyType, [0x04, .. x, .. y]);
    }

    private static bool TryDecodeCoordinate(
        string? value,
        string name,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? bytes,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out Error? error)
    {
        // Multibase's base64url decoder is the strict one: no padding, whitespace or stray trailing bits.
        if (value is not null && Multibase.Decode("u" + value).TryGetValue(out bytes) && bytes.Length > 0)
        {
            error = null;
            return true;
        }

        bytes = null;
        error = Invalid(value is null ? $"the member \"{name}\" is missing" : $"\"{name}\" is not unpadded base64url");
        return false;
    }

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidJwk, $"Invalid JWK: {detail}.");
}
