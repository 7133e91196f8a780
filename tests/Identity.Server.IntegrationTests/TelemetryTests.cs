using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using Identity.Server.Telemetry;
using Identity.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// The service's counters (issued, verifications by outcome, status changes, biometric matches), read through a
/// <see cref="MeterListener"/> on this test's own server, and the OTLP exporter: off unless configured, and when
/// configured, sending traces and metrics to the collector.
/// </summary>
[TestClass]
public sealed class TelemetryTests
{
    [TestMethod]
    public async Task Counters_IssueVerifyRevokeVerifyAndBadRequest_CountedByOutcome()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        using var client = factory.CreateClient();
        using var counts = Listen(factory);
        var tenant = await client.CreateTenantAsync("st-marys");

        // Act
        var credential = await client.IssueAsync(tenant);
        (await client.VerifyAsync(credential)).AssertStatus(HttpStatusCode.OK);
        (await client.SetStatusAsync(tenant, credential, "revocation", true)).AssertStatus(HttpStatusCode.OK);
        (await client.VerifyAsync(credential)).AssertStatus(HttpStatusCode.UnprocessableEntity);
        (await client.PostJsonAsync("/presentations/verify", new JsonObject { ["verifiablePresentation"] = "not an object" })).AssertStatus(HttpStatusCode.BadRequest);

        // Assert
        Assert.AreEqual(1, counts.Sum("identity.credentials.issued", "identity.tenant=st-marys"));
        Assert.AreEqual(1, counts.Sum("identity.verifications", "identity.kind=credential", "identity.outcome=verified"));
        Assert.AreEqual(1, counts.Sum("identity.verifications", "identity.kind=credential", "identity.outcome=failed", "identity.code=credentialRevoked"));
        Assert.AreEqual(1, counts.Sum("identity.verifications", "identity.kind=presentation", "identity.outcome=rejected", "identity.code=invalidRequest"));
        Assert.AreEqual(1, counts.Sum("identity.status.changes", "identity.tenant=st-marys", "identity.status_purpose=revocation", "identity.status=True"));
        Assert.AreEqual(0, counts.Sum("identity.biometric.matches"));
    }

    [TestMethod]
    public async Task Counters_BiometricGenuineAndImpostor_CountedAsPassedAndFailed()
    {
        // Arrange
        await using var factory = new IdentityServerFactory(Biometrics.FastArgon2);
        using var client = factory.CreateClient();
        using var counts = Listen(factory);
        var tenant = await client.CreateTenantAsync("st-marys");
        using var patient = new Scenario.Patient();
        var iris = Biometrics.RandomIris(new Random(7));
        var binding = (await Biometrics.EnrollAsync(client, tenant, patient, Biometrics.IrisCapture(iris)))
            .AssertStatus(HttpStatusCode.Created).Body!["verifiableCredential"]!.AsObject();

        // Act: the same eye with a little noise, then another person's.
        await Biometrics.VerifyWithCaptureAsync(client, patient, binding, Biometrics.IrisCapture(Biometrics.Noisy(iris, new Random(8), 40)));
        await Biometrics.VerifyWithCaptureAsync(client, patient, binding, Biometrics.IrisCapture(Biometrics.RandomIris(new Random(9))));

        // Assert
        Assert.AreEqual(1, counts.Sum("identity.biometric.matches", "identity.outcome=passed"));
        Assert.AreEqual(1, counts.Sum("identity.biometric.matches", "identity.outcome=failed", "identity.code=biometricMismatch"));
        Assert.AreEqual(2, counts.Sum("identity.verifications", "identity.kind=presentation"));
    }

    [TestMethod]
    public async Task Otlp_EndpointConfigured_ReceivesTracesAndMetrics()
    {
        // Arrange: a collector on loopback that accepts anything.
        var paths = new ConcurrentBag<string>();
        await using var collector = new LoopbackHttpServer(path =>
        {
            paths.Add(path);
            return (200, "{}");
        });
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            [TelemetrySetup.EndpointSetting] = $"http://127.0.0.1:{collector.Port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };

        // Act
        (await client.GetAsync(new Uri("/health", UriKind.Relative))).Dispose();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !(paths.Contains("/v1/traces") && paths.Contains("/v1/metrics")))
        {
            await Task.Delay(200);
        }

        // Assert
        CollectionAssert.Contains(paths.ToList(), "/v1/traces", server.Output);
        CollectionAssert.Contains(paths.ToList(), "/v1/metrics", server.Output);
    }

    [TestMethod]
    public async Task Otlp_ByDefault_IsOff()
    {
        await using var factory = new IdentityServerFactory();
        using var client = factory.CreateClient();

        Assert.IsNull(factory.Services.GetService<OpenTelemetry.Trace.TracerProvider>());
        Assert.IsNull(factory.Services.GetService<OpenTelemetry.Metrics.MeterProvider>());
    }

    private static Counts Listen(IdentityServerFactory factory) => new(factory.Services.GetRequiredService<IMeterFactory>());

    /// <summary>Sums of the Identity.Server counters of one server (its own meter factory), by tag set.</summary>
    private sealed class Counts : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Name, long Value, string[] Tags)> _measurements = new();

        public Counts(IMeterFactory meters)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == IdentityMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
                _measurements.Enqueue((instrument.Name, value, tags.ToArray().Select(t => $"{t.Key}={t.Value}").ToArray())));
            _listener.Start();
        }

        public long Sum(string name, params string[] tags) =>
            _measurements.Where(m => m.Name == name && tags.All(m.Tags.Contains)).Sum(m => m.Value);

        public void Dispose() => _listener.Dispose();
    }
}
