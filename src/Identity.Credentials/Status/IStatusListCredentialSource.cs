// References: W3C Bitstring Status List v1.0, W3C Recommendation 15 May 2025, §3.2 Validate Algorithm
//   ("Dereference the statusListCredential URL"), https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Credentials.Status;

/// <summary>
/// Dereferences a <c>statusListCredential</c> URL to the status list credential it names, as JSON. The host supplies
/// it: an HTTPS fetcher, a shortcut to its own tenants' lists, or a fake in tests.
/// </summary>
/// <remarks>
/// The source only retrieves; <see cref="BitstringStatusListChecker"/> verifies everything it returns, so a source
/// need not be trusted. Return expected failures (not found, a non-JSON body, a timeout) as an error value; the checker
/// reports them as <c>statusListUnavailable</c>. An exception escapes the status check unchanged.
/// <threadsafety>Implementations must be safe to call concurrently.</threadsafety>
/// </remarks>
public interface IStatusListCredentialSource
{
    /// <summary>Retrieves the status list credential at <paramref name="url"/>.</summary>
    /// <returns>The credential as a JSON object, or why it could not be retrieved.</returns>
    ValueTask<Result<JsonObject>> GetAsync(Uri url, CancellationToken ct);
}
