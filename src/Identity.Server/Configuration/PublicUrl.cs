using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Identity.Server.Configuration;

/// <summary>
/// The service's public origin: <c>IDENTITY_PUBLIC_URL</c> when set, otherwise the first address Kestrel listens on
/// (wildcard hosts become <c>localhost</c>). Before the server has bound its addresses (the start-up tasks run first),
/// the configured <c>--urls</c> / <c>ASPNETCORE_URLS</c> stand in for them, so nothing caches the built-in default by mistake.
/// </summary>
internal sealed class PublicUrl(ServerSettings settings, IServer server, IConfiguration configuration)
{
    private Uri? _resolved = settings.PublicUrl;

    public Uri Value => _resolved ??= Resolve();

    /// <summary>The did:web host part: the host, plus <c>%3A</c> and the port when it is not the scheme's default.</summary>
    public string Host => Value.Host;

    public int? Port => Value.IsDefaultPort ? null : Value.Port;

    /// <summary>The origin without a trailing slash, e.g. <c>http://localhost:5080</c>.</summary>
    public string Origin => Value.GetLeftPart(UriPartial.Authority);

    /// <summary>The authority used as the default challenge domain, e.g. <c>localhost:5080</c>.</summary>
    public string Authority => Value.Authority;

    private Uri Resolve()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? (configuration["urls"] ?? configuration["ASPNETCORE_URLS"])?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (address is null)
        {
            return new Uri(ServerSettings.DefaultUrl);
        }

        var normalized = address.Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal);
        return Uri.TryCreate(normalized, UriKind.Absolute, out var uri) ? new Uri(uri.GetLeftPart(UriPartial.Authority)) : new Uri(ServerSettings.DefaultUrl);
    }
}
