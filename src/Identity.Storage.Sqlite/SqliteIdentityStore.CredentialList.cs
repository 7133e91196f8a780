namespace Identity.Storage.Sqlite;

/// <summary>The list of a tenant's credentials, newest first (the console shows it).</summary>
public sealed partial class SqliteIdentityStore
{
    private const string SelectCredentials = """
        SELECT credential_id, document, rev_list, rev_index, sus_list, sus_index, revoked, suspended, issued_at
        FROM credentials WHERE tenant_id = @tenant ORDER BY issued_at DESC, credential_id LIMIT @limit
        """;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="tenantId"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public Task<IReadOnlyList<CredentialRecord>> ListCredentialsAsync(string tenantId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync<IReadOnlyList<CredentialRecord>>(
            session =>
            {
                var list = new List<CredentialRecord>();
                using var reader = session.Command(SelectCredentials).With("@tenant", tenantId).With("@limit", limit).ExecuteReader();
                while (reader.Read())
                {
                    var status = new StatusAllocation(reader.GetString(2), reader.GetInt32(3), reader.GetString(4), reader.GetInt32(5));
                    list.Add(new CredentialRecord(
                        tenantId, reader.GetString(0), reader.GetString(1), status, reader.GetInt64(6) == 1, reader.GetInt64(7) == 1, reader.GetInstant(8)));
                }

                return list;
            },
            snapshot: false,
            cancellationToken);
    }
}
