using System.Collections.Concurrent;
using Identity.Storage;
using Identity.Storage.Postgres;
using Identity.Storage.Sqlite;
using Identity.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// The service in-process on its real SQLite store in a temporary data directory (or, through <see cref="CreateAsync"/>,
/// on a fresh PostgreSQL database), with fixed secrets, an optional fake clock, and every log line captured (so tests
/// can prove secrets never reach the log).
/// </summary>
public sealed class IdentityServerFactory : WebApplicationFactory<Program>
{
    // A fixed key with 192 bits of randomness (openssl rand -base64 24): weak keys stop the start.
    public const string AdminKey = "pKha08QR2QaaweVv29nhc8q5Fn2ExoKC";
    public static readonly string MasterKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private readonly Dictionary<string, string?> _settings;
    private readonly FakeTimeProvider? _clock;

    public IdentityServerFactory(Action<Dictionary<string, string?>>? configure = null, FakeTimeProvider? clock = null)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "identity-it-" + Guid.NewGuid().ToString("N"));
        _settings = new Dictionary<string, string?>
        {
            ["IDENTITY_DATA_DIR"] = DataDirectory,
            ["IDENTITY_ADMIN_KEY"] = AdminKey,
            ["IDENTITY_MASTER_KEY"] = MasterKey,
            ["IDENTITY_PUBLIC_URL"] = "http://localhost",
            ["IDENTITY_VERIFY_RATE_LIMIT"] = "0",
        };
        configure?.Invoke(_settings);
        _clock = clock;
    }

    /// <summary>
    /// A factory on <paramref name="store"/>: for <see cref="Store.Postgres"/>, a fresh database on the assembly's shared
    /// throwaway cluster (which fails the test, never skips it, when PostgreSQL is missing). The host checks at start
    /// that the store it resolved is the one asked for.
    /// </summary>
    public static async Task<IdentityServerFactory> CreateAsync(
        Store store, Action<Dictionary<string, string?>>? configure = null, FakeTimeProvider? clock = null)
    {
        string? database = store == Store.Postgres ? await Replicas.NewDatabaseAsync() : null;
        return new IdentityServerFactory(
            settings =>
            {
                if (database is not null)
                {
                    settings["IDENTITY_STORAGE"] = "postgres";
                    settings["IDENTITY_POSTGRES"] = database;
                }

                configure?.Invoke(settings);
            },
            clock)
        {
            RunsOn = store,
        };
    }

    /// <summary>The store this factory's server is meant to run on (checked when the host starts).</summary>
    public Store? RunsOn { get; private init; }

    public string DataDirectory { get; }

    /// <summary>The data directory the service runs on (the configured one when a test overrides it).</summary>
    public string DataDirectoryFromSettings => _settings["IDENTITY_DATA_DIR"] ?? DataDirectory;

    public ConcurrentQueue<string> Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(Logs)));
        builder.ConfigureServices(services =>
        {
            if (_clock is not null)
            {
                services.AddSingleton<TimeProvider>(_clock);
            }
        });
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        if (RunsOn is { } expected)
        {
            // A test that asks for PostgreSQL must not pass on SQLite by accident (a setting lost on the way).
            var store = host.Services.GetRequiredService<IIdentityStore>();
            Assert.IsTrue(
                expected == Store.Postgres ? store is PostgresIdentityStore : store is SqliteIdentityStore,
                $"The server was meant to run on {expected} but resolved {store.GetType().Name}.");
        }

        return host;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            if (DataDirectoryFromSettings == DataDirectory)
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(sink, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> sink, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                sink.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
