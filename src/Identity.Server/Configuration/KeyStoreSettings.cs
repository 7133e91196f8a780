using System.Globalization;
using Identity.Pkcs11;

namespace Identity.Server.Configuration;

/// <summary>
/// Where new tenant signing keys are kept (<c>IDENTITY_KEY_STORE</c>): <c>wrapped</c>, the default (generated here,
/// stored in the database wrapped by the master key), or <c>pkcs11</c> (generated inside a PKCS#11 token, never
/// leaving it; the database keeps only the key's id in the token).
/// </summary>
/// <remarks>
/// The token: <c>IDENTITY_PKCS11_MODULE</c> (the module's path), exactly one of <c>IDENTITY_PKCS11_TOKEN_LABEL</c> and
/// <c>IDENTITY_PKCS11_SLOT</c>, and exactly one of <c>IDENTITY_PKCS11_PIN</c> and <c>IDENTITY_PKCS11_PIN_FILE</c>.
/// The PIN is never logged nor put in a message.
/// </remarks>
internal sealed record KeyStoreSettings
{
    /// <summary>The kind that creates new keys.</summary>
    public KeyStoreKind Kind { get; init; } = KeyStoreKind.Wrapped;

    /// <summary>The token, when <see cref="Kind"/> is <see cref="KeyStoreKind.Pkcs11"/>.</summary>
    public Pkcs11TokenOptions? Pkcs11 { get; init; }

    public static KeyStoreSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var kind = NonEmpty(configuration["IDENTITY_KEY_STORE"])?.ToLowerInvariant() switch
        {
            null or "wrapped" => KeyStoreKind.Wrapped,
            "pkcs11" => KeyStoreKind.Pkcs11,
            var other => throw new SettingsException($"IDENTITY_KEY_STORE must be 'wrapped' (the default) or 'pkcs11', not '{other}'."),
        };
        return kind == KeyStoreKind.Wrapped ? new KeyStoreSettings() : new KeyStoreSettings { Kind = kind, Pkcs11 = Token(configuration) };
    }

    private static Pkcs11TokenOptions Token(IConfiguration configuration)
    {
        var module = NonEmpty(configuration["IDENTITY_PKCS11_MODULE"])
            ?? throw new SettingsException("IDENTITY_KEY_STORE=pkcs11 needs IDENTITY_PKCS11_MODULE, the path of the token's PKCS#11 library (e.g. /usr/lib/softhsm/libsofthsm2.so).");
        if (!File.Exists(module))
        {
            throw new SettingsException($"IDENTITY_PKCS11_MODULE: there is no file {module}.");
        }

        var label = NonEmpty(configuration["IDENTITY_PKCS11_TOKEN_LABEL"]);
        var slotText = NonEmpty(configuration["IDENTITY_PKCS11_SLOT"]);
        if ((label is null) == (slotText is null))
        {
            throw new SettingsException("IDENTITY_KEY_STORE=pkcs11 needs exactly one of IDENTITY_PKCS11_TOKEN_LABEL and IDENTITY_PKCS11_SLOT.");
        }

        ulong? slot = null;
        if (slotText is not null)
        {
            slot = ulong.TryParse(slotText, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? id
                : throw new SettingsException($"IDENTITY_PKCS11_SLOT must be a slot id (a whole number), not '{slotText}'.");
        }

        return new Pkcs11TokenOptions { ModulePath = Path.GetFullPath(module), TokenLabel = label, SlotId = slot, Pin = Pin(configuration) };
    }

    private static string Pin(IConfiguration configuration)
    {
        var pin = NonEmpty(configuration["IDENTITY_PKCS11_PIN"]);
        var file = NonEmpty(configuration["IDENTITY_PKCS11_PIN_FILE"]);
        if ((pin is null) == (file is null))
        {
            throw new SettingsException("IDENTITY_KEY_STORE=pkcs11 needs exactly one of IDENTITY_PKCS11_PIN and IDENTITY_PKCS11_PIN_FILE (a file holding the PIN).");
        }

        if (pin is not null)
        {
            return pin;
        }

        try
        {
            return NonEmpty(File.ReadAllText(file!)) ?? throw new SettingsException($"IDENTITY_PKCS11_PIN_FILE: {file} is empty.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException($"IDENTITY_PKCS11_PIN_FILE: {file} cannot be read ({e.GetType().Name}).");
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The places tenant private keys can live.</summary>
internal enum KeyStoreKind
{
    /// <summary>In the database, wrapped by the master key (AES-256-GCM); unwrapped into memory to sign.</summary>
    Wrapped,

    /// <summary>In a PKCS#11 token (an HSM), created there non-extractable; signing happens in the token.</summary>
    Pkcs11,
}
