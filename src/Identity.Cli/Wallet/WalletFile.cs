// References: RFC 9106 Argon2 (Argon2id, libsodium crypto_pwhash); RFC 5869 HKDF; NIST SP 800-38D (AES-GCM).
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Cli.Infrastructure;
using Identity.Primitives;
using Identity.Cryptography;

namespace Identity.Cli.Wallet;

/// <summary>
/// The wallet on disk: a JSON envelope whose content is encrypted with AES-256-GCM under a key derived from the
/// passphrase (Argon2id, then HKDF-SHA256 into an encryption key and a check value). The check value tells a wrong
/// passphrase from a damaged file. Files are written mode 0600, atomically (a temporary file in the same directory,
/// flushed, then renamed over the old one), so a failure never leaves a half-written wallet.
/// </summary>
/// <remarks>Invariant: a file that cannot be opened is never written to.</remarks>
internal static class WalletFile
{
    private const string Format = "identity-wallet";
    private const int Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const long MaxMemLimit = 1L << 30;

    /// <summary>Creates a new wallet file; <c>walletExists</c> when one is there already.</summary>
    public static void Create(string path, WalletData data, string passphrase)
    {
        if (File.Exists(path))
        {
            throw new CliException(ErrorCodes.WalletExists, $"A wallet already exists at {path}; it was not overwritten.");
        }

        Save(path, data, passphrase);
    }

    /// <summary>Opens and decrypts a wallet; <c>walletNotFound</c>, <c>wrongPassphrase</c> or <c>walletCorrupted</c>.</summary>
    public static WalletData Open(string path, string passphrase)
    {
        if (!File.Exists(path))
        {
            throw new CliException(ErrorCodes.WalletNotFound, $"There is no wallet at {path}; create one with 'identity wallet init'.");
        }

        var envelope = ReadEnvelope(path);
        var salt = Bytes(envelope, "salt", Argon2id.SaltSize, path);
        var ops = Number(envelope, "opsLimit", Argon2id.OpsLimitMin, 16, path);
        var mem = Number(envelope, "memLimit", Argon2id.MemLimitMin, MaxMemLimit, path);
        var check = Bytes(envelope, "check", 32, path);
        var nonce = Bytes(envelope, "nonce", NonceSize, path);
        var tag = Bytes(envelope, "tag", TagSize, path);
        var ciphertext = Bytes(envelope, "ciphertext", null, path);

        var (key, expectedCheck) = DeriveKeys(passphrase, salt, ops, mem);
        try
        {
            if (!CryptographicOperations.FixedTimeEquals(check, expectedCheck))
            {
                throw new CliException(ErrorCodes.WrongPassphrase, $"The passphrase does not open the wallet at {path}; nothing was changed.");
            }

            var plaintext = new byte[ciphertext.Length];
            try
            {
                using var aes = new AesGcm(key, TagSize);
                aes.Decrypt(nonce, ciphertext, tag, plaintext, AssociatedData(salt, ops, mem));
                return WalletData.FromJson(plaintext) ?? throw Corrupted(path, "its content is not a wallet");
            }
            catch (AuthenticationTagMismatchException)
            {
                throw Corrupted(path, "its encrypted content fails authentication (the file was changed or damaged)");
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

    /// <summary>Encrypts <paramref name="data"/> under a fresh salt and nonce and replaces the file atomically.</summary>
    public static void Save(string path, WalletData data, string passphrase)
    {
        var salt = RandomNumberGenerator.GetBytes(Argon2id.SaltSize);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        long ops = Argon2id.OpsLimitInteractive, mem = Argon2id.MemLimitInteractive;
        var (key, check) = DeriveKeys(passphrase, salt, ops, mem);
        var plaintext = data.ToJsonBytes();
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(salt, ops, mem));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
            CryptographicOperations.ZeroMemory(key);
        }

        var envelope = new JsonObject
        {
            ["format"] = Format,
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
    private static byte[] AssociatedData(byte[] salt, long ops, long mem) =>
        Encoding.UTF8.GetBytes($"{Format}/v{Version}|argon2id|{ops}|{mem}|{Convert.ToBase64String(salt)}|AES-256-GCM");

    private static (byte[] Key, byte[] Check) DeriveKeys(string passphrase, byte[] salt, long ops, long mem)
    {
        var password = Encoding.UTF8.GetBytes(passphrase);
        var master = new byte[32];
        try
        {
            if (!Argon2id.TryDeriveKey(password, salt, ops, mem, master))
            {
                throw new CliException(ErrorCodes.WalletCorrupted, "The wallet's key derivation failed (limits out of range or not enough memory).");
            }

            var key = HKDF.Expand(HashAlgorithmName.SHA256, master, 32, "identity-wallet/v1 encryption"u8.ToArray());
            var check = HKDF.Expand(HashAlgorithmName.SHA256, master, 32, "identity-wallet/v1 passphrase check"u8.ToArray());
            return (key, check);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
            CryptographicOperations.ZeroMemory(master);
        }
    }

    private static JsonObject ReadEnvelope(string path)
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

        if (envelope is null || JsonString(envelope, "format") != Format)
        {
            throw Corrupted(path, "it is not an identity wallet file");
        }

        if (envelope["version"] is not JsonValue v || !v.TryGetValue<int>(out var version) || version != Version
            || JsonString(envelope, "kdf") != "argon2id" || JsonString(envelope, "cipher") != "AES-256-GCM")
        {
            throw Corrupted(path, "its format version or algorithms are not ones this CLI reads");
        }

        return envelope;
    }

    private static byte[] Bytes(JsonObject envelope, string name, int? length, string path)
    {
        try
        {
            var bytes = Convert.FromBase64String(JsonString(envelope, name) ?? throw Corrupted(path, $"'{name}' is missing"));
            return length is null || bytes.Length == length ? bytes : throw Corrupted(path, $"'{name}' has the wrong length");
        }
        catch (FormatException)
        {
            throw Corrupted(path, $"'{name}' is not base64");
        }
    }

    private static long Number(JsonObject envelope, string name, long min, long max, string path) =>
        envelope[name] is JsonValue v && v.TryGetValue<long>(out var n) && n >= min && n <= max
            ? n
            : throw Corrupted(path, $"'{name}' is missing or out of range");

    private static string? JsonString(JsonObject envelope, string name) =>
        envelope[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static CliException Corrupted(string path, string why) =>
        new(ErrorCodes.WalletCorrupted, $"The wallet at {path} is damaged: {why}. It was left untouched.");
}
