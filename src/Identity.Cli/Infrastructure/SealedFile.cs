// References: RFC 9106 Argon2 (Argon2id, libsodium crypto_pwhash); RFC 5869 HKDF; NIST SP 800-38D (AES-GCM).
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives;
using Identity.Cryptography;

namespace Identity.Cli.Infrastructure;

/// <summary>
/// A secret file on disk (the wallet, a device's key): a JSON envelope whose content is encrypted with AES-256-GCM under
/// a key derived from the passphrase (Argon2id, then HKDF-SHA256 into an encryption key and a check value). The check
/// value tells a wrong passphrase from a damaged file. Files are written mode 0600, atomically (a temporary file in the
/// same directory, flushed, then renamed over the old one), so a failure never leaves a half-written file. The kind's
/// format name is bound into the key derivation and the authenticated data: a device file never opens as a wallet.
/// </summary>
/// <remarks>Invariant: a file that cannot be opened is never written to.</remarks>
internal static class SealedFile
{
    private const int Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const long MaxMemLimit = 1L << 30;

    /// <summary>Creates a new file; the kind's <c>…Exists</c> code when one is there already.</summary>
    public static void Create(SealedFileKind kind, string path, byte[] plaintext, string passphrase)
    {
        if (File.Exists(path))
        {
            throw new CliException(kind.ExistsCode, $"A {kind.Noun} already exists at {path}; it was not overwritten.");
        }

        Save(kind, path, plaintext, passphrase);
    }

