// References:
//   PostgreSQL 15 initdb — https://www.postgresql.org/docs/15/app-initdb.html
//   PostgreSQL 15 pg_ctl — https://www.postgresql.org/docs/15/app-pg-ctl.html
//   PostgreSQL 15 DROP DATABASE … WITH (FORCE) — https://www.postgresql.org/docs/15/sql-dropdatabase.html

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Npgsql;

namespace Identity.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster for tests: <c>initdb</c> into a temporary directory, <c>pg_ctl start</c> on
/// 127.0.0.1 and a free port (TCP only, trust authentication, no Unix socket), one per test process
/// (<see cref="SharedAsync"/>), with a fresh database per test class or test (<see cref="CreateDatabaseAsync"/>).
/// </summary>
/// <remarks>
/// <para>The server binaries come from <c>$IDENTITY_PG_BIN</c>, else the newest <c>/usr/lib/postgresql/*/bin</c>, else
/// <c>PATH</c>. initdb refuses to run as root, so as root every server command runs as the <c>postgres</c> user through
/// <c>runuser -u postgres --</c>.</para>
/// <para>When PostgreSQL cannot be started, <see cref="SharedAsync"/> fails the calling test with a message saying how
/// to install it: a suite that needs PostgreSQL never passes without it.</para>
/// <para>The cluster is stopped and its directory removed by <see cref="DisposeSharedAsync"/> (call it from
/// <c>[AssemblyCleanup]</c>) or at process exit; clusters left behind by a killed test process are removed by the next
/// start.</para>
/// <threadsafety>Thread-safe.</threadsafety>
/// </remarks>
public sealed class PostgresCluster : IAsyncDisposable
{
    /// <summary>The environment variable naming a directory with <c>initdb</c> and <c>pg_ctl</c>.</summary>
    public const string BinariesVariable = "IDENTITY_PG_BIN";

    private const string DirectoryPrefix = "identity-pg-";
    private const string OwnerFile = "owner.pid";

    private static readonly Lock s_lock = new();
    private static Task<PostgresCluster>? s_shared;

    private readonly string _binaries;
    private readonly string _root;
    private readonly bool _asPostgresUser;
    private int _disposed;

    private PostgresCluster(string binaries, string root, bool asPostgresUser, int port)
    {
        _binaries = binaries;
        _root = root;
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    /// <summary>The TCP port the server listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The cluster's data directory.</summary>
    public string DataDirectory => Path.Combine(_root, "data");

    /// <summary>The server's log file (read it when a test fails mysteriously).</summary>
    public string LogFile => Path.Combine(_root, "data", "server.log");

    /// <summary>The process's shared cluster, started on first use.</summary>
    /// <exception cref="AssertFailedException">PostgreSQL is not installed or could not start; the message says how to fix it.</exception>
    public static Task<PostgresCluster> SharedAsync()
    {
        lock (s_lock)
        {
            if (s_shared is null)
            {
                s_shared = Task.Run(StartAsync);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeSharedAsync().AsTask().GetAwaiter().GetResult();
            }

            return s_shared;
        }
    }

    /// <summary>Stops and removes the shared cluster, if one was started.</summary>
    public static async ValueTask DisposeSharedAsync()
    {
        Task<PostgresCluster>? shared;
        lock (s_lock)
        {
            shared = s_shared;
        }

        if (shared is { IsCompletedSuccessfully: true })
        {
            await shared.Result.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A connection string for <paramref name="database"/> as the superuser <c>postgres</c>.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
    }.ConnectionString;

    /// <summary>The libpq URI form of an Npgsql connection string on the cluster (<c>pg_dump</c> does not read Npgsql's).</summary>
    public static string LibpqUri(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";
    }

    /// <summary>Creates an empty database with a fresh name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        string name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        await AdminAsync($"CREATE DATABASE \"{name}\"").ConfigureAwait(false);
        return ConnectionString(name);
    }

    /// <summary>Drops the database of <paramref name="connectionString"/>, disconnecting any session still on it.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        string name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await AdminAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a client tool of the cluster's installation (<c>pg_dump</c>, <c>pg_restore</c>, <c>psql</c>) as the current
    /// user; the caller passes the connection options. Returns the exit code and the combined output.
    /// </summary>
    public Task<(int ExitCode, string Output)> RunClientToolAsync(string tool, params string[] arguments) =>
        RunAsync(_binaries, asPostgresUser: false, tool, arguments);

    /// <summary>Stops the server (immediate mode) and deletes the cluster directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await RunAsync(_binaries, _asPostgresUser, "pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop").ConfigureAwait(false);
        TryDelete(_root);
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static async Task<PostgresCluster> StartAsync()
    {
        string binaries = FindBinaries()
            ?? Fail<string>("PostgreSQL server binaries (initdb, pg_ctl) were not found in $" + BinariesVariable + ", /usr/lib/postgresql/*/bin or PATH.");
        bool asPostgresUser = Environment.IsPrivilegedProcess;
        RemoveOrphans(binaries, asPostgresUser);

        string? lastError = null;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            string root = Path.Combine(Path.GetTempPath(), DirectoryPrefix + Guid.NewGuid().ToString("N"));
            var cluster = new PostgresCluster(binaries, root, asPostgresUser, FreePort());
            lastError = await cluster.InitializeAndStartAsync().ConfigureAwait(false);
            if (lastError is null)
            {
                return cluster;
            }

            await cluster.DisposeAsync().ConfigureAwait(false);
        }

        return Fail<PostgresCluster>("PostgreSQL could not start: " + lastError);
    }

