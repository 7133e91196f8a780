// The Identity service: hospital tenants, did:web, VC-API issue/verify/status, challenges, on SQLite by default.
using Identity.Server;
using Identity.Server.Configuration;
using Identity.Server.WebConsole;
using Identity.Server.Endpoints;
using Identity.Server.Http;
using Identity.Server.OpenApi;
using Identity.Server.Security;
using Identity.Server.Telemetry;

// appsettings.json is read from beside the binary, whatever the working directory; ./data is relative to the working
// directory (the repository root for `dotnet run --project src/Identity.Server`).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

// A bad setting stops the start: one line on stderr, exit code 2, no stack trace.
if (StartupFailures.Describe(() => ServerSettings.From(builder.Configuration)) is { } badSetting)
{
    Console.Error.WriteLine($"identity: {badSetting}");
    return StartupFailures.ExitCode;
}

// Listen on http://localhost:5080 unless --urls, ASPNETCORE_URLS or Kestrel settings say otherwise.
builder.WebHost.UseDefaultUrlUnlessConfigured(builder.Configuration);

// https:// addresses use IDENTITY_TLS_CERT, or in local mode a self-signed certificate made at start.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
{
    if (kestrel.ApplicationServices.GetRequiredService<TlsCertificates>().Certificate is { } certificate)
    {
        https.ServerCertificate = certificate;
    }
}));

// Console logs as text or JSON (IDENTITY_LOG_FORMAT); start failures an operator can fix are printed once, as one line.
builder.AddIdentityLogging();

// Our counters (issued, verifications by outcome, status changes, biometric matches); OpenTelemetry traces and
// metrics over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.
builder.AddIdentityTelemetry();

// Settings, storage, keys, DID methods, the verifier and the services behind the endpoints.
builder.Services.AddIdentityServer();

// RFC 9457 problems for every failure, request limits and per-client rate limits on the public endpoints.
builder.Services.AddIdentityEdges();

// The OpenAPI document at /openapi/v1.json (typed contracts, bearer schemes, problem responses).
builder.Services.AddIdentityOpenApi();

// The web console at /console (server-rendered pages, sessions sealed with Data Protection).
builder.Services.AddIdentityConsole();

var app = builder.Build();

// A guessable admin key stops the start: one line on stderr, exit code 2, no stack trace.
if (AdminKeyCheck.Refusal(app.Services) is { } refusal)
{
    Console.Error.WriteLine(refusal);
    return StartupFailures.ExitCode;
}

// Unexpected exceptions and unmatched routes become problem responses without internals.
app.UseIdentityProblems();
app.UseRouting();
app.UseRateLimiter();

// /openapi/v1.json, the API reference at /docs, and the error pages problem types link to at /errors/{code}.
app.MapIdentityApiReference();
app.MapErrorPages();
app.MapTenants();
app.MapPatients();
app.MapPrivacy();
app.MapDids();
app.MapCredentials();
app.MapOid4Vci(); // OpenID4VCI 1.0: metadata, offers, token, nonce, credential (docs/oid4vc.md)
app.MapEnrollments();
app.MapService();
app.MapLog();
app.MapOid4Vp();
app.MapConsents();
app.MapMonitoring(); // device bindings, signed readings, consented reads (docs/monitoring.md)

// SMART Health Cards (issue, the tenants' JWKS and CRLs, verify) and SMART Health Links (docs/health.md).
app.MapHealthCards();
app.MapHealthLinks();

// Remote-monitoring alerts: per-patient rules, the list, and live server-sent events (docs/monitoring.md).
app.MapAlerts();

app.MapIdentityConsole();

// A busy address, a wrong master key or an unreadable secret file: one line and exit code 2.
return StartupFailures.Run(app.Run);

/// <summary>The entry point, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
