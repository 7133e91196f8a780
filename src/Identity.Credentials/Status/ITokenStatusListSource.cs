// References: IETF draft-ietf-oauth-status-list (Token Status List), §8.1 Status List Request (Accept:
//   application/statuslist+jwt), https://datatracker.ietf.org/doc/draft-ietf-oauth-status-list/
using Identity.Primitives;

namespace Identity.Credentials.Status;

/// <summary>Retrieves a Status List Token (the compact JWT text) by its URI. The host supplies it: a guarded HTTPS fetcher, or a fake in tests.</summary>
/// <remarks>
/// The source only retrieves; <see cref="TokenStatusListChecker"/> verifies everything it returns, so a source need not
/// be trusted. Expected failures are error values, reported as <c>statusListUnavailable</c>.
/// <threadsafety>Implementations must be safe to call concurrently.</threadsafety>
/// </remarks>
public interface ITokenStatusListSource
{
    /// <summary>Retrieves the Status List Token at <paramref name="uri"/>.</summary>
    ValueTask<Result<string>> GetAsync(Uri uri, CancellationToken cancellationToken);
}
