using Identity.Server.Configuration;
using Identity.Storage;

namespace Identity.Server.Challenges;

/// <summary>
/// Deletes single-use state once it can no longer be used, so the tables stay the size of the live state, not of all
/// traffic since install: challenges, nonces, offers and DPoP <c>jti</c>s an hour after they expired (an expired value is
/// refused whether or not its row is still there), and OpenID4VP presentation requests a day after they expired (the
/// verifier may still poll a finished request's result). Runs every <c>IDENTITY_SWEEP_SECONDS</c> (default 300; 0: never).
/// </summary>
/// <remarks><threadsafety>One sweep at a time; every replica sweeps, and a delete of rows already deleted deletes none.</threadsafety></remarks>
internal sealed partial class ExpiredStateSweeper(
    IIdentityStore store, ServerSettings settings, TimeProvider time, ILogger<ExpiredStateSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan ChallengeRetention = TimeSpan.FromHours(1);
    public static readonly TimeSpan PresentationRequestRetention = TimeSpan.FromDays(1);

    /// <summary>One sweep as of <paramref name="now"/>: the challenge rows and presentation requests deleted.</summary>
    public async Task<(int Challenges, int PresentationRequests)> SweepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        int challenges = await store.DeleteExpiredChallengesAsync(now - ChallengeRetention, cancellationToken).ConfigureAwait(false);
        int requests = await store.DeleteExpiredPresentationRequestsAsync(now - PresentationRequestRetention, cancellationToken).ConfigureAwait(false);
        return (challenges, requests);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.SweepInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.SweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    var (challenges, requests) = await SweepAsync(time.GetUtcNow(), stoppingToken).ConfigureAwait(false);
                    LogSwept(logger, challenges, requests);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The store is unavailable for now; the next tick tries again. The type only: no data reaches the log.
                    LogFailed(logger, e.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping (or never started): nothing to sweep, nothing to report.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Swept {Challenges} expired challenge rows and {Requests} expired presentation requests")]
    private static partial void LogSwept(ILogger logger, int challenges, int requests);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping expired single-use state failed ({Error}); retrying at the next interval")]
    private static partial void LogFailed(ILogger logger, string error);
}
