namespace Identity.Testing;

/// <summary>A settable clock for tests (Microsoft.Extensions.TimeProvider.Testing is not served here).</summary>
/// <remarks>Mutable by design; not for concurrent mutation.</remarks>
public sealed class FakeTimeProvider(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Set(DateTimeOffset now) => _now = now;

    public void Advance(TimeSpan by) => _now += by;
}
