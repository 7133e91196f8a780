// References: W3C DID Resolution v0.3 §4 and §7 (HTTP(S) binding), https://w3c.github.io/did-resolution/;
//   DIF Universal Resolver, GET /1.0/identifiers/{did}
using System.Text.Json.Nodes;
using Identity.Dids;
using Identity.Primitives;
using Identity.Server.Http;
using Identity.Server.OpenApi;

namespace Identity.Server.Endpoints;

/// <summary>DID resolution for any supported method, in the Universal Resolver's shape.</summary>
internal static class DidEndpoints
{
    private const string ResolutionMediaType = "application/ld+json;profile=\"https://w3id.org/did-resolution\"";

    public static IEndpointRouteBuilder MapDids(this IEndpointRouteBuilder app)
    {
        // Resolves a DID (or dereferences a DID URL with a fragment); errors are non-2xx with the resolution metadata.
        app.MapGet("/1.0/identifiers/{**did}", async (string did, HttpContext context, IDidResolver resolver, CancellationToken ct) =>
        {
            var accept = context.Request.Headers.Accept.ToString();
            var documentOnly = accept.Contains(DidDocumentJson.DidJson, StringComparison.OrdinalIgnoreCase) || accept.Contains(DidDocumentJson.DidLdJson, StringComparison.OrdinalIgnoreCase);
            var hash = did.IndexOf('#', StringComparison.Ordinal);
            var bareDid = hash < 0 ? did : did[..hash];
            var isDidUrl = hash >= 0 || bareDid.IndexOfAny(['/', '?']) >= 0;
            var contentType = accept.Contains(DidDocumentJson.DidJson, StringComparison.OrdinalIgnoreCase) ? DidDocumentJson.DidJson : DidDocumentJson.DidLdJson;
            var resolution = isDidUrl && !DidUrl.TryParse(did, out _)
                ? DidResolutionResult.Failure(ErrorCodes.InvalidDidUrl, "The DID URL is not valid DID URL syntax (DID Core §3.2).")
                : await resolver.ResolveAsync(bareDid, new DidResolutionOptions { Accept = contentType }, ct);
            if (resolution.IsSuccess && bareDid.StartsWith("did:key:", StringComparison.Ordinal))
            {
                var format = DidKeyResolutionOptions.Read(context.Request.Query);
                var formatted = format.IsSuccess ? DidKeyResolutionOptions.Apply(resolution.Document!, format.Value) : format.Error!;
                resolution = formatted.IsSuccess
                    ? DidResolutionResult.Success(formatted.Value, resolution.ContentType ?? contentType, resolution.DocumentMetadata)
                    : DidResolutionResult.Failure(formatted.Error!);
            }

            if (!resolution.IsSuccess)
            {
                var error = resolution.Error!;
                var body = resolution.ToJson();
                if (isDidUrl)
                {
                    body["didDereferencingMetadata"] = body["didResolutionMetadata"]?.DeepClone();
                }

                return Problems.For(error, ResolutionStatus(error.Code), body);
            }

            if (hash >= 0)
            {
                return Dereference(did, resolution.Document!);
            }

            return documentOnly
                ? Results.Text(DidDocumentJson.ToJson(resolution.Document!, contentType).ToJsonString(), contentType)
                : Results.Text(resolution.ToJson().ToJsonString(), ResolutionMediaType);
        })
        .WithTags("DIDs").WithSummary("Resolve a DID (DID Resolution result)")
        .WithDescription("Resolves did:key, did:jwk, did:web and did:pkh in the Universal Resolver's shape; `Accept: application/did+json` (or `did+ld+json`) returns the document alone; a DID URL with a fragment is dereferenced to its verification method.")
        .Produces<Contracts.DidResolutionResult>(200, ResolutionMediaType).ProducesAlso<Contracts.DidDocument>(200, DidDocumentJson.DidLdJson, DidDocumentJson.DidJson)
        .ProducesProblem(400).ProducesProblem(404).ProducesProblem(406).ProducesProblem(501).ProducesProblem(502).ProducesProblem(504);

        return app;
    }

    private static IResult Dereference(string didUrl, DidDocument document)
    {
        var method = document.FindVerificationMethod(didUrl);
        if (!method.IsSuccess)
        {
            var error = method.Error!.Code == ErrorCodes.NotFound ? method.Error : new Error(ErrorCodes.NotFound, method.Error.Detail);
            return Problems.For(error, StatusCodes.Status404NotFound, new JsonObject
            {
                ["didDereferencingMetadata"] = new JsonObject { ["error"] = error.Code, ["errorMessage"] = error.Detail },
            });
        }

        var body = new JsonObject
        {
            ["@context"] = DidContexts.DidResolutionV1,
            ["contentStream"] = DidDocumentJson.ToJson(method.Value),
            ["contentMetadata"] = new JsonObject(),
            ["didDereferencingMetadata"] = new JsonObject { ["contentType"] = DidDocumentJson.DidLdJson },
        };
        return Results.Text(body.ToJsonString(), ResolutionMediaType);
    }

    private static int ResolutionStatus(string code) => code switch
    {
        ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        ErrorCodes.MethodNotSupported => StatusCodes.Status501NotImplemented,
        ErrorCodes.RepresentationNotSupported => StatusCodes.Status406NotAcceptable,
        ErrorCodes.DidDeactivated => StatusCodes.Status410Gone,
        // A remote host that fails or answers badly is the upstream's fault, not the caller's (RFC 9110 §15.6.3): never a 4xx.
        ErrorCodes.FetchFailed or ErrorCodes.ResponseTooLarge or ErrorCodes.InvalidDidDocument => StatusCodes.Status502BadGateway,
        ErrorCodes.FetchTimeout => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status400BadRequest,
    };
}
