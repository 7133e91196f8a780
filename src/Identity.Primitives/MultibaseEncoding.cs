namespace Identity.Primitives;

/// <summary>
/// The multibase encodings this library writes and reads, each identified on the wire by a one-character prefix
/// (The Multibase Data Format, draft-multiformats-multibase, https://datatracker.ietf.org/doc/draft-multiformats-multibase/).
/// </summary>
/// <remarks>
/// Only the encodings the W3C Data Integrity and Controlled Identifier specifications use are supported. Other
/// prefixes from the multibase table are rejected by <see cref="Multibase.Decode(string)"/> as <c>invalidMultibase</c>.
/// </remarks>
public enum MultibaseEncoding
{
    /// <summary>Base58 with the Bitcoin alphabet; prefix <c>z</c>. The default for <c>publicKeyMultibase</c> and <c>proofValue</c>.</summary>
    Base58Btc,

    /// <summary>Base64 with the URL-safe alphabet (RFC 4648 §5) and no padding; prefix <c>u</c>.</summary>
    Base64Url,

    /// <summary>Hexadecimal with lowercase digits (RFC 4648 §8); prefix <c>f</c>.</summary>
    Base16Lower,
}
