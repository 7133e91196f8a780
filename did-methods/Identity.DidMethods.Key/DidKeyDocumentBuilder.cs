using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.DidMethods.Key;

/// <summary>The did:key document creation algorithm (signature and encryption verification methods).</summary>
internal static class DidKeyDocumentBuilder
{
    public static Result<DidDocument> Build(Did did, string multibase, PublicKey key)
    {
        var controller = did.Value;
        var method = VerificationMethod.FromMultikey($"{controller}#{multibase}", controller, key);
        var self = VerificationMethodReference.Reference(method.Id);

        if (key.KeyType == KeyType.X25519)
        {
            // An X25519 key can only agree keys; it cannot sign.
            return new DidDocument
            {
                Id = did,
                Context = [DidContexts.DidV1, DidContexts.MultikeyV1],
                VerificationMethod = [method],
                KeyAgreement = [self],
            };
        }

        var methods = new List<VerificationMethod> { method };
        VerificationMethodReference agreement = self;
        if (key.KeyType == KeyType.Ed25519)
        {
            var encryptionKey = X25519Conversion.FromEd25519(key);
            if (!encryptionKey.IsSuccess)
            {
                return encryptionKey.Error;
            }

            var encryptionMultibase = Multikey.EncodePublicKey(encryptionKey.Value);
            var encryptionMethod = VerificationMethod.FromMultikey($"{controller}#{encryptionMultibase}", controller, encryptionKey.Value);
            methods.Add(encryptionMethod);
            agreement = VerificationMethodReference.Reference(encryptionMethod.Id);
        }

        return new DidDocument
        {
            Id = did,
            Context = [DidContexts.DidV1, DidContexts.MultikeyV1],
            VerificationMethod = [.. methods],
            Authentication = [self],
            AssertionMethod = [self],
            CapabilityInvocation = [self],
            CapabilityDelegation = [self],
            KeyAgreement = [agreement],
        };
    }
}
