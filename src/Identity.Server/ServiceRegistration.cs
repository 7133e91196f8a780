using Identity.Credentials.Contexts;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Schemas;
using Identity.Credentials.Status;
using Identity.Credentials.Verification;
using Identity.DidMethods.Jwk;
using Identity.DidMethods.Key;
using Identity.DidMethods.Pkh;
using Identity.DidMethods.Web;
using Identity.Dids;
using Identity.JsonLd;
using Identity.Server.Audit;
using Identity.Server.Challenges;
using Identity.Server.Configuration;
using Identity.Server.Credentials;
using Identity.Server.Dids;
using Identity.Server.Endpoints;
using Identity.Server.Health;
using Identity.Server.Http;
using Identity.Server.OpenId4Vc.Issuance;
using Identity.Server.Patients;
using Identity.Server.Security;
using Identity.Server.Status;
using Identity.Server.Tenants;
using Identity.Server.TransparencyLog;
using Identity.Storage;
using Identity.Storage.Postgres;
using Identity.Storage.Sqlite;

namespace Identity.Server;

/// <summary>The service's composition root: every service registered once, resolved from settings at first use.</summary>
internal static class ServiceRegistration
{
    public static IWebHostBuilder UseDefaultUrlUnlessConfigured(this IWebHostBuilder host, IConfiguration configuration)
    {
        var configured = configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? configuration["HTTP_PORTS"] ?? configuration["ASPNETCORE_HTTP_PORTS"]
            ?? configuration["HTTPS_PORTS"] ?? configuration["ASPNETCORE_HTTPS_PORTS"];
        return string.IsNullOrWhiteSpace(configured) && !configuration.GetSection("Kestrel:Endpoints").Exists()
            ? host.UseUrls(ServerSettings.DefaultUrl)
            : host;
    }

