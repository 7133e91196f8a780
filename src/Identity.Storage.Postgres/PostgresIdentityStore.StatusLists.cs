// References:
//   W3C Bitstring Status List v1.0 — https://www.w3.org/TR/vc-bitstring-status-list/
//   IETF OAuth Status List (Token Status List), draft-ietf-oauth-status-list — https://datatracker.ietf.org/doc/draft-ietf-oauth-status-list/

using System.Collections.Immutable;
using Npgsql;

namespace Identity.Storage.Postgres;

/// <summary>Reads of the status lists: a Bitstring Status List, and the same revocation state as a Token Status List.</summary>
public sealed partial class PostgresIdentityStore
{
    /// <inheritdoc />
    public Task<StatusListSnapshot?> GetStatusListAsync(string tenantId, string listId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(listId);
        return ReadAsync<StatusListSnapshot?>(
            async session =>
            {
                await using var command = session.Command(SelectList).With("@tenant", tenantId).With("@list", listId);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                var purpose = reader.GetString(0) == StatusColumns.Revocation.Purpose ? StatusPurpose.Revocation : StatusPurpose.Suspension;
                var indexes = reader.GetFieldValue<int[]>(5);
                return new StatusListSnapshot(
                    tenantId, listId, purpose, reader.GetInt32(1), reader.GetInt64(2), reader.GetInstant(3), reader.GetInstant(4),
                    ImmutableArray.Create(indexes));
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<TokenStatusListSnapshot?> GetTokenStatusListAsync(string tenantId, string listId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(listId);
        return ReadAsync<TokenStatusListSnapshot?>(
            async session =>
            {
                await using var command = session.Command(SelectTokenStatusList).With("@tenant", tenantId).With("@list", listId);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                return new TokenStatusListSnapshot(
                    tenantId, listId, reader.GetInt32(0), ImmutableArray.Create(reader.GetFieldValue<int[]>(1)), ImmutableArray.Create(reader.GetFieldValue<int[]>(2)));
            },
            cancellationToken);
    }
}
