using System.Buffers.Text;
using System.Security.Cryptography;

namespace Identity.Server.Tenants;

/// <summary>Tenant ids are URL- and did:web-safe: 1–63 of <c>a-z 0-9 -</c>, starting with a letter or digit.</summary>
internal static class TenantIds
{
    public const string Default = "default";

    public static bool IsValid(string? id) =>
        id is { Length: >= 1 and <= 63 } && char.IsAsciiLetterOrDigit(id[0]) && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    public static string Generate() => "t-" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(9)).ToLowerInvariant().Replace('_', '-');
}
