using System.Text.Json.Nodes;
using Identity.Credentials.Verification;
using Identity.Primitives;

namespace Identity.Server.Http;

/// <summary>
/// The VC-API verify responses: 200 <c>{verified: true, checks, warnings}</c>, or 422 as a problem document that also
/// carries <c>verified: false</c>, every check, and every error, so a provider sees exactly why.
/// </summary>
internal static class VerificationResponses
{
    public static IResult From(Result<VerificationResult> outcome)
    {
        if (!outcome.IsSuccess)
        {
            return Problems.For(outcome.Error!);
        }

        var result = outcome.Value;
        var json = result.ToJson();
        if (result.Verified)
        {
            json.Remove("errors");
            return new JsonResponse(json, StatusCodes.Status200OK, "application/json");
        }

        // Input that could not be checked within the request's work budget says so first, whatever else failed.
        var first = result.Errors.FirstOrDefault(e => e.Code == ErrorCodes.WorkLimitExceeded) ?? result.Errors[0];
        var failed = string.Join(", ", result.Checks.Where(c => c.Status == CheckStatus.Failed).Select(c => c.Check).Distinct());
        var extensions = new JsonObject
        {
            ["verified"] = false,
            ["checks"] = json["checks"]?.DeepClone(),
            ["warnings"] = json["warnings"]?.DeepClone(),
            ["errors"] = json["errors"]?.DeepClone(),
            ["policy"] = json["policy"]?.DeepClone(),
        };
        return Problems.For(new Error(first.Code, $"Verification failed ({failed}): {first.Detail}"), StatusCodes.Status422UnprocessableEntity, extensions);
    }
}
