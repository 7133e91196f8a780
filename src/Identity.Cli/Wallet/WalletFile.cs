using Identity.Cli.Infrastructure;
using Identity.Primitives;

namespace Identity.Cli.Wallet;

/// <summary>
/// The wallet on disk, sealed with the passphrase as <see cref="SealedFile"/> describes (Argon2id, HKDF-SHA256,
/// AES-256-GCM, mode 0600, atomic replacement).
/// </summary>
/// <remarks>Invariant: a file that cannot be opened is never written to.</remarks>
internal static class WalletFile
{
    /// <summary>The wallet's kind: format <c>identity-wallet</c> and the <c>wallet…</c> codes.</summary>
    public static readonly SealedFileKind Kind = new(
        "identity-wallet", "wallet", "identity wallet init", ErrorCodes.WalletNotFound, ErrorCodes.WalletExists, ErrorCodes.WalletCorrupted);

    /// <summary>Creates a new wallet file; <c>walletExists</c> when one is there already.</summary>
    public static void Create(string path, WalletData data, string passphrase) => SealedFile.Create(Kind, path, data.ToJsonBytes(), passphrase);

    /// <summary>Opens and decrypts a wallet; <c>walletNotFound</c>, <c>wrongPassphrase</c> or <c>walletCorrupted</c>.</summary>
    public static WalletData Open(string path, string passphrase) => SealedFile.Open(Kind, path, passphrase, bytes => WalletData.FromJson(bytes));

    /// <summary>Encrypts <paramref name="data"/> under a fresh salt and nonce and replaces the file atomically.</summary>
    public static void Save(string path, WalletData data, string passphrase) => SealedFile.Save(Kind, path, data.ToJsonBytes(), passphrase);
}
