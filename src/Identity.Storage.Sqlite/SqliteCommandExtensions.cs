using Microsoft.Data.Sqlite;

namespace Identity.Storage.Sqlite;

/// <summary>Parameter binding and value conversions shared by the store's statements.</summary>
/// <remarks>
/// Invariant: every instant is stored as <see cref="DateTimeOffset.UtcTicks"/> (INTEGER, 100 ns resolution) and read back
/// with offset zero, so it round-trips exactly and compares in SQL as a number.
/// </remarks>
internal static class SqliteCommandExtensions
{
    /// <summary>Binds a named parameter (null becomes SQL NULL) and returns the command for chaining.</summary>
    internal static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    internal static SqliteCommand With(this SqliteCommand command, string name, DateTimeOffset value) =>
        command.With(name, value.UtcTicks);

    internal static SqliteCommand With(this SqliteCommand command, string name, DateTimeOffset? value) =>
        command.With(name, value is { } v ? v.UtcTicks : null);

    internal static DateTimeOffset GetInstant(this SqliteDataReader reader, int ordinal) =>
        new(reader.GetInt64(ordinal), TimeSpan.Zero);

    internal static DateTimeOffset? GetNullableInstant(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInstant(ordinal);

    internal static string? GetNullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    internal static byte[] GetBytes(this SqliteDataReader reader, int ordinal) => (byte[])reader.GetValue(ordinal);

    internal static DateTimeOffset Utc(this DateTimeOffset value) => value.ToOffset(TimeSpan.Zero);

    internal static DateTimeOffset? Utc(this DateTimeOffset? value) => value?.ToOffset(TimeSpan.Zero);
}