    public static IServiceCollection AddIdentityServer(this IServiceCollection services)
    {
        services.AddSingleton(sp => ServerSettings.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IIdentityStore>(sp =>
        {
            var settings = sp.GetRequiredService<ServerSettings>();
            if (settings.Storage == StorageKind.Postgres)
            {
                return OpenPostgres(settings);
            }

            PrepareDataDirectory(sp, settings);
            return new SqliteIdentityStore(new SqliteStoreOptions
            {
                DatabasePath = settings.DatabasePath, GroupCommitMaxBatch = settings.GroupCommitMaxBatch, GroupCommitMaxWait = settings.GroupCommitMaxWait,
            });
        });

        // Secrets: from settings, or from files created on first start (mode 0600).
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<ServerSettings>();
            PrepareDataDirectory(sp, settings);
            var text = SecretFiles.LoadOrCreate(settings.DataDirectory, "master.key", settings.MasterKey, 32, sp.GetRequiredService<ILogger<KeyWrapper>>(), "IDENTITY_MASTER_KEY");
            return new KeyWrapper(KeyWrapper.DecodeMasterKey(text));
        });
        // Tenant signing keys: wrapped by the master key, or in a PKCS#11 token (IDENTITY_KEY_STORE).
        services.AddSingleton(sp => KeyStoreSettings.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => TenantKeyStore.Open(sp.GetRequiredService<KeyStoreSettings>(), sp.GetRequiredService<KeyWrapper>()));
        services.AddSingleton<IDataKeyWrapper>(sp => sp.GetRequiredService<KeyWrapper>());
        services.AddSingleton<TenantSecrets>();
        services.AddSingleton<RecordCipher>();
        services.AddSingleton<SubjectPseudonyms>();
        services.AddSingleton<PatientErasureService>();
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<ServerSettings>();
            PrepareDataDirectory(sp, settings);
            return AdminKey.Load(settings, sp.GetRequiredService<ILogger<AdminKey>>());
        });

        services.AddSingleton<PublicUrl>();
        services.AddSingleton<TlsCertificates>();
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<TenantService>();
        services.AddSingleton<Authenticator>();
        services.AddSingleton<JsonBody>();
        services.AddSingleton<StatusUrls>();
        services.AddSingleton<StatusListService>();
        services.AddSingleton<IssuanceService>();
        services.AddSingleton<VerificationService>();
        services.AddSingleton<OpenId4Vc.Presentation.RequestSigningKeys>();
        services.AddSingleton<OpenId4Vc.Presentation.PresentationRequestService>();
        services.AddSingleton<OpenId4Vc.Presentation.PresentationResponseHandler>();
        services.AddSingleton<ChallengeService>();
        services.AddSingleton<IChallengeLedger, StoreChallengeLedger>();
        services.AddSingleton<Biometrics.BiometricWork>();
        services.AddSingleton<Biometrics.BiometricProtectors>();
        services.AddSingleton<Biometrics.BiometricMatcher>();
        services.AddSingleton<Biometrics.EnrollmentService>();
        services.AddSingleton(sp => LogKey.Load(
            sp.GetRequiredService<ServerSettings>(), sp.GetRequiredService<KeyWrapper>(), sp.GetRequiredService<TenantKeyStore>(),
            sp.GetRequiredService<PublicUrl>(), sp.GetRequiredService<ILogger<LogKey>>()));
        services.AddSingleton<LogService>();
        services.AddSingleton<AuditWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditWriter>());
        services.AddHostedService<Bootstrap>();
        services.AddSingleton<Challenges.ExpiredStateSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<Challenges.ExpiredStateSweeper>());

        // DID methods: did:key, did:jwk, did:pkh, and did:web (own tenants locally, others over guarded HTTPS).
        services.AddSingleton(sp => FetchOptions(sp.GetRequiredService<ServerSettings>()));
        services.AddSingleton(sp => new GuardedHttpFetcher(sp.GetRequiredService<GuardedFetchOptions>()));
        services.AddSingleton(sp =>
        {
            var fetch = sp.GetRequiredService<GuardedFetchOptions>();
            var options = new DidWebOptions { AllowLoopback = fetch.AllowLoopback, AllowPrivateNetworks = fetch.AllowPrivateNetworks, AllowHttp = fetch.AllowHttp };
            return new DidWebMethod(options, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<PatientDirectory>();
        services.AddSingleton<PatientDidService>();
        services.AddSingleton<TenantAwareDidWebMethod>();
        services.AddSingleton<IDidResolver>(sp => new DidResolver(
        [
            new DidKeyMethod(),
            new DidJwkMethod(),
            new DidPkhMethod(),
            sp.GetRequiredService<TenantAwareDidWebMethod>(),
        ]));

        // Proofs, schemas, status and the verifier.
        // JSON-LD for the RDF suites: contexts only from the hash-pinned store shipped beside the binary, plus the
        // operator's own pinned directory (IDENTITY_CONTEXTS_DIR); never fetched.
        services.AddSingleton(sp => ContextStore.LoadFrom(
            Path.Combine(AppContext.BaseDirectory, "schemas", "contexts"), sp.GetRequiredService<ServerSettings>().ContextsDirectory));
        services.AddSingleton(sp => new JsonLdProcessor(new ContextStoreDocumentLoader(sp.GetRequiredService<ContextStore>())));
        services.AddSingleton(sp => CryptosuiteRegistry.WithJsonLd(sp.GetRequiredService<JsonLdProcessor>()));
        services.AddSingleton(sp => new DataIntegrityProofService(
            sp.GetRequiredService<IDidResolver>(), sp.GetRequiredService<CryptosuiteRegistry>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(_ => CredentialSchemaRegistry.LoadFrom(Path.Combine(AppContext.BaseDirectory, "schemas", "credentials")));
        // Other issuers' status lists: fetched under a byte cap of their own, cached by weight (StatusListCheckerOptions).
        services.AddSingleton(new StatusListCheckerOptions());
        services.AddSingleton(sp => new HttpStatusListSource(new GuardedHttpFetcher(
            sp.GetRequiredService<GuardedFetchOptions>() with { MaxResponseBytes = sp.GetRequiredService<StatusListCheckerOptions>().MaxCredentialBytes })));
        services.AddSingleton(sp => new BitstringStatusListChecker(
            sp.GetRequiredService<HttpStatusListSource>(), sp.GetRequiredService<DataIntegrityProofService>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<StatusListCheckerOptions>()));
        services.AddSingleton<RoutingStatusChecker>();
        services.AddSingleton(sp => new CredentialVerifier(
            sp.GetRequiredService<DataIntegrityProofService>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<CredentialSchemaRegistry>(),
            sp.GetRequiredService<RoutingStatusChecker>(),
            sp.GetRequiredService<JsonLdProcessor>())
        {
            MaxPresentationCredentials = sp.GetRequiredService<Configuration.ServerSettings>().MaxPresentationCredentials,
            RelatedResources = sp.GetRequiredService<ContextStore>(),
            Challenges = sp.GetRequiredService<IChallengeLedger>(),
        });
        services.AddJoseCredentials();
        services.AddOid4Vci(); // OpenID4VCI 1.0 issuer (docs/oid4vc.md)
        services.AddConsent();
        services.AddMonitoring(); // remote patient monitoring (docs/monitoring.md)
        services.AddHealth();
        services.AddAlerts(); // remote-monitoring alert rules, evaluation and streams (docs/monitoring.md)
        return services;
    }

    // 0700 and 0600 (DataDirectory); each caller may be the first to touch the directory.
    private static void PrepareDataDirectory(IServiceProvider services, ServerSettings settings) =>
        DataDirectory.Prepare(settings.DataDirectory, services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DataDirectory)));

    private static PostgresIdentityStore OpenPostgres(ServerSettings settings)
    {
        try
        {
            return new PostgresIdentityStore(new PostgresStoreOptions
            {
                ConnectionString = settings.PostgresConnectionString!,
                GroupCommitMaxBatch = settings.GroupCommitMaxBatch,
                GroupCommitMaxWait = settings.GroupCommitMaxWait,
            });
        }
        catch (ArgumentException)
        {
            // The string may carry a password, so the message names the setting, not its value.
            throw new SettingsException("IDENTITY_POSTGRES is not a valid Npgsql connection string (keywords such as Host, Port, Database, Username, Password).");
        }
    }

    private static GuardedFetchOptions FetchOptions(ServerSettings settings) => new()
    {
        AllowLoopback = settings.DidWebAllowLoopback,
        AllowHttp = settings.DidWebAllowLoopback,
    };
}
