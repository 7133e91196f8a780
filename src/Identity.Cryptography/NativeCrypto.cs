namespace Identity.Cryptography;

/// <summary>Facts about the native cryptography library in use, for start-up logs and deployment checks.</summary>
/// <remarks><threadsafety>Stateless; safe from any thread.</threadsafety></remarks>
public static class NativeCrypto
{
    /// <summary>
    /// The version of the libsodium that NSec and this assembly use (the copy the <c>libsodium</c> NuGet package ships
    /// next to the application). Reading it loads the library, so a host calls it at start-up to fail fast.
    /// </summary>
    /// <exception cref="TypeInitializationException">
    /// The application was deployed without its native libsodium (the inner exception is a <see cref="DllNotFoundException"/>).
    /// </exception>
    public static string LibsodiumVersion => Interop.Libsodium.Version();
}
