// References: W3C Verifiable Credentials Data Model v2.0 (2025), §4.11 Data Schemas ; W3C VC JSON Schema v1.0, https://www.w3.org/TR/vc-json-schema/
using Identity.Credentials.Schemas;
using Identity.Primitives;

namespace Identity.Credentials.Verification.Steps;

/// <summary>Validates the credential against each schema named in <c>credentialSchema</c>, from the local registry only.</summary>
internal sealed class ValidateCredentialSchema(CredentialSchemaRegistry? registry) : IVerificationStep
{
    public ValueTask ExecuteAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        var credential = context.Credential;
        if (credential is null || credential.CredentialSchemas.IsEmpty)
        {
            context.Skipped(CheckNames.CredentialSchema, "The credential names no credentialSchema.");
            return ValueTask.CompletedTask;
        }

        if (registry is null)
        {
            context.Skipped(CheckNames.CredentialSchema, "No schema registry is configured for this verifier.");
            return ValueTask.CompletedTask;
        }

        var json = context.Document;
        foreach (var schema in credential.CredentialSchemas)
        {
            var errors = registry.Validate(json, schema);
            if (errors.Count == 0)
            {
                context.Passed(CheckNames.CredentialSchema, schema["id"]?.ToString());
            }
            else
            {
                context.Failed(CheckNames.CredentialSchema, new Error(errors[0].Code, string.Join(" ", errors.Select(e => e.Detail))));
            }
        }

        return ValueTask.CompletedTask;
    }
}
