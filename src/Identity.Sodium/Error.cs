namespace Identity.Sodium;

/// <summary>
/// The single source of exceptions for programming errors and infrastructure failures in this assembly
/// (NSec's <c>Error</c> pattern), so that messages stay consistent and call sites stay one line.
/// </summary>
/// <remarks>Messages never contain key material, passwords or other secret bytes.</remarks>
internal static class Error
{
    internal static ArgumentException Argument_Length(string paramName, int expected, int actual)
    {
        return new ArgumentException($"Expected exactly {expected} bytes, got {actual}.", paramName);
    }

    internal static ArgumentOutOfRangeException ArgumentOutOfRange_Limit(string paramName, long value, long min, long max)
    {
        return new ArgumentOutOfRangeException(paramName, value, $"Must be between {min} and {max}.");
    }

    internal static ArgumentException Argument_PasswordTooLong(string paramName)
    {
        return new ArgumentException("The password is longer than libsodium accepts.", paramName);
    }

    internal static OutOfMemoryException OutOfMemory_SecureMemory(int length)
    {
        return new OutOfMemoryException($"sodium_malloc could not allocate {length} bytes of secure memory.");
    }

    internal static OutOfMemoryException OutOfMemory_Argon2id(long memLimitBytes)
    {
        return new OutOfMemoryException($"Argon2id could not allocate its {memLimitBytes}-byte working memory.");
    }

    internal static SodiumUnavailableException Unavailable_VersionTooOld(string version, int major, int minor)
    {
        return new SodiumUnavailableException(
            $"libsodium {version} (library version {major}.{minor}) is too old; 1.0.18 or later is required. " +
            "Upgrade it with your OS package manager.");
    }

    internal static SodiumUnavailableException Unavailable_MissingFunction(EntryPointNotFoundException innerException)
    {
        return new SodiumUnavailableException(
            "The loaded libsodium lacks a required function; 1.0.18 or later is required.", innerException);
    }

    internal static SodiumUnavailableException Unavailable_InitFailed()
    {
        return new SodiumUnavailableException("sodium_init failed; libsodium could not initialise (no entropy source?).");
    }
}
