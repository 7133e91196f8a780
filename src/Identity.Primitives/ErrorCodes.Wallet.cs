namespace Identity.Primitives;

/// <summary>Codes reported by the <c>identity</c> CLI: the patient's wallet file and talking to a server.</summary>
public static partial class ErrorCodes
{
    /// <summary>There is no wallet file at the path given (run <c>identity wallet init</c>).</summary>
    public const string WalletNotFound = "walletNotFound";

    /// <summary><c>wallet init</c> would overwrite an existing wallet file.</summary>
    public const string WalletExists = "walletExists";

    /// <summary>The passphrase does not open this wallet.</summary>
    public const string WrongPassphrase = "wrongPassphrase";

    /// <summary>The wallet file is damaged: not a wallet, or its encrypted content fails authentication.</summary>
    public const string WalletCorrupted = "walletCorrupted";

    /// <summary>No passphrase: <c>IDENTITY_WALLET_PASSPHRASE</c> is unset and there is no terminal to prompt on.</summary>
    public const string PassphraseRequired = "passphraseRequired";

    /// <summary>A new wallet's passphrase is too easy to guess (fewer than 12 characters, too few different ones, or a common password).</summary>
    public const string WeakPassphrase = "weakPassphrase";

    /// <summary>A command that talks to the service was given no address: neither <c>--server</c> nor <c>IDENTITY_SERVER</c>.</summary>
    public const string ServerRequired = "serverRequired";

    /// <summary>A credential offered to the wallet is not addressed to (has no subject id equal to) one of its DIDs.</summary>
    public const string CredentialNotForWallet = "credentialNotForWallet";

    /// <summary>The server could not be reached, or answered with something that is not the service's JSON.</summary>
    public const string ServerUnreachable = "serverUnreachable";
}
