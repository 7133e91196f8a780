// References:
//   W3C Bitstring Status List v1.0, §6.1 (random index assignment for herd privacy) — https://www.w3.org/TR/vc-bitstring-status-list/
//   PostgreSQL 15 SELECT … FOR UPDATE under READ COMMITTED — https://www.postgresql.org/docs/15/transaction-iso.html#XACT-READ-COMMITTED

using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using Identity.Primitives;
using Npgsql;

namespace Identity.Storage.Postgres;

/// <summary>Status-list index allocation for issuance: the list with room, locked, and a random free index in it.</summary>
public sealed partial class PostgresIdentityStore
{
    /// <summary>
    /// Opens list number <c>n + 1</c> after the full (or missing) list <paramref name="newest"/> — or finds that another
    /// transaction just did — and locks the tenant's newest list again, until it has room. The lock is held until the
    /// caller's transaction ends.
    /// </summary>
    private static async Task<ListState> LockListWithRoomAsync(
        PostgresSession session, StatusColumns columns, string tenantId, ListState? newest, int listSize, DateTimeOffset at, CancellationToken cancellationToken)
    {
        while (newest is not { HasRoom: true })
        {
            long number = (newest?.Number ?? 0) + 1;
            string next = string.Create(CultureInfo.InvariantCulture, $"{columns.Purpose}-{number}");
            await session.ExecuteAsync(
                session.Command(InsertList)
                    .With("@tenant", tenantId).With("@list", next).With("@purpose", columns.Purpose)
                    .With("@number", number).With("@size", listSize).With("@at", at),
                cancellationToken).ConfigureAwait(false);

            newest = await LockNewestListAsync(session, columns, tenantId, cancellationToken).ConfigureAwait(false);
        }

        return newest;
    }

    private static async Task<ListState?> LockNewestListAsync(PostgresSession session, StatusColumns columns, string tenantId, CancellationToken cancellationToken)
    {
        await using var command = session.Command(LockNewestList).With("@tenant", tenantId).With("@purpose", columns.Purpose);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ReadListStateAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Picks a free index in each locked list and counts both allocations: one round trip when both lists are empty or
    /// at most three quarters full and the first random candidates are free, which is almost always.
    /// </summary>
    private static async Task<(int Revocation, int Suspension)> AllocateBothAsync(
        PostgresSession session, string tenantId, ListState revocation, ListState suspension, CancellationToken cancellationToken)
    {
        int? revocationIndex = FirstCandidate(revocation), suspensionIndex = FirstCandidate(suspension);
        bool probeRevocation = revocationIndex is not null && revocation.Allocated > 0;
        bool probeSuspension = suspensionIndex is not null && suspension.Allocated > 0;
        await using (var batch = session.Batch())
        {
            if (probeRevocation)
            {
                batch.BatchCommands.Add(BatchCommand(StatusColumns.Revocation.IndexUsed, ("@tenant", tenantId), ("@list", revocation.ListId), ("@index", revocationIndex!.Value)));
            }

            if (probeSuspension)
            {
                batch.BatchCommands.Add(BatchCommand(StatusColumns.Suspension.IndexUsed, ("@tenant", tenantId), ("@list", suspension.ListId), ("@index", suspensionIndex!.Value)));
            }

            batch.BatchCommands.Add(BatchCommand(CountAllocation, ("@tenant", tenantId), ("@list", revocation.ListId)));
            batch.BatchCommands.Add(BatchCommand(CountAllocation, ("@tenant", tenantId), ("@list", suspension.ListId)));
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (probeRevocation)
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                revocationIndex = reader.GetBoolean(0) ? null : revocationIndex;
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            }

            if (probeSuspension)
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                suspensionIndex = reader.GetBoolean(0) ? null : suspensionIndex;
            }
        }

        revocationIndex ??= await PickFreeIndexAsync(session, StatusColumns.Revocation, tenantId, revocation, cancellationToken).ConfigureAwait(false);
        suspensionIndex ??= await PickFreeIndexAsync(session, StatusColumns.Suspension, tenantId, suspension, cancellationToken).ConfigureAwait(false);
        return (revocationIndex.Value, suspensionIndex.Value);
    }

    /// <summary>A uniformly random index to try first, or null when the list is too full for random probing.</summary>
    private static int? FirstCandidate(ListState list) =>
        list.Allocated == 0 || StatusIndexPolicy.DrawsAtRandom(list.Size, list.Allocated)
            ? StatusIndexPolicy.Candidate(list.Size)
            : null;

    private static async Task<ListState?> ReadListStateAsync(NpgsqlDataReader reader, CancellationToken cancellationToken) =>
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new ListState(reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetInt32(3))
            : null;

    private static NpgsqlBatchCommand BatchCommand(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    /// <summary>The newest list of a purpose as locked: its id, number, size and how many indexes it has handed out.</summary>
    private sealed record ListState(string ListId, long Number, int Size, int Allocated)
    {
        public bool HasRoom => Allocated < Size;
    }

    /// <summary>The free index <see cref="StatusIndexPolicy"/> chooses. Invariant: the list has room, so a free index
    /// exists; the scan reads the used indexes in order and so always terminates.</summary>
    private static async Task<int> PickFreeIndexAsync(
        PostgresSession session, StatusColumns columns, string tenantId, ListState list, CancellationToken cancellationToken)
    {
        var (listId, size, allocated) = (list.ListId, list.Size, list.Allocated);
        if (allocated == 0)
        {
            return StatusIndexPolicy.Candidate(size);
        }

        bool probe = StatusIndexPolicy.DrawsAtRandom(size, allocated);
        for (int attempt = 0; probe && attempt < StatusIndexPolicy.RandomProbes; attempt++)
        {
            int candidate = StatusIndexPolicy.Candidate(size);
            var used = (bool)(await session.ScalarAsync(
                session.Command(columns.IndexUsed).With("@tenant", tenantId).With("@list", listId).With("@index", candidate), cancellationToken).ConfigureAwait(false))!;
            if (!used)
            {
                return candidate;
            }
        }

        int start = StatusIndexPolicy.Candidate(size);
        return await FirstFreeFromAsync(session, columns, tenantId, listId, start, size, cancellationToken).ConfigureAwait(false)
            ?? await FirstFreeFromAsync(session, columns, tenantId, listId, 0, start, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The status list '{listId}' has no free index although its allocation count says it has.");
    }

    /// <summary>The first index in [<paramref name="from"/>, <paramref name="to"/>) that no credential of the list uses.</summary>
    private static async Task<int?> FirstFreeFromAsync(
        PostgresSession session, StatusColumns columns, string tenantId, string listId, int from, int to, CancellationToken cancellationToken)
    {
        int candidate = from;
        await using var command = session.Command(columns.UsedFrom).With("@tenant", tenantId).With("@list", listId).With("@from", from);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (candidate < to && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            int used = reader.GetInt32(0);
            if (used > candidate)
            {
                break;
            }

            candidate = used + 1;
        }

        return candidate < to ? candidate : null;
    }
}
