// References:
//   W3C Verifiable Credentials Data Model v2.0, §5.3 Integrity of Related Resources (digestSRI, digestMultibase; a
//     mismatch MUST produce an error) — https://www.w3.org/TR/vc-data-model-2.0/#integrity-of-related-resources
//   W3C Subresource Integrity, §3.5 The integrity attribute (hash-expression, strongest algorithm wins) — https://www.w3.org/TR/SRI/
//   Multiformats multihash (sha2-256 0x12, sha2-512 0x13, sha2-384 0x20) — https://github.com/multiformats/multicodec
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Identity.Credentials.Model;
using Identity.Primitives;

namespace Identity.Credentials.Validation;

/// <summary>The bytes of resources a verifier may obtain without a network request (e.g. its pinned contexts).</summary>
public interface IRelatedResourceSource
{
    /// <summary>The exact bytes published at <paramref name="url"/>, when this source holds them.</summary>
    bool TryGetBytes(string url, out ReadOnlyMemory<byte> bytes);
}

/// <summary>The outcome of <see cref="RelatedResourceIntegrity.Check"/>.</summary>
/// <param name="Mismatch">The first digest that does not match (<c>relatedResourceMismatch</c>), or null.</param>
/// <param name="Checked">The resource ids whose digests were compared and matched.</param>
/// <param name="Unchecked">The resource ids the source does not hold: never fetched, so not checked.</param>
public sealed record RelatedResourceOutcome(Error? Mismatch, ImmutableArray<string> Checked, ImmutableArray<string> Unchecked);

/// <summary>
/// Checks the digests of a document's <c>relatedResource</c> entries against the bytes of the resources an
/// <see cref="IRelatedResourceSource"/> holds. Nothing is ever fetched (no request to a URL the document names), so a
/// resource the source does not hold is reported unchecked, not passed.
/// </summary>
/// <remarks>
/// <para><c>digestSRI</c> is an SRI hash expression (<c>sha256-</c>, <c>sha384-</c> or <c>sha512-</c> and standard
/// base64; several may be given, separated by spaces): the strongest algorithm present decides, and one of its values
/// must match. A value with no supported algorithm cannot be checked and is a mismatch (fail closed).
/// <c>digestMultibase</c> is a multibase string of either a multihash (sha2-256, sha2-384, sha2-512) or a bare digest
/// whose length names the algorithm (32, 48 or 64 bytes). When an entry has both, both must match. The shape of the
/// entries (an <c>id</c>, at least one digest) is the data model validator's concern.</para>
/// <threadsafety>Stateless.</threadsafety>
/// </remarks>
public static class RelatedResourceIntegrity
{
    private static readonly (string Name, HashAlgorithmName Algorithm, int Length, int Multihash)[] s_algorithms =
    [
        ("sha512", HashAlgorithmName.SHA512, 64, 0x13),
        ("sha384", HashAlgorithmName.SHA384, 48, 0x20),
        ("sha256", HashAlgorithmName.SHA256, 32, 0x12),
    ];

    /// <summary>Checks every <c>relatedResource</c> entry of <paramref name="document"/> the source can answer for.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> or <paramref name="source"/> is null.</exception>
    public static RelatedResourceOutcome Check(JsonObject document, IRelatedResourceSource source)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(source);
        // Each held resource is hashed at most once per algorithm, however many entries name it (bounded work).
        var digests = new Dictionary<(string Url, HashAlgorithmName Algorithm), byte[]>();
        var matched = ImmutableArray.CreateBuilder<string>();
        var skipped = ImmutableArray.CreateBuilder<string>();
        foreach (JsonObject entry in JsonValues.AsSet(document["relatedResource"]).OfType<JsonObject>())
        {
            if (JsonValues.GetString(entry["id"]) is not { } id)
            {
                continue;
            }

            if (!source.TryGetBytes(id, out ReadOnlyMemory<byte> bytes))
            {
                skipped.Add(id);
                continue;
            }

            byte[] Digest(HashAlgorithmName algorithm)
            {
                if (!digests.TryGetValue((id, algorithm), out byte[]? digest))
                {
                    digest = Hash(algorithm, bytes.Span);
                    digests[(id, algorithm)] = digest;
                }

                return digest;
            }

            string? problem = CheckSri(entry["digestSRI"], Digest) ?? CheckMultibase(entry["digestMultibase"], Digest);
            if (problem is not null)
            {
                return new RelatedResourceOutcome(
                    new Error(ErrorCodes.RelatedResourceMismatch, $"relatedResource {id}: {problem}"), matched.ToImmutable(), skipped.ToImmutable());
            }

            matched.Add(id);
        }

        return new RelatedResourceOutcome(null, matched.ToImmutable(), skipped.ToImmutable());
    }

    private static string? CheckSri(JsonNode? node, Func<HashAlgorithmName, byte[]> digestOf)
    {
        if (node is null)
        {
            return null;
        }

        string[] tokens = (JsonValues.GetString(node) ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach ((string name, HashAlgorithmName algorithm, _, _) in s_algorithms)
        {
            string[] values = [.. tokens.Where(t => t.StartsWith(name + "-", StringComparison.Ordinal)).Select(t => t[(name.Length + 1)..].Split('?')[0])];
            if (values.Length == 0)
            {
                continue;
            }

            byte[] digest = digestOf(algorithm);
            return values.Any(v => TryBase64(v) is { } given && given.AsSpan().SequenceEqual(digest))
                ? null
                : $"its digestSRI ({name}) does not match the resource's bytes.";
        }

        return "its digestSRI names no supported algorithm (sha256, sha384, sha512), so it cannot be checked.";
    }

    private static string? CheckMultibase(JsonNode? node, Func<HashAlgorithmName, byte[]> digestOf)
    {
        if (node is null)
        {
            return null;
        }

        Result<byte[]> decoded = Multibase.Decode(JsonValues.GetString(node) ?? string.Empty);
        if (!decoded.IsSuccess)
        {
            return "its digestMultibase is not a multibase string.";
        }

        byte[] value = decoded.Value;
        foreach ((_, HashAlgorithmName algorithm, int length, int code) in s_algorithms)
        {
            bool multihash = value.Length == length + 2 && value[0] == code && value[1] == length;
            if (multihash || value.Length == length)
            {
                return value.AsSpan(multihash ? 2 : 0).SequenceEqual(digestOf(algorithm))
                    ? null
                    : "its digestMultibase does not match the resource's bytes.";
            }
        }

        return "its digestMultibase is neither a sha2-256/384/512 multihash nor a digest of one of those lengths, so it cannot be checked.";
    }

    private static byte[] Hash(HashAlgorithmName algorithm, ReadOnlySpan<byte> bytes) =>
        algorithm == HashAlgorithmName.SHA512 ? SHA512.HashData(bytes)
        : algorithm == HashAlgorithmName.SHA384 ? SHA384.HashData(bytes)
        : SHA256.HashData(bytes);

    private static byte[]? TryBase64(string value)
    {
        byte[] buffer = new byte[((value.Length + 3) / 4) * 3];
        return Convert.TryFromBase64String(value, buffer, out int written) ? buffer[..written] : null;
    }
}
