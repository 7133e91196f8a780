using Identity.Cryptography;
using Identity.Server.Configuration;
using Identity.Server.Security;
using Identity.Server.Tenants;
using Identity.Storage;
using Identity.Storage.Sqlite;

namespace Identity.Server;

/// <summary>
/// Runs before the server accepts requests: loads libsodium (shipped in the NSec package), creates the data directory and secrets, migrates the
/// store, loads or creates the transparency log key (<c>log.key</c>), and creates the <c>default</c> tenant on first start (its API key goes to <c>default-tenant.key</c>, mode 0600).
/// </summary>
internal sealed class Bootstrap(
    ServerSettings settings, IIdentityStore store, KeyWrapper wrapper, TenantKeyStore keyStore, AdminKey adminKey, TenantService tenants,
    TransparencyLog.LogKey logKey, ILogger<Bootstrap> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("libsodium {Version} (from the NSec.Cryptography package).", NativeCrypto.LibsodiumVersion);
        GC.KeepAlive(wrapper);
        GC.KeepAlive(keyStore);
        GC.KeepAlive(adminKey);
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation(
            "Storage {Storage}; data directory {DataDirectory}; schema version {Version}.",
            settings.Storage, settings.DataDirectory, await store.GetSchemaVersionAsync(cancellationToken).ConfigureAwait(false));
        if (store is SqliteIdentityStore)
        {
            logger.LogInformation("SQLite {SqliteVersion} (the library bundled with Microsoft.Data.Sqlite).", SqliteIdentityStore.SqliteVersion);
        }
        if (settings.Storage == StorageKind.Postgres && settings.MasterKey is null)
        {
            logger.LogWarning("IDENTITY_STORAGE=postgres with the master key from a local file: every replica needs the same IDENTITY_MASTER_KEY.");
        }
        if (settings.AdminKey is null)
        {
            logger.LogInformation("Admin key file: {Path}", Path.Combine(settings.DataDirectory, "admin.key"));
        }

        if (keyStore.Current is Pkcs11KeyStore token)
        {
            logger.LogInformation("Tenant keys: new keys are created in the PKCS#11 token '{Token}' and never leave it.", token.TokenLabel);
        }

        await CheckMasterKeyAsync(cancellationToken).ConfigureAwait(false);

        // The log key is made (or unwrapped) now, so a wrong master key or a damaged log.key stops the start.
        logger.LogInformation("Transparency log {Origin}; verifier key {VerifierKey} (GET /log/key).", logKey.Origin, logKey.VerifierKey);
        if (await store.GetTenantAsync(TenantIds.Default, cancellationToken).ConfigureAwait(false) is null)
        {
            var created = await tenants.CreateAsync(TenantIds.Default, "Default tenant", KeyType.Ed25519, cancellationToken).ConfigureAwait(false);
            if (created.IsSuccess)
            {
                var path = Path.Combine(settings.DataDirectory, "default-tenant.key");
                if (!File.Exists(path))
                {
                    SecretFiles.WritePrivate(path, created.Value.ApiKey + "\n");
                }

                logger.LogInformation("Created the default tenant ({Did}); its API key is in {Path}.", created.Value.DidKey, path);
            }
            else if (created.Error!.Code != Identity.Primitives.ErrorCodes.TenantExists)
            {
                throw new InvalidOperationException($"Could not create the default tenant: {created.Error.Code}.");
            }
        }

        if (settings.DevMode)
        {
            logger.LogWarning("""
                ************************************************************************
                LOCAL (DEV) MODE: IDENTITY_DEV_MODE=1
                POST /credentials/issue accepts requests WITHOUT an API key, and did:web
                may resolve loopback addresses. Never run this mode in production.
                ************************************************************************
                """);
        }
    }

    // A wrong master key, or a token without the default tenant's key, would make every signing fail later; refuse to
    // start instead, saying which setting is wrong.
    private async Task CheckMasterKeyAsync(CancellationToken cancellationToken)
    {
        var keys = await store.GetTenantKeysAsync(TenantIds.Default, cancellationToken).ConfigureAwait(false);
        if (keys.Count == 0)
        {
            return;
        }

        var holder = keyStore.StoreOf(keys[0].WrappedPrivateKey);
        try
        {
            keyStore.Load(keys[0]).Dispose();
        }
        catch (System.Security.Cryptography.CryptographicException e) when (holder is not WrappedKeyStore)
        {
            throw new SettingsException($"The default tenant's key {keys[0].KeyId} cannot be used: {e.Message} Set IDENTITY_KEY_STORE=pkcs11 with the token it was created in.");
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            throw new SettingsException(
                $"IDENTITY_MASTER_KEY (or {Path.Combine(settings.DataDirectory, "master.key")}) is not the key this {(settings.Storage == StorageKind.Postgres ? "database" : "data directory")} was created with: the stored tenant keys do not unwrap.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