    /// <summary>
    /// Opens a file and passes its decrypted content to <paramref name="read"/> (null: not this kind's content), then
    /// zeroes it; the kind's <c>…NotFound</c> or <c>…Corrupted</c> code, or <c>wrongPassphrase</c>.
    /// </summary>
    public static T Open<T>(SealedFileKind kind, string path, string passphrase, Func<byte[], T?> read)
        where T : class
    {
        if (!File.Exists(path))
        {
            throw new CliException(kind.NotFoundCode, $"There is no {kind.Noun} at {path}; create one with '{kind.InitCommand}'.");
        }

        var envelope = ReadEnvelope(kind, path);
        var salt = Bytes(kind, envelope, "salt", Argon2id.SaltSize, path);
        var ops = Number(kind, envelope, "opsLimit", Argon2id.OpsLimitMin, 16, path);
        var mem = Number(kind, envelope, "memLimit", Argon2id.MemLimitMin, MaxMemLimit, path);
        var check = Bytes(kind, envelope, "check", 32, path);
        var nonce = Bytes(kind, envelope, "nonce", NonceSize, path);
        var tag = Bytes(kind, envelope, "tag", TagSize, path);
        var ciphertext = Bytes(kind, envelope, "ciphertext", null, path);

        var (key, expectedCheck) = DeriveKeys(kind, passphrase, salt, ops, mem);
        try
        {
            if (!CryptographicOperations.FixedTimeEquals(check, expectedCheck))
            {
                throw new CliException(ErrorCodes.WrongPassphrase, $"The passphrase does not open the {kind.Noun} at {path}; nothing was changed.");
            }

            var plaintext = new byte[ciphertext.Length];
            try
            {
                using var aes = new AesGcm(key, TagSize);
                aes.Decrypt(nonce, ciphertext, tag, plaintext, AssociatedData(kind, salt, ops, mem));
                return read(plaintext) ?? throw Corrupted(kind, path, $"its content is not a {kind.Noun}'s");
            }
            catch (AuthenticationTagMismatchException)
            {
                throw Corrupted(kind, path, "its encrypted content fails authentication (the file was changed or damaged)");
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Encrypts <paramref name="plaintext"/> under a fresh salt and nonce, replaces the file atomically, and zeroes <paramref name="plaintext"/>.</summary>
    public static void Save(SealedFileKind kind, string path, byte[] plaintext, string passphrase)
    {
        var salt = RandomNumberGenerator.GetBytes(Argon2id.SaltSize);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        long ops = Argon2id.OpsLimitInteractive, mem = Argon2id.MemLimitInteractive;
        var (key, check) = DeriveKeys(kind, passphrase, salt, ops, mem);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(kind, salt, ops, mem));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
            CryptographicOperations.ZeroMemory(key);
        }

        var envelope = new JsonObject
        {
            ["format"] = kind.Format,
            ["version"] = Version,
            ["kdf"] = "argon2id",
            ["salt"] = Convert.ToBase64String(salt),
            ["opsLimit"] = ops,
            ["memLimit"] = mem,
            ["check"] = Convert.ToBase64String(check),
            ["cipher"] = "AES-256-GCM",
            ["nonce"] = Convert.ToBase64String(nonce),
            ["ciphertext"] = Convert.ToBase64String(ciphertext),
            ["tag"] = Convert.ToBase64String(tag),
        };
        SecureFiles.WriteAtomically(path, Encoding.UTF8.GetBytes(envelope.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n"));
    }

    // The envelope's parameters are authenticated too: changing the salt or limits breaks the tag, not just the key.
    private static byte[] AssociatedData(SealedFileKind kind, byte[] salt, long ops, long mem) =>
        Encoding.UTF8.GetBytes($"{kind.Format}/v{Version}|argon2id|{ops}|{mem}|{Convert.ToBase64String(salt)}|AES-256-GCM");

    private static (byte[] Key, byte[] Check) DeriveKeys(SealedFileKind kind, string passphrase, byte[] salt, long ops, long mem)
    {
        var password = Encoding.UTF8.GetBytes(passphrase);
        var master = new byte[32];
        try
        {
            if (!Argon2id.TryDeriveKey(password, salt, ops, mem, master))
            {
                throw new CliException(kind.CorruptedCode, $"The {kind.Noun}'s key derivation failed (limits out of range or not enough memory).");
            }

            var key = HKDF.Expand(HashAlgorithmName.SHA256, master, 32, Encoding.UTF8.GetBytes($"{kind.Format}/v{Version} encryption"));
            var check = HKDF.Expand(HashAlgorithmName.SHA256, master, 32, Encoding.UTF8.GetBytes($"{kind.Format}/v{Version} passphrase check"));
            return (key, check);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
            CryptographicOperations.ZeroMemory(master);
        }
    }

    private static JsonObject ReadEnvelope(SealedFileKind kind, string path)
    {
        JsonObject? envelope;
        try
        {
            var bytes = File.ReadAllBytes(path);
            envelope = bytes.Length > 64 * 1024 * 1024 ? null : JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 8 }) as JsonObject;
        }
        catch (JsonException)
        {
            envelope = null;
        }

        if (envelope is null || JsonString(envelope, "format") != kind.Format)
        {
            throw Corrupted(kind, path, $"it is not an {kind.Format} file");
        }

        if (envelope["version"] is not JsonValue v || !v.TryGetValue<int>(out var version) || version != Version
            || JsonString(envelope, "kdf") != "argon2id" || JsonString(envelope, "cipher") != "AES-256-GCM")
        {
            throw Corrupted(kind, path, "its format version or algorithms are not ones this CLI reads");
        }

        return envelope;
    }

    private static byte[] Bytes(SealedFileKind kind, JsonObject envelope, string name, int? length, string path)
    {
        try
        {
            var bytes = Convert.FromBase64String(JsonString(envelope, name) ?? throw Corrupted(kind, path, $"'{name}' is missing"));
            return length is null || bytes.Length == length ? bytes : throw Corrupted(kind, path, $"'{name}' has the wrong length");
        }
        catch (FormatException)
        {
            throw Corrupted(kind, path, $"'{name}' is not base64");
        }
    }

    private static long Number(SealedFileKind kind, JsonObject envelope, string name, long min, long max, string path) =>
        envelope[name] is JsonValue v && v.TryGetValue<long>(out var n) && n >= min && n <= max
            ? n
            : throw Corrupted(kind, path, $"'{name}' is missing or out of range");

    private static string? JsonString(JsonObject envelope, string name) =>
        envelope[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static CliException Corrupted(SealedFileKind kind, string path, string why) =>
        new(kind.CorruptedCode, $"The {kind.Noun} at {path} is damaged: {why}. It was left untouched.");
}

/// <summary>What a sealed file holds: its format name (bound into the encryption), how messages name it, and its codes.</summary>
internal sealed record SealedFileKind(string Format, string Noun, string InitCommand, string NotFoundCode, string ExistsCode, string CorruptedCode);
