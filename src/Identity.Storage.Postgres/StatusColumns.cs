namespace Identity.Storage.Postgres;

/// <summary>
/// The statements that differ only by which status columns of <c>credentials</c> they touch (<c>rev_*</c> or
/// <c>sus_*</c>). Column names cannot be parameters, so each purpose has its own constant text; values are always bound.
/// </summary>
internal sealed class StatusColumns
{
    internal static StatusColumns Revocation { get; } = new("revocation", "rev_list", "rev_index", "revoked");

    internal static StatusColumns Suspension { get; } = new("suspension", "sus_list", "sus_index", "suspended");

    private StatusColumns(string purpose, string list, string index, string flag)
    {
        Purpose = purpose;
        IndexUsed = $"SELECT EXISTS (SELECT 1 FROM credentials WHERE tenant_id = @tenant AND {list} = @list AND {index} = @index)";
        // The first of the given random candidates that is free in the tenant's newest list of the purpose, read without
        // a lock (a reservation: the insert's unique constraint has the last word). A scalar subquery per candidate, not
        // NOT EXISTS: the planner may turn that into an anti-join reading every entry of the list (O(list) per issuance).
        ReserveFree = $"""
            SELECT l.list_id, l.size, l.allocated,
                   (SELECT u.c FROM unnest(@candidates::integer[]) WITH ORDINALITY AS u (c, o)
                    WHERE u.c < l.size
                      AND (SELECT x.{index} FROM credentials x WHERE x.tenant_id = l.tenant_id AND x.{list} = l.list_id AND x.{index} = u.c) IS NULL
                    ORDER BY u.o LIMIT 1)
            FROM status_lists l WHERE l.tenant_id = @tenant AND l.purpose = '{purpose}' ORDER BY l.number DESC LIMIT 1
            """;
        UsedFrom = $"SELECT {index} FROM credentials WHERE tenant_id = @tenant AND {list} = @list AND {index} >= @from ORDER BY {index}";

        // FOR UPDATE: concurrent changes to one credential queue here, so each sees the bit the previous one left.
        SelectState = $"SELECT {list}, {index}, {flag} FROM credentials WHERE tenant_id = @tenant AND credential_id = @credential FOR UPDATE";
        UpdateFlag = $"UPDATE credentials SET {flag} = @value WHERE tenant_id = @tenant AND credential_id = @credential";
    }

    /// <summary>The <c>status_lists.purpose</c> value, also the list-id prefix (<c>revocation-1</c>).</summary>
    internal string Purpose { get; }

    internal string IndexUsed { get; }

    internal string UsedFrom { get; }

    internal string ReserveFree { get; }

    internal string SelectState { get; }

    internal string UpdateFlag { get; }

    internal static StatusColumns For(StatusPurpose purpose) => purpose switch
    {
        StatusPurpose.Revocation => Revocation,
        StatusPurpose.Suspension => Suspension,
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Unknown status purpose."),
    };
}
