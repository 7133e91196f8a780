using System.Net;
using System.Threading.RateLimiting;
using Identity.Primitives;
using Identity.Server.Configuration;

namespace Identity.Server.Http;

/// <summary>Per-client token buckets on the public verify and challenge endpoints; a refusal is a 429 problem.</summary>
internal static class RateLimits
{
    public const string Verify = "verify";

    public static IServiceCollection AddIdentityRateLimits(this IServiceCollection services) =>
        services.AddSingleton<VerifyPartitions>().AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await Problems.WriteAsync(context.HttpContext, new Error(ErrorCodes.RateLimited, "Too many requests from this client; retry after a second."), StatusCodes.Status429TooManyRequests);
            };
            options.AddPolicy(Verify, http => http.RequestServices.GetRequiredService<VerifyPartitions>().For(http));
        });

    /// <summary>
    /// The verify policy's partitions, one token bucket per client address (the address itself is the key, so finding
    /// the partition allocates nothing); with the limit off, one shared partition without a limiter.
    /// </summary>
    internal sealed class VerifyPartitions
    {
        // Stands for a connection without a remote address (in-process test hosts): all such callers share one bucket.
        private static readonly IPAddress s_unknown = IPAddress.IPv6None;

        private readonly int _perSecond;
        private readonly Func<IPAddress, RateLimiter> _bucket;

        public VerifyPartitions(ServerSettings settings)
        {
            _perSecond = settings.VerifyRateLimitPerSecond;
            var options = new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(_perSecond * 2, 1),
                TokensPerPeriod = Math.Max(_perSecond, 1),
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            };
            _bucket = _ => new TokenBucketRateLimiter(options);
        }

        public RateLimitPartition<IPAddress> For(HttpContext http) => _perSecond == 0
            ? RateLimitPartition.GetNoLimiter(s_unknown)
            : new RateLimitPartition<IPAddress>(http.Connection.RemoteIpAddress ?? s_unknown, _bucket);
    }
}
