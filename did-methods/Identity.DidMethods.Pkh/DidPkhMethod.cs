// References: did:pkh Method Specification (W3C-CCG, draft 2022), https://github.com/w3c-ccg/did-pkh/blob/main/did-pkh-method-draft.md ;
//   CAIP-2 (chain ids) and CAIP-10 (account ids), https://github.com/ChainAgnostic/CAIPs ; EIP-55 checksummed addresses,
//   https://eips.ethereum.org/EIPS/eip-55 ; Ecdsa Secp256k1 Recovery Signature 2020, https://w3c-ccg.github.io/security-vocab/#EcdsaSecp256k1RecoveryMethod2020
using System.Text.RegularExpressions;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.DidMethods.Pkh;

/// <summary>
/// did:pkh for Ethereum accounts, <c>did:pkh:eip155:&lt;chain id&gt;:&lt;address&gt;</c>. The document has one
/// <c>EcdsaSecp256k1RecoveryMethod2020</c> method <c>#blockchainAccountId</c> whose <c>blockchainAccountId</c> is the
/// CAIP-10 account; it carries no key, so signatures are checked by recovering the signer's address
/// (<see cref="DidPkhSignatures"/>). Addresses may be all lowercase, all uppercase, or EIP-55 mixed case; mixed case
/// with a wrong checksum is refused, as EIP-55 intends.
/// </summary>
/// <remarks><threadsafety>Stateless; safe to use from any thread.</threadsafety></remarks>
public sealed partial class DidPkhMethod : IDidMethod
{
    public const string MethodName = "pkh";
    public const string Namespace = "eip155";
    public const string FragmentName = "blockchainAccountId";
    public const string RecoveryContext = "https://w3id.org/security/suites/secp256k1recovery-2020/v2";

    public string Name => MethodName;

    /// <summary>The did:pkh of the Ethereum account of a secp256k1 key on chain <paramref name="chainId"/> (1 = mainnet).</summary>
    /// <exception cref="ArgumentException">The key is not secp256k1, or the chain id is not 1-32 digits.</exception>
    public static Did CreateDid(PublicKey key, string chainId = "1")
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeyType != KeyType.Secp256k1)
        {
            throw new ArgumentException("did:pkh eip155 accounts are secp256k1 keys.", nameof(key));
        }

        if (!ChainId().IsMatch(chainId))
        {
            throw new ArgumentException("An eip155 chain id is 1 to 32 decimal digits.", nameof(chainId));
        }

        return Did.Parse($"did:pkh:{Namespace}:{chainId}:{EthereumAddress.FromPublicKey(key)}").Value;
    }

    public ValueTask<DidResolutionResult> ResolveAsync(Did did, DidResolutionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var document = Expand(did);
        return ValueTask.FromResult(document.IsSuccess
            ? DidResolutionResult.Success(document.Value, options.Accept ?? DidDocumentJson.DidLdJson)
            : DidResolutionResult.Failure(document.Error));
    }

    /// <summary>Builds the DID document for a did:pkh (no I/O).</summary>
    public static Result<DidDocument> Expand(Did did)
    {
        if (!string.Equals(did.Method, MethodName, StringComparison.Ordinal))
        {
            return new Error(ErrorCodes.MethodNotSupported, $"'{did}' is not a did:pkh.");
        }

        var account = ParseAccount(did.MethodSpecificId);
        if (!account.IsSuccess)
        {
            return account.Error;
        }

        var id = did.Value;
        var method = new VerificationMethod
        {
            Id = $"{id}#{FragmentName}",
            Type = VerificationMethodTypes.EcdsaSecp256k1RecoveryMethod2020,
            Controller = id,
            BlockchainAccountId = account.Value,
        };
        var self = VerificationMethodReference.Reference(method.Id);
        return new DidDocument
        {
            Id = did,
            Context = [DidContexts.DidV1, RecoveryContext],
            VerificationMethod = [method],
            AssertionMethod = [self],
            Authentication = [self],
        };
    }

    /// <summary>Validates an eip155 CAIP-10 account id (<c>eip155:1:0x…</c>) and returns it unchanged.</summary>
    /// <returns>The account id, or <c>invalidDid</c>.</returns>
    public static Result<string> ParseAccount(string accountId)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        string[] parts = accountId.Split(':');
        if (parts.Length != 3 || parts[0] != Namespace)
        {
            return new Error(ErrorCodes.InvalidDid, $"A did:pkh account is {Namespace}:<chain id>:<address>; other CAIP-2 namespaces are not supported.");
        }

        if (!ChainId().IsMatch(parts[1]))
        {
            return new Error(ErrorCodes.InvalidDid, "An eip155 chain id is 1 to 32 decimal digits.");
        }

        string address = parts[2];
        if (!EthereumAddress.IsWellFormed(address))
        {
            return new Error(ErrorCodes.InvalidDid, "An Ethereum address is 0x followed by 40 hexadecimal digits.");
        }

        string digits = address[2..];
        bool singleCase = digits == digits.ToLowerInvariant() || digits == digits.ToUpperInvariant();
        if (!singleCase && !EthereumAddress.IsValidChecksum(address))
        {
            return new Error(ErrorCodes.InvalidDid, $"The address {address} is mixed case but not its EIP-55 checksum ({EthereumAddress.ToChecksumCase(address)}).");
        }

        return accountId;
    }

    [GeneratedRegex("^[0-9]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChainId();
}
