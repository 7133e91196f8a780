namespace Identity.Sodium;

/// <summary>
/// The native libsodium library could not be loaded or initialised: it is not installed, it is older than
/// 1.0.18, or <c>sodium_init</c> failed. This is an infrastructure failure, not a programming error.
/// </summary>
/// <remarks>
/// The default message names the OS packages that provide libsodium.
/// <threadsafety>Instances are not meant to be shared; the type has no static state.</threadsafety>
/// </remarks>
public sealed class SodiumUnavailableException : Exception
{
    /// <summary>The message used when the library file cannot be found.</summary>
    internal const string MissingLibraryMessage =
        "libsodium was not found. Install it with your OS package manager " +
        "(Debian/Ubuntu: apt-get install libsodium23; Fedora: dnf install libsodium; macOS: brew install libsodium).";

    /// <summary>Creates an exception with <see cref="MissingLibraryMessage"/>.</summary>
    public SodiumUnavailableException()
        : base(MissingLibraryMessage)
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    public SodiumUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause (e.g. a <see cref="DllNotFoundException"/>).</summary>
    public SodiumUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