    /// <summary>initdb, the settings, and pg_ctl start; null on success, else what went wrong.</summary>
    private async Task<string?> InitializeAndStartAsync()
    {
        Directory.CreateDirectory(_root);
        File.WriteAllText(Path.Combine(_root, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        if (_asPostgresUser && !OperatingSystem.IsWindows())
        {
            // initdb (as postgres) creates data/ itself, so it needs to write the directory above it.
            File.SetUnixFileMode(_root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute);
        }

        var init = await RunAsync(_binaries, _asPostgresUser, "initdb", "-D", DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync")
            .ConfigureAwait(false);
        if (init.ExitCode != 0)
        {
            return $"initdb exited with {init.ExitCode}: {init.Output}";
        }

        File.AppendAllText(Path.Combine(DataDirectory, "postgresql.conf"), string.Create(CultureInfo.InvariantCulture, $"""

            # identity test cluster
            listen_addresses = '127.0.0.1'
            port = {Port}
            unix_socket_directories = ''
            max_connections = 300
            shared_buffers = 64MB
            # Throwaway: tests kill service processes, never this server, so skipping fsync loses nothing they check,
            # and it makes CREATE/DROP DATABASE (a checkpoint each) fast. Benchmarks use a durable cluster instead.
            fsync = off
            full_page_writes = off
            """));

        var start = await RunAsync(_binaries, _asPostgresUser, "pg_ctl", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "start").ConfigureAwait(false);
        if (start.ExitCode != 0)
        {
            string log = File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";
            return $"pg_ctl start exited with {start.ExitCode}: {start.Output}\n{log}";
        }

        return null;
    }

    private static string? FindBinaries()
    {
        static bool Has(string? directory) => directory is not null && File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));

        string? configured = Environment.GetEnvironmentVariable(BinariesVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Has(configured) ? configured : null;
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var newest = Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Directory: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : 0))
                .Where(d => Has(d.Directory))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Directory)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).FirstOrDefault(Has);
    }

    /// <summary>Stops and removes clusters whose test process is gone (killed before it could clean up).</summary>
    private static void RemoveOrphans(string binaries, bool asPostgresUser)
    {
        foreach (string directory in Directory.GetDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            string owner = Path.Combine(directory, OwnerFile);
            if (!File.Exists(owner) || !int.TryParse(File.ReadAllText(owner), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || IsAlive(pid))
            {
                continue;
            }

            if (File.Exists(Path.Combine(directory, "data", "postmaster.pid")))
            {
                RunAsync(binaries, asPostgresUser, "pg_ctl", "-D", Path.Combine(directory, "data"), "-m", "immediate", "-w", "stop").GetAwaiter().GetResult();
            }

            TryDelete(directory);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string binaries, bool asPostgresUser, string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(asPostgresUser ? "runuser" : Path.Combine(binaries, tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgresUser)
        {
            foreach (string argument in new[] { "-u", "postgres", "--", Path.Combine(binaries, tool) })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().ConfigureAwait(false);
            return (process.ExitCode, (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false)));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"could not run {start.FileName}: {e.Message}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static T Fail<T>(string problem)
    {
        Assert.Fail(
            problem + " These tests need a real PostgreSQL server (15 or newer). Install it with " +
            "`sudo apt-get install postgresql` (Debian/Ubuntu; .ci/run does this), or point " + BinariesVariable +
            " at a directory holding initdb and pg_ctl.");
        return default!;
    }
}
