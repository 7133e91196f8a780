using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Jose;
using Identity.Credentials.Schemas;
using Identity.Credentials.Status;
using Identity.Credentials.Verification;
using Identity.DidMethods.Jwk;
using Identity.DidMethods.Key;
using Identity.DidMethods.Web;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.Cli.Infrastructure;

/// <summary>
/// The CLI's composition of DID methods, proofs, schemas, status lists and the verifier, as the server composes them
/// (src/Identity.Server/ServiceRegistration.cs) but with did:web and status lists fetched over guarded HTTPS only.
/// <c>IDENTITY_DID_WEB_ALLOW_LOOPBACK=1</c> also allows loopback over http, for local setups and the demo.
/// </summary>
internal sealed class LocalVerification : IDisposable
{
    private readonly DidWebMethod _web;
    private readonly GuardedHttpFetcher _fetcher;

    public LocalVerification(CliContext context)
    {
        var loopback = context.Environment("IDENTITY_DID_WEB_ALLOW_LOOPBACK") is "1" or "true";
        _web = new DidWebMethod(new DidWebOptions { AllowLoopback = loopback, AllowHttp = loopback }, context.Time);
        _fetcher = new GuardedHttpFetcher(new GuardedFetchOptions { AllowLoopback = loopback, AllowHttp = loopback });
        Resolver = new DidResolver([new DidKeyMethod(), new DidJwkMethod(), _web]);
        Proofs = new DataIntegrityProofService(Resolver, CryptosuiteRegistry.Default, context.Time);
        var status = new BitstringStatusListChecker(new StatusSource(_fetcher), Proofs, context.Time);
        var schemas = CredentialSchemaRegistry.LoadFrom(Path.Combine(AppContext.BaseDirectory, "schemas", "credentials"));
        Verifier = new CredentialVerifier(Proofs, context.Time, schemas, status);
        var tokenStatus = new TokenStatusListChecker(new TokenSource(_fetcher), Resolver, context.Time);
        Jose = new JoseCredentialVerifier(Resolver, context.Time, schemas, status, tokenStatus);
    }

    public IDidResolver Resolver { get; }

    public DataIntegrityProofService Proofs { get; }

    public CredentialVerifier Verifier { get; }

    /// <summary>The verifier of compact tokens: SD-JWT VC (with or without Key Binding), vc+jwt / vp+jwt and JWT-VC 1.1.</summary>
    public JoseCredentialVerifier Jose { get; }

    public void Dispose()
    {
        _web.Dispose();
        _fetcher.Dispose();
    }

    /// <summary>Retrieves status list credentials through the guarded fetcher; the checker verifies what comes back.</summary>
    private sealed class StatusSource(GuardedHttpFetcher fetcher) : IStatusListCredentialSource
    {
        public async ValueTask<Result<JsonObject>> GetAsync(Uri url, CancellationToken ct)
        {
            var fetched = await fetcher.GetAsync(url, "application/vc+ld+json, application/json", ct).ConfigureAwait(false);
            if (!fetched.IsSuccess)
            {
                return fetched.Error!;
            }

            var json = StrictJson.ParseObject(fetched.Value.Body, $"The response from {url}");
            return json.IsSuccess ? json.Value : new Error(ErrorCodes.InvalidStatusList, json.Error.Detail);
        }
    }

    /// <summary>Retrieves Status List Tokens (statuslist+jwt) through the guarded fetcher; the checker verifies what comes back.</summary>
    private sealed class TokenSource(GuardedHttpFetcher fetcher) : ITokenStatusListSource
    {
        private static readonly System.Text.UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        public async ValueTask<Result<string>> GetAsync(Uri uri, CancellationToken cancellationToken)
        {
            var fetched = await fetcher.GetAsync(uri, StatusListToken.MediaType, cancellationToken).ConfigureAwait(false);
            if (!fetched.IsSuccess)
            {
                return fetched.Error!;
            }

            try
            {
                return s_strictUtf8.GetString(fetched.Value.Body).Trim();
            }
            catch (System.Text.DecoderFallbackException)
            {
                return new Error(ErrorCodes.InvalidStatusList, $"{uri} did not return UTF-8 text.");
            }
        }
    }
}
