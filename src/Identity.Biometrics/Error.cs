namespace Identity.Biometrics;

/// <summary>
/// The single source of exceptions for programming errors in this assembly (NSec's <c>Error</c> pattern).
/// </summary>
/// <remarks>Messages never contain template bits, keys or helper data: only sizes, counts and parameter names.</remarks>
internal static class Error
{
    internal static ArgumentException Argument_Length(string paramName, int expected, int actual)
    {
        return new ArgumentException($"Expected exactly {expected} bytes, got {actual}.", paramName);
    }

    internal static ArgumentException Argument_PaddingBitsSet(string paramName, int usedBits)
    {
        return new ArgumentException($"Only the low {usedBits} bits may be set; the padding bits of the last byte must be zero.", paramName);
    }

    internal static ArgumentOutOfRangeException ArgumentOutOfRange_Range(string paramName, long value, long min, long max)
    {
        return new ArgumentOutOfRangeException(paramName, value, $"Must be between {min} and {max}.");
    }

    internal static ArgumentException Argument_NotPrimitive(string paramName, int m)
    {
        return new ArgumentException($"The polynomial is not primitive of degree {m}.", paramName);
    }

    internal static OutOfMemoryException OutOfMemory_Argon2id(long memLimitBytes)
    {
        return new OutOfMemoryException($"Argon2id could not allocate its {memLimitBytes}-byte working memory.");
    }
}
