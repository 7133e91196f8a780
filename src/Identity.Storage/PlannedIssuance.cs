using Identity.Primitives;

namespace Identity.Storage;

/// <summary>A credential signed on status entries reserved from a snapshot, waiting to be stored (see <see cref="IssuanceFlow"/>).</summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="CredentialId">The credential's id in the tenant.</param>
/// <param name="Allocation">The entries the document was signed on.</param>
/// <param name="Document">The signed document.</param>
/// <param name="Audit">The audit entry committed with it.</param>
/// <param name="SubjectTag">The tenant's pseudonym of the subject, or null.</param>
public sealed record PlannedIssuance(
    string TenantId, string CredentialId, StatusAllocation Allocation, string Document, AuditEntry Audit, string? SubjectTag);

/// <summary>
/// The issuance policy every store follows, written once: <b>reserve</b> status entries from a read snapshot (no lock
/// held), <b>sign</b> on them, <b>insert</b> in a write transaction that checks the entries are still free and stores
/// nothing otherwise; when no entry could be reserved that way (a list must be opened, is too full for random draws, or
/// an entry was taken meanwhile), the store's <b>locked</b> path allocates and signs inside one transaction. The
/// document stored is always the one signed on the entries stored with it; every success is committed before it returns.
/// </summary>
/// <remarks><threadsafety>Stateless; safe to call from any thread.</threadsafety></remarks>
public static class IssuanceFlow
{
    /// <summary>Runs the policy.</summary>
    /// <param name="reserve">Refuses (an unknown tenant, a taken id) or returns entries that were free in a snapshot;
    /// null when the locked path must decide.</param>
    /// <param name="sign">The caller's signer.</param>
    /// <param name="store">Stores the signed credential when its entries are still free; null (nothing written) when not.</param>
    /// <param name="issueLocked">Allocates, signs and stores in one transaction.</param>
    /// <param name="cancellationToken">Cancels the steps before the store's commit.</param>
    /// <exception cref="ArgumentNullException">A delegate is null.</exception>
    public static async Task<Result<CredentialRecord>> RunAsync(
        Func<CancellationToken, Task<Result<StatusAllocation?>>> reserve,
        Func<StatusAllocation, Result<string>> sign,
        Func<StatusAllocation, string, CancellationToken, Task<Result<CredentialRecord?>>> store,
        Func<CancellationToken, Task<Result<CredentialRecord>>> issueLocked,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reserve);
        ArgumentNullException.ThrowIfNull(sign);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(issueLocked);

        var reserved = await reserve(cancellationToken).ConfigureAwait(false);
        if (!reserved.IsSuccess)
        {
            return reserved.Error;
        }

        if (reserved.Value is { } allocation)
        {
            var signed = sign(allocation);
            if (!signed.IsSuccess)
            {
                return signed.Error;
            }

            var stored = await store(allocation, signed.Value, cancellationToken).ConfigureAwait(false);
            if (!stored.IsSuccess)
            {
                return stored.Error;
            }

            if (stored.Value is { } record)
            {
                return record;
            }
        }

        return await issueLocked(cancellationToken).ConfigureAwait(false);
    }
}
