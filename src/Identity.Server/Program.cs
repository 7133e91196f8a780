// The Identity service: hospital tenants, did:web, VC-API issue/verify/status, challenges, on SQLite by default.
using Identity.Server;
using Identity.Server.Configuration;
using Identity.Server.Endpoints;
using Identity.Server.Http;
using Identity.Server.Security;

var builder = WebApplication.CreateBuilder(args);

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

// Settings, storage, keys, DID methods, the verifier and the services behind the endpoints.
builder.Services.AddIdentityServer();

// RFC 9457 problems for every failure, request limits and per-client rate limits on the public endpoints.
builder.Services.AddIdentityEdges();

// The OpenAPI document at /openapi/v1.json.
builder.Services.AddOpenApi();

var app = builder.Build();

// A guessable admin key stops the start: one line on stderr, exit code 2, no stack trace.
if (AdminKeyCheck.Refusal(app.Services) is { } refusal)
{
    Console.Error.WriteLine(refusal);
    return 2;
}

// Unexpected exceptions and unmatched routes become problem responses without internals.
app.UseIdentityProblems();
app.UseRouting();
app.UseRateLimiter();

app.MapOpenApi();
app.MapTenants();
app.MapPatients();
app.MapDids();
app.MapCredentials();
app.MapEnrollments();
app.MapService();

app.Run();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
