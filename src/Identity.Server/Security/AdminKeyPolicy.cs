// References: NIST SP 800-63B §5.1.1.2 (blocklists of commonly used and expected values),
//   https://pages.nist.gov/800-63-4/sp800-63b.html ; RFC 4086 §8 (strength of random secrets), https://www.rfc-editor.org/rfc/rfc4086
namespace Identity.Server.Security;

/// <summary>
/// Decides whether an operator's admin key carries at least 128 bits of randomness. The service cannot measure the
/// randomness of a string it is handed, so it refuses what is certainly weaker and what people type by hand:
/// <list type="number">
/// <item>fewer than 128 bits by the key's alphabet: at least 39 characters when all are digits, 32 when all are hex
/// digits, 22 when all are base64 or base64url characters (padding <c>=</c> not counted), 20 otherwise;</item>
using System.Security.Cryptography;
/// <item>fewer than 8 different characters (6 for a key of digits only);</item>
/// <item>a run of 8 identical characters, or of 8 characters each one above or below the last (<c>abcdefgh</c>, <c>98765432</c>);</item>
/// <item>any 8-character sequence that occurs twice (a repeated pattern);</item>
/// <item>a placeholder or common word anywhere (<c>changeme</c>, <c>password</c>, <c>secret</c>, <c>admin</c>, <c>example</c>, …,
/// case-insensitive), or a key that starts with <c>test</c> or <c>demo</c>.</item>
/// </list>
/// A key from <c>openssl rand -base64 32</c> or <c>-hex 16</c> passes (the chance of a random key matching a rule is below
/// one in ten thousand, and the generated <c>admin.key</c> is drawn until it passes).
/// </summary>
internal static class AdminKeyPolicy
{
    public const int MinimumBits = 128;
    private const int PatternLength = 8;

    private static readonly string[] s_placeholders =
    [
        "changeme", "change-me", "change_me", "replaceme", "replace-me", "replace_me", "password", "passw0rd", "secret",
        "admin", "example", "placeholder", "default", "insecure", "letmein", "qwerty", "dummy", "sample", "foobar",
        "test-key", "testkey", "test_key", "your-key", "yourkey",
    ];

    private static readonly string[] s_prefixes = ["test", "demo"];

    /// <summary>Null when <paramref name="key"/> is acceptable, else the reason (never the key itself).</summary>
    public static string? Weakness(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var k = key.Trim();
        var significant = k.TrimEnd('=');
        var (alphabet, minimum) = Alphabet(k);
        if (significant.Length < minimum)
        {
            return $"it has fewer than {MinimumBits} bits of randomness ({significant.Length} {alphabet} characters; at least {minimum} are needed)";
        }

        int distinct = significant.Distinct().Count();
        int minimumDistinct = alphabet == "decimal" ? 6 : 8;
        if (distinct < minimumDistinct)
        {
            return $"it uses only {distinct} different characters";
        }

        if (HasRun(significant))
        {
            return $"it contains a run of {PatternLength} repeated or consecutive characters";
        }

        if (HasRepeatedPattern(significant))
        {
            return $"it repeats a sequence of {PatternLength} characters";
        }

        var lower = significant.ToLowerInvariant();
        if (s_placeholders.FirstOrDefault(w => lower.Contains(w, StringComparison.Ordinal)) is { } word)
        {
            return $"it contains the placeholder or common word '{word}'";
        }

        return s_prefixes.FirstOrDefault(p => lower.StartsWith(p, StringComparison.Ordinal)) is { } prefix
            ? $"it starts with '{prefix}'"
            : null;
    }

    // The smallest alphabet the key fits in, and the length that alphabet needs for 128 bits (ceil(128 / log2 size)).
    private static (string Name, int MinimumLength) Alphabet(string key)
    {
        var significant = key.TrimEnd('=');
        if (significant.Length > 0 && significant.All(char.IsAsciiDigit))
        {
            return ("decimal", 39);
        }

        if (significant.Length > 0 && significant.All(char.IsAsciiHexDigit))
        {
            return ("hex", 32);
        }

        return significant.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '-' or '_')
            ? ("base64", 22)
            : ("other", 20);
    }

    private static bool HasRun(string key)
    {
        int same = 1, up = 1, down = 1;
        for (int i = 1; i < key.Length; i++)
        {
            same = key[i] == key[i - 1] ? same + 1 : 1;
            up = key[i] == key[i - 1] + 1 ? up + 1 : 1;
            down = key[i] == key[i - 1] - 1 ? down + 1 : 1;
            if (same >= PatternLength || up >= PatternLength || down >= PatternLength)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasRepeatedPattern(string key)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i + PatternLength <= key.Length; i++)
        {
            if (!seen.Add(key.Substring(i, PatternLength)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A fresh key from 32 random bytes (base64), drawn again in the rare case that it looks like a pattern.</summary>
    public static string Generate()
    {
        while (true)
        {
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            if (Weakness(key) is null)
            {
                return key;
            }
        }
    }
}
