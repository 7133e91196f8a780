using Identity.Cli.Infrastructure;
using Identity.Primitives;

namespace Identity.Cli.Device;

/// <summary>
/// The device file on disk, sealed with its passphrase exactly as the wallet is (<see cref="SealedFile"/>: Argon2id,
/// HKDF-SHA256, AES-256-GCM, mode 0600, atomic replacement), under its own format name.
/// </summary>
internal static class DeviceFile
{
    /// <summary>The device file's kind: format <c>identity-device</c> and the <c>deviceFile…</c> codes.</summary>
    public static readonly SealedFileKind Kind = new(
        "identity-device", "device file", "identity device init", ErrorCodes.DeviceFileNotFound, ErrorCodes.DeviceFileExists, ErrorCodes.DeviceFileCorrupted);

    public const string PassphraseVariable = "IDENTITY_DEVICE_PASSPHRASE";

    public static void Create(string path, DeviceData data, string passphrase) => SealedFile.Create(Kind, path, data.ToJsonBytes(), passphrase);

    public static DeviceData Open(string path, string passphrase) => SealedFile.Open(Kind, path, passphrase, bytes => DeviceData.FromJson(bytes));

    /// <summary>Replaces the file atomically: after a crash it holds either the old state or the new one.</summary>
    public static void Save(string path, DeviceData data, string passphrase) => SealedFile.Save(Kind, path, data.ToJsonBytes(), passphrase);
}
