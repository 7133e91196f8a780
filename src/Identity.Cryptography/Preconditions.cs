namespace Identity.Cryptography;

/// <summary>
/// The one place that builds the exceptions for programming errors (a null argument, a key of the wrong type, a
/// disposed key), in the spirit of NSec's <c>Error</c> and Noda Time's <c>Preconditions</c>. Expected failures never
/// come through here: they are <see cref="Identity.Primitives.Result{T}"/> values.
/// </summary>
internal static class Preconditions
{
    public static TKey CheckKey<TKey>(PrivateKey key, KeyType expected, string paramName)
        where TKey : PrivateKey
    {
        ArgumentNullException.ThrowIfNull(key, paramName);
        if (key is not TKey typed || key.KeyType != expected)
        {
            throw new ArgumentException($"The key is a {key.KeyType} key; this operation needs a {expected} key.", paramName);
        }

        ObjectDisposedException.ThrowIf(typed.IsDisposed, typed);
        return typed;
    }

    public static void CheckKeyType(PublicKey key, KeyType expected, string paramName)
    {
        ArgumentNullException.ThrowIfNull(key, paramName);
        if (key.KeyType != expected)
        {
            throw new ArgumentException($"The key is a {key.KeyType} key; this operation needs a {expected} key.", paramName);
        }
    }

    public static void CheckLength(ReadOnlySpan<byte> value, int expected, string paramName)
    {
        if (value.Length != expected)
        {
            throw new ArgumentException($"Expected {expected} bytes, got {value.Length}.", paramName);
        }
    }
}
