using Npgsql;

namespace Identity.Storage.Postgres;

/// <summary>Parameter binding and value conversions shared by the store's statements.</summary>
/// <remarks>
/// Invariant: every instant is stored as <see cref="DateTimeOffset.UtcTicks"/> (<c>bigint</c>, 100 ns resolution) and
/// read back with offset zero, so it round-trips exactly and compares in SQL as a number.
/// </remarks>
internal static class PostgresCommandExtensions
{
    /// <summary>Binds a named parameter (null becomes SQL NULL) and returns the command for chaining.</summary>
    internal static NpgsqlCommand With(this NpgsqlCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    internal static NpgsqlCommand With(this NpgsqlCommand command, string name, DateTimeOffset value) =>
        command.With(name, value.UtcTicks);

    internal static NpgsqlCommand With(this NpgsqlCommand command, string name, DateTimeOffset? value) =>
        command.With(name, value is { } v ? v.UtcTicks : null);

    internal static DateTimeOffset GetInstant(this NpgsqlDataReader reader, int ordinal) =>
        new(reader.GetInt64(ordinal), TimeSpan.Zero);

    internal static DateTimeOffset? GetNullableInstant(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInstant(ordinal);

    internal static string? GetNullableString(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    internal static byte[] GetBytes(this NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<byte[]>(ordinal);

    internal static DateTimeOffset Utc(this DateTimeOffset value) => value.ToOffset(TimeSpan.Zero);

    internal static DateTimeOffset? Utc(this DateTimeOffset? value) => value?.ToOffset(TimeSpan.Zero);

    /// <summary>True for a unique-constraint violation on <paramref name="constraint"/>.</summary>
    internal static bool IsUniqueViolation(this PostgresException exception, string constraint) =>
        exception.SqlState == PostgresErrorCodes.UniqueViolation && exception.ConstraintName == constraint;
}
