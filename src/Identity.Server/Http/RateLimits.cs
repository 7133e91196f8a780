using System.Threading.RateLimiting;
using Identity.Primitives;
using Identity.Server.Configuration;

namespace Identity.Server.Http;

/// <summary>Per-client token buckets on the public verify and challenge endpoints; a refusal is a 429 problem.</summary>
internal static class RateLimits
{
    public const string Verify = "verify";

    public static IServiceCollection AddIdentityRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await Problems.WriteAsync(context.HttpContext, new Error(ErrorCodes.RateLimited, "Too many requests from this client; retry after a second."), StatusCodes.Status429TooManyRequests);
            };
            options.AddPolicy(Verify, http =>
            {
                var perSecond = http.RequestServices.GetRequiredService<ServerSettings>().VerifyRateLimitPerSecond;
                var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return perSecond == 0
                    ? RateLimitPartition.GetNoLimiter(client)
                    : RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = perSecond * 2,
                        TokensPerPeriod = perSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    });
            });
        });
}
