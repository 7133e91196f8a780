using Identity.Primitives;
using Identity.Server.Configuration;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Identity.Server.Http;

/// <summary>The HTTP edge: body limits in Kestrel, rate limits, and problem responses for everything that fails.</summary>
internal static class EdgeRegistration
{
    public static IServiceCollection AddIdentityEdges(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddOptions<KestrelServerOptions>().Configure<IConfiguration>((kestrel, configuration) =>
        {
            kestrel.Limits.MaxRequestBodySize = ServerSettings.From(configuration).MaxRequestBytes;
            kestrel.AddServerHeader = false;
        });
        services.AddIdentityRateLimits();
        return services;
    }

    public static WebApplication UseIdentityProblems(this WebApplication app)
    {
        // Nothing is stored by a cache unless its endpoint says so: keys, credentials, audit entries and problems are
        // personal or secret, and a cached 404 (a log tile not yet grown) would outlive the truth. The public, cacheable
        // resources (DID documents, status lists, log tiles and checkpoint) set their own Cache-Control.
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                if (headers.CacheControl.Count == 0)
                {
                    headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            }, context.Response);
            return next(context);
        });

        // Unexpected exceptions: a 500 problem with no exception text (it may hold anything); the log has the details.
        // Client errors that surface as exceptions (a body over Kestrel's limit, a malformed request, a client that went
        // away) are answered without logging a stack trace: they are the client's doing and would let anyone flood the log.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = async context =>
            {
                if (context.RequestAborted.IsCancellationRequested)
                {
                    context.Response.StatusCode = 499; // The client went away: nobody to answer, nothing to log.
                    return;
                }

                var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                (int status, Error error) = ClientError(exception, context) ?? (StatusCodes.Status500InternalServerError,
                    new Error(ErrorCodes.InternalError, "An unexpected error occurred; it has been logged."));
                try
                {
                    await Problems.WriteAsync(context, error, status);
                }
                catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
                {
                    // The client went away while its answer was written (Kestrel may flag the abort only after the read
                    // that failed): the same as above, nothing to log.
                }
            },
            SuppressDiagnosticsCallback = diagnostics => ClientError(diagnostics.Exception, diagnostics.HttpContext) is not null,
        });

        // Unmatched routes and methods: problem responses too.
        app.UseStatusCodePages(async pages =>
        {
            var context = pages.HttpContext;
            var error = context.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => new Error(ErrorCodes.NotFound, $"There is no resource at {context.Request.Path}."),
                StatusCodes.Status405MethodNotAllowed => new Error(ErrorCodes.MethodNotAllowed, $"{context.Request.Method} is not allowed on {context.Request.Path}."),
                StatusCodes.Status415UnsupportedMediaType => new Error(ErrorCodes.UnsupportedMediaType, "Send the body as application/json."),
                _ => new Error(ErrorCodes.InvalidRequest, "The request was refused."),
            };
            await Problems.WriteAsync(context, error, context.Response.StatusCode);
        });
        return app;
    }

    /// <summary>The status and problem for an exception the client caused, or null for a fault of the service.</summary>
    private static (int Status, Error Error)? ClientError(Exception? exception, HttpContext context) => exception switch
    {
        Microsoft.AspNetCore.Http.BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (StatusCodes.Status413PayloadTooLarge, new Error(ErrorCodes.PayloadTooLarge, "The request body is too large.")),
        Microsoft.AspNetCore.Http.BadHttpRequestException bad => (bad.StatusCode, new Error(ErrorCodes.InvalidRequest, "The request could not be read.")),
        OperationCanceledException or IOException when context.RequestAborted.IsCancellationRequested =>
            (499, new Error(ErrorCodes.InvalidRequest, "The client closed the request.")),
        _ => null,
    };
}
