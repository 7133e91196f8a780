using System.Diagnostics.CodeAnalysis;

namespace Identity.Primitives;

/// <summary>
/// The outcome of an operation that can fail in an expected way: either a value or an <see cref="Primitives.Error"/>.
/// </summary>
/// <remarks>
/// Invariant: exactly one of the value and <see cref="Error"/> is set (cf. Noda Time's <c>ParseResult</c>).
/// <threadsafety>Immutable when <typeparamref name="T"/> is; safe to share between threads.</threadsafety>
/// </remarks>
public readonly struct Result<T>
{
    private readonly T _value;

    private Result(T value, Error? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>True when this result holds a value.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <summary>The error, or null on success.</summary>
    public Error? Error { get; }

    /// <summary>The value.</summary>
    /// <exception cref="InvalidOperationException">The result is a failure.</exception>
    public T Value => IsSuccess ? _value : throw new InvalidOperationException($"Result is a failure ({Error.Code}); check IsSuccess first.");

    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> Failure(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new Result<T>(default!, error);
    }

    public static Result<T> Failure(string code, string detail) => Failure(new Error(code, detail));

    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(Error error) => Failure(error);

    /// <summary>Gets the value when this result is a success.</summary>
    public bool TryGetValue([MaybeNullWhen(false)] out T value)
    {
        value = _value;
        return IsSuccess;
    }

    public Result<TOut> Map<TOut>(Func<T, TOut> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return IsSuccess ? Result<TOut>.Success(map(_value)) : Result<TOut>.Failure(Error);
    }

    public Result<TOut> Bind<TOut>(Func<T, Result<TOut>> bind)
    {
        ArgumentNullException.ThrowIfNull(bind);
        return IsSuccess ? bind(_value) : Result<TOut>.Failure(Error);
    }

    public override string ToString() => IsSuccess ? $"Success({_value})" : $"Failure({Error})";
}
